"""Getting started: one module with a service and a controller."""

from pydantic import BaseModel

from nest.core import Controller, Get, Injectable, Module, Post, PyNestFactory
from nest.http import NotFoundException


class Cat(BaseModel):
    name: str
    age: int


@Injectable
class CatsService:
    def __init__(self) -> None:
        self.cats: list[Cat] = []

    def add(self, cat: Cat) -> Cat:
        self.cats.append(cat)
        return cat

    def get(self, index: int) -> Cat:
        if not 0 <= index < len(self.cats):
            raise NotFoundException(f"Cat {index} not found")
        return self.cats[index]


@Controller("cats")
class CatsController:
    def __init__(self, service: CatsService) -> None:
        self.service = service

    @Get("/")
    def list_cats(self) -> list[Cat]:
        return self.service.cats

    @Get("/{index}")
    def get_cat(self, index: int) -> Cat:
        return self.service.get(index)

    @Post("/")  # answers 201 Created
    def add_cat(self, cat: Cat) -> Cat:
        return self.service.add(cat)


@Module(controllers=[CatsController], providers=[CatsService])
class AppModule:
    pass


app = PyNestFactory.create(AppModule, title="Cats", version="1.0.0")
http_server = app.get_server()  # uvicorn first_module:http_server
