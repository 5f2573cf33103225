"""The same endpoints as nest code: an ``@Injectable`` service injected into a controller.

Run it with ``uvicorn benchmarks.apps.nest_app:app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from benchmarks.apps.common import HELLO, Item, ItemIn, ItemStore
from nest.di import Injectable, Module
from nest.http import Controller, Get, NotFoundException, Post, PyNestFactory

__all__ = ["AppController", "AppModule", "ItemController", "ItemService", "app", "create_app"]


@Injectable
class ItemService(ItemStore):
    """The catalogue as a singleton provider."""


@Controller()
class AppController:
    """Routes at the root."""

    @Get("/hello")
    async def hello(self) -> dict[str, str]:
        return HELLO


@Controller("items")
class ItemController:
    """Routes under ``/items``, served by the injected :class:`ItemService`."""

    def __init__(self, service: ItemService) -> None:
        self.service = service

    @Get("/{item_id}")
    async def get_item(self, item_id: int) -> Item:
        item = self.service.get(item_id)
        if item is None:
            raise NotFoundException(f"Item {item_id} not found")
        return item

    @Post()
    async def create_item(self, data: ItemIn) -> Item:
        return self.service.put(data)


@Module(controllers=[AppController, ItemController], providers=[ItemService])
class AppModule:
    """The root module."""


def create_app() -> FastAPI:
    """A new nest application with the benchmark's endpoints; returns its FastAPI server."""
    return PyNestFactory.create(AppModule, title="bench-nest").get_server()


app = create_app()
