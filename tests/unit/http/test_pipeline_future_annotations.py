"""Wrapped handlers in modules with ``from __future__ import annotations`` keep their types."""

from __future__ import annotations

from typing import Any

from fastapi import Depends
from pydantic import BaseModel

from nest.core import (
    Controller,
    ExecutionContext,
    Get,
    Injectable,
    Module,
    NestInterceptor,
    Param,
    ParseIntPipe,
    PyNestFactory,
    UseInterceptors,
)
from nest.pipeline import CallHandler
from nest.testing import create_test_client


class Item(BaseModel):
    id: int
    name: str


@Injectable
class ItemService:
    def get(self, item_id: int) -> Item:
        return Item(id=item_id, name=f"item {item_id}")


class PassThrough(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        return await call_next()


@Controller("wrapped")
@UseInterceptors(PassThrough)
class WrappedController:
    def __init__(self, service: ItemService) -> None:
        self.service = service

    @Get("/{item_id}")
    def get_item(self, item_id: int = Param("item_id", ParseIntPipe), limit: int = 5) -> Item:
        return self.service.get(item_id)


def item_of(item_id: int, service: ItemService = Depends(ItemService)) -> Item:
    return service.get(item_id)


@Controller("nested")
class NestedController:
    @Get("/{item_id}")
    def get_item(self, item: Item = Depends(item_of)) -> Item:
        return item


@Controller("legacy")
class LegacyController:
    service: ItemService = Depends(ItemService)

    @Get("/{item_id}")
    def get_item(self, item_id: int) -> Item:
        return self.service.get(item_id)


@Module(
    controllers=[WrappedController, LegacyController, NestedController], providers=[ItemService]
)
class FutureModule:
    pass


async def test_string_annotations_are_resolved_in_the_handlers_module() -> None:
    app = PyNestFactory.create(FutureModule)
    async with create_test_client(app) as client:
        assert (await client.get("/wrapped/3?limit=2")).json() == {"id": 3, "name": "item 3"}
        assert (await client.get("/wrapped/3?limit=x")).status_code == 422
        assert (await client.get("/legacy/4")).json() == {"id": 4, "name": "item 4"}
        assert (await client.get("/nested/5")).json() == {"id": 5, "name": "item 5"}
    schema = app.get_server().openapi()
    for path in ("/wrapped/{item_id}", "/legacy/{item_id}"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["$ref"].endswith("/Item")
