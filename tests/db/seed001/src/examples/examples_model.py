from pydantic import BaseModel


class Examples(BaseModel):
    name: str
