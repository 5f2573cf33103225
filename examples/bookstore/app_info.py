"""``GET /``: which book store is running, shared by both variants."""

from __future__ import annotations

from typing import Annotated, Any

from nest.__about__ import __version__
from nest.di import Inject, Injectable
from nest.http import Controller, Get
from nest.orm import BaseOrmProvider

from .database import CONNECTION
from .models import AppInfo

__all__ = ["AppController", "AppService"]


@Injectable
class AppService:
    """Describes the running application."""

    def __init__(
        self, provider: Annotated[BaseOrmProvider[Any, Any, Any], Inject(CONNECTION)]
    ) -> None:
        self.info = AppInfo(
            name="Book Store Management Application",
            version=__version__,
            variant="async" if provider.is_async else "sync",
            database=provider.dialect_name,
        )


@Controller("/", tag="app")
class AppController:
    """The application's own endpoint."""

    def __init__(self, service: AppService) -> None:
        self.service = service

    @Get("/")
    async def get_app_info(self) -> AppInfo:
        """Name, version, variant (async or sync) and database kind."""
        return self.service.info
