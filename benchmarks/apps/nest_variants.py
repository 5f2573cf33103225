"""The nest application written in each of the ways a handler can reach its service.

Every variant serves the same routes, in the same order, as the FastAPI application, so a
per-request profile of one variant differs from another's only by what nest itself does:

* ``constructor``: the service injected into the controller's ``__init__`` (``nest_app``);
* ``inject_param``: a handler parameter ``service: Annotated[ItemService, Inject()]``;
* ``depends_param``: a handler parameter ``service: ItemService = Depends(ItemService)``;
* ``legacy_attribute``: PyNest's class attribute ``service: ItemService = Depends(ItemService)``;
* ``request_scope_unused``: ``constructor`` plus a REQUEST-scoped provider no route uses;
* ``request_scoped_param``: ``constructor`` plus a REQUEST-scoped object injected into each
  handler (built anew for every request, as a FastAPI class dependency would be);
* ``pipeline_elsewhere``: ``constructor`` plus, in the same application, a controller using a
  global-free guard, interceptor and pipe on its own routes (the measured routes have none);
* ``guard_and_interceptor``: the measured controller itself has a guard and an interceptor
  (what the request pipeline costs where it is used).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, FastAPI

from benchmarks.apps.common import Item, ItemIn
from benchmarks.apps.nest_app import AppController, ItemController, ItemService
from nest.di import Inject, Injectable, Module, Scope
from nest.http import Controller, Get, NotFoundException, Param, Post, PyNestFactory
from nest.pipeline import (
    CallHandler,
    ExecutionContext,
    ParseIntPipe,
    UseGuards,
    UseInterceptors,
)

__all__ = ["STYLES", "RequestInfo"]


@Injectable(scope=Scope.REQUEST)
class RequestInfo:
    """A small per-request object."""

    def __init__(self) -> None:
        self.tags: list[str] = []


@Controller("items")
class InjectParamController:
    @Get("/{item_id}")
    async def get_item(self, item_id: int, service: Annotated[ItemService, Inject()]) -> Item:
        item = service.get(item_id)
        if item is None:
            raise NotFoundException(f"Item {item_id} not found")
        return item

    @Post()
    async def create_item(self, data: ItemIn, service: Annotated[ItemService, Inject()]) -> Item:
        return service.put(data)


@Controller("items")
class DependsParamController:
    @Get("/{item_id}")
    async def get_item(self, item_id: int, service: ItemService = Depends(ItemService)) -> Item:
        item = service.get(item_id)
        if item is None:
            raise NotFoundException(f"Item {item_id} not found")
        return item

    @Post()
    async def create_item(self, data: ItemIn, service: ItemService = Depends(ItemService)) -> Item:
        return service.put(data)


@Controller("items")
class LegacyAttributeController:
    service: ItemService = Depends(ItemService)

    @Get("/{item_id}")
    async def get_item(self, item_id: int) -> Item:
        item = self.service.get(item_id)
        if item is None:
            raise NotFoundException(f"Item {item_id} not found")
        return item

    @Post()
    async def create_item(self, data: ItemIn) -> Item:
        return self.service.put(data)


@Controller("items")
class RequestScopedParamController:
    def __init__(self, service: ItemService) -> None:
        self.service = service

    @Get("/{item_id}")
    async def get_item(self, item_id: int, info: Annotated[RequestInfo, Inject()]) -> Item:
        item = self.service.get(item_id)
        if item is None:
            raise NotFoundException(f"Item {item_id} not found")
        return item

    @Post()
    async def create_item(self, data: ItemIn, info: Annotated[RequestInfo, Inject()]) -> Item:
        return self.service.put(data)


class AllowGuard:
    def can_activate(self, context: ExecutionContext) -> bool:
        return True


class PassInterceptor:
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> object:
        return await call_next()


@Controller("admin")
@UseGuards(AllowGuard)
@UseInterceptors(PassInterceptor)
class EnhancedElsewhereController:
    @Get("/{n}")
    async def echo(self, n: int = Param("n", ParseIntPipe)) -> int:
        return n


@Controller("items")
@UseGuards(AllowGuard)
@UseInterceptors(PassInterceptor)
class GuardedItemController(ItemController):
    pass


def _app(
    controller: type,
    *,
    extra_providers: tuple[type, ...] = (),
    extra_controllers: tuple[type, ...] = (),
) -> Callable[[], FastAPI]:
    def create_app() -> FastAPI:
        @Module(
            controllers=[AppController, controller, *extra_controllers],
            providers=[ItemService, *extra_providers],
        )
        class VariantModule:
            pass

        return PyNestFactory.create(VariantModule).get_server()

    return create_app


STYLES: dict[str, Callable[[], FastAPI]] = {
    "constructor": _app(ItemController),
    "inject_param": _app(InjectParamController),
    "depends_param": _app(DependsParamController),
    "legacy_attribute": _app(LegacyAttributeController),
    "request_scope_unused": _app(ItemController, extra_providers=(RequestInfo,)),
    "request_scoped_param": _app(RequestScopedParamController, extra_providers=(RequestInfo,)),
    "pipeline_elsewhere": _app(ItemController, extra_controllers=(EnhancedElsewhereController,)),
    "guard_and_interceptor": _app(GuardedItemController),
}
"""Factories of the variants, by name."""
