"""The smallest useful nest app: a service injected into a controller."""

from typing import Annotated

from pydantic import BaseModel

from nest.di import Inject, Injectable, Module
from nest.http import Controller, Get, NotFoundException, Post, PyNestFactory


class Greeting(BaseModel):
    name: str


@Injectable
class GreetingService:
    def __init__(self, salutation: Annotated[str, Inject("SALUTATION")]) -> None:
        self.salutation = salutation
        self.names: list[str] = []

    def greet(self, name: str) -> dict[str, str]:
        return {"message": f"{self.salutation}, {name}!"}


@Controller("greetings")
class GreetingController:
    def __init__(self, service: GreetingService) -> None:
        self.service = service

    @Get("/")
    def list_names(self) -> list[str]:
        return self.service.names

    @Post("/")
    def add(self, greeting: Greeting) -> dict[str, str]:
        self.service.names.append(greeting.name)
        return self.service.greet(greeting.name)

    @Get("/{index}")
    def get(self, index: int) -> dict[str, str]:
        if not 0 <= index < len(self.service.names):
            raise NotFoundException(f"No greeting number {index}")
        return self.service.greet(self.service.names[index])


@Module(
    controllers=[GreetingController],
    providers=[GreetingService, {"provide": "SALUTATION", "use_value": "Hello"}],
)
class AppModule:
    pass


app = PyNestFactory.create(AppModule, title="nest hello", version="0.1.0")
server = app.get_server()
