"""Applications for the module-integration tests (real annotations: no future import)."""

from typing import Annotated, Any

from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from nest.di import Inject, Injectable, Lazy, Module, Scope
from nest.http import Controller, Get, NestApplication, Post, PyNestFactory
from nest.orm import (
    AsyncOrmProvider,
    InjectRepository,
    OrmModule,
    Propagation,
    Repository,
    Transactional,
)

from .models import Library


class Swallowed(Exception):
    """Raised by a handler and answered 200 by an exception handler."""


def build_two_database_app(main: Library, reports: Library) -> NestApplication:
    """``default`` in autocommit mode, ``reports`` in manual mode, configured by factory."""

    @Module(
        providers=[{"provide": "REPORTS_PROVIDER", "use_value": reports.orm}],
        exports=["REPORTS_PROVIDER"],
    )
    class SettingsModule:
        pass

    async def reports_connection(provider: AsyncOrmProvider) -> AsyncOrmProvider:
        return provider

    @Injectable
    class Service:
        def __init__(
            self,
            authors: Annotated[Repository[Any], InjectRepository(main.Author)],
            report_authors: Annotated[
                Repository[Any], InjectRepository(reports.Author, connection="reports")
            ],
            session: Lazy[AsyncSession],
            orm: AsyncOrmProvider,
        ) -> None:
            self.authors = authors
            self.report_authors = report_authors
            self.session = session
            self.orm = orm

        async def write_both(self, name: str) -> None:
            await self.authors.add(main.Author(name=name))
            await self.report_authors.add(reports.Author(name=name))

        @Transactional(Propagation.REQUIRES_NEW)
        async def audit(self, name: str) -> None:
            await self.authors.add(main.Author(name=f"audit-{name}"))

        @Transactional
        async def committed_by_transaction(self, name: str) -> None:
            await self.authors.add(main.Author(name=name))

    @Controller("x")
    class XController:
        def __init__(self, service: Service) -> None:
            self.service = service

        @Post("/both/{name}")
        async def both(self, name: str) -> dict[str, bool]:
            await self.service.write_both(name)
            return {"ok": True}

        @Post("/audit-then-fail/{name}")
        async def audit_then_fail(self, name: str) -> None:
            # The independent write first: SQLite lets one transaction write at a time.
            await self.service.audit(name)
            await self.service.authors.add(main.Author(name=name))
            raise Swallowed

        @Get("/same-session")
        async def same_session(self) -> dict[str, bool]:
            injected = await self.service.session.get()
            return {
                "lazy": injected is self.service.orm.current_session(),
                "count": (
                    await injected.execute(select(func.count()).select_from(main.Author))
                ).scalar()
                >= 0,
            }

    @Module(
        imports=[
            SettingsModule,
            OrmModule.for_root(main.orm, commit_mode="autocommit"),
            OrmModule.for_root_async(
                use_factory=reports_connection,
                inject=["REPORTS_PROVIDER"],
                imports=[SettingsModule],
                name="reports",
                commit_mode="manual",
            ),
            OrmModule.for_feature([main.Author]),
            OrmModule.for_feature([reports.Author], connection="reports"),
        ],
        controllers=[XController],
        providers=[Service],
    )
    class AppModule:
        pass

    app = PyNestFactory.create(AppModule)

    async def swallow(request: Any, exc: Exception) -> JSONResponse:
        return JSONResponse({"swallowed": True}, status_code=200)

    app.get_server().add_exception_handler(Swallowed, swallow)
    return app


def build_script_context(lib: Library) -> Any:
    """A module for a worker: a service with @Transactional and no HTTP."""

    @Injectable
    class Importer:
        def __init__(
            self, authors: Annotated[Repository[Any], Inject(InjectRepository(lib.Author).token)]
        ) -> None:
            self.authors = authors

        @Transactional
        async def import_names(self, *names: str, fail: bool = False) -> None:
            for name in names:
                await self.authors.add(lib.Author(name=name))
            if fail:
                raise ValueError("bad batch")

    @Module(
        imports=[OrmModule.for_root(lib.orm), OrmModule.for_feature([lib.Author])],
        providers=[Importer],
    )
    class WorkerModule:
        pass

    return WorkerModule, Importer


def build_unreachable_module(lib: Library) -> Any:
    """A root module configured for a server that does not exist (tests override it)."""

    @Controller("o")
    class OverrideController:
        def __init__(
            self, authors: Annotated[Repository[Any], InjectRepository(lib.Author)]
        ) -> None:
            self.authors = authors

        @Post("/{name}")
        async def create(self, name: str) -> dict[str, str]:
            await self.authors.add(lib.Author(name=name))
            return {"name": name}

    @Module(
        imports=[
            OrmModule.for_root(
                url="postgresql+asyncpg://u@127.0.0.1:1/none", commit_mode="autocommit"
            ),
            OrmModule.for_feature([lib.Author]),
        ],
        controllers=[OverrideController],
    )
    class ProductionModule:
        pass

    return ProductionModule


def build_session_injection_modules(lib: Library) -> tuple[Any, Any, Any]:
    """A REQUEST-scoped reader taking ``AsyncSession``, and a singleton that wrongly does."""

    @Injectable(scope=Scope.REQUEST)
    class Reader:
        def __init__(self, session: AsyncSession) -> None:
            self.session = session

    @Module(imports=[OrmModule.for_root(lib.orm)], providers=[Reader])
    class ReaderModule:
        pass

    @Injectable
    class EagerSingleton:
        def __init__(self, session: AsyncSession) -> None:
            self.session = session

    @Module(imports=[OrmModule.for_root(lib.orm)], providers=[EagerSingleton])
    class EagerModule:
        pass

    return Reader, ReaderModule, EagerModule
