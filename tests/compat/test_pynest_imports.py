"""Code written for PyNest (the seeds' imports and call shapes) runs unchanged."""

from typing import Any

import pytest

from nest.testing import create_test_client


def test_seed_import_paths() -> None:
    from nest.core import (  # noqa: F401
        Controller,
        Delete,
        Depends,
        Get,
        HttpCode,
        Injectable,
        Module,
        Patch,
        Post,
        Put,
        PyNestFactory,
    )
    from nest.core.decorators import Controller as C2
    from nest.core.decorators import Get as G2
    from nest.core.decorators import Module as M2

    assert C2 is Controller and G2 is Get and M2 is Module


async def test_seed_001_app_module_shape() -> None:
    from nest.core import Controller, Get, Injectable, Module, PyNestFactory

    @Injectable
    class AppService:
        def __init__(self) -> None:
            self.app_name = "AsyncOrmApp"
            self.app_version = "1.0.0"

        async def get_app_info(self) -> dict[str, str]:
            return {"app_name": self.app_name, "app_version": self.app_version}

    @Controller("/")
    class AppController:
        def __init__(self, service: AppService) -> None:
            self.service = service

        @Get("/")
        async def get_app_info(self) -> Any:
            return await self.service.get_app_info()

    @Module(imports=[], controllers=[AppController], providers=[AppService])
    class AppModule:
        pass

    app = PyNestFactory.create(
        AppModule,
        description="This is my FastAPI app drive by Async ORM Engine",
        title="My App",
        version="1.0.0",
        debug=True,
    )
    http_server = app.get_server()
    started: list[bool] = []

    with pytest.warns(DeprecationWarning):

        @http_server.on_event("startup")
        async def startup() -> None:
            started.append(True)

    async with create_test_client(app) as client:
        response = await client.get("/")
    assert response.json() == {"app_name": "AsyncOrmApp", "app_version": "1.0.0"}
    assert started == [True]
    assert http_server.title == "My App"
