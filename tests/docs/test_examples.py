"""Every code sample in docs/ is one of these files; each is imported and exercised here."""

import pytest

from docs.examples.modules import Cache
from nest.di import ApplicationContext, Container, ProviderNotExportedError
from nest.testing import Test, create_test_client


async def test_first_module() -> None:
    from docs.examples.first_module import app

    async with create_test_client(app) as client:
        assert (await client.post("/cats", json={"name": "Tom", "age": 3})).status_code == 201
        assert (await client.get("/cats/")).json() == [{"name": "Tom", "age": 3}]
        assert (await client.get("/cats/5")).json() == {"detail": "Cat 5 not found"}


def test_modules() -> None:
    from docs.examples import modules

    module = Test.create_testing_module(imports=[modules.AppModule]).compile()
    assert module.get(modules.ReportService).report() == "rows at 12:00"
    # Cache stays private to DatabaseModule, even through CoreModule's re-export.
    with pytest.raises(
        ProviderNotExportedError, match="add Cache to DatabaseModule's exports"
    ) as caught:
        Test.create_testing_module(imports=[modules.CoreModule], providers=[NeedsCache]).compile()
    assert "and add DatabaseModule" not in str(caught.value)  # it is reachable through CoreModule


class NeedsCache:
    def __init__(self, cache: "Cache") -> None:
        self.cache = cache


async def test_dynamic_modules() -> None:
    from docs.examples import dynamic_modules as dm

    assert (
        Test.create_testing_module(imports=[dm.ShopModule])
        .compile()
        .get(dm.ConfigService)
        .get("currency")
        == "EUR"
    )
    module = Test.create_testing_module(imports=[dm.AsyncShopModule]).compile()
    async with module:
        assert module.get(dm.ConfigService).get("currency") == "USD"


def test_providers() -> None:
    from docs.examples import providers as p

    module = Test.create_testing_module(imports=[p.NotificationsModule]).compile()
    notifier = module.get(p.Notifier)
    assert notifier.mailer.send("ada") == "console -> ada"
    assert (notifier.url, notifier.timeout, notifier.metrics) == ("https://api.example", 2.5, None)
    assert module.get("MAILER") is module.get(p.Mailer)


async def test_scopes() -> None:
    from docs.examples.scopes import AppModule

    app = Test.create_testing_module(imports=[AppModule]).compile().create_nest_application()
    async with create_test_client(app) as client:
        first = (await client.get("/scopes")).json()
        second = (await client.get("/scopes")).json()
    assert first["audit_sees_same"] and first["transients_differ"]
    assert second["request_id"] != first["request_id"]


def test_forward_refs() -> None:
    from docs.examples import forward_refs as f

    container = Container.create(f.OrdersModule)
    container.instantiate_sync()
    assert container.get(f.InvoicesService).invoice() == "invoice for 42"
    assert container.get(f.OrdersService).invoices is container.get(f.InvoicesService)


async def test_lifecycle() -> None:
    from docs.examples.lifecycle import main

    assert await main() >= 1


async def test_testing_example() -> None:
    from docs.examples.testing_example import test_cats_with_a_fake_service

    await test_cats_with_a_fake_service()


async def test_controllers() -> None:
    from docs.examples.controllers import app

    async with create_test_client(app) as client:
        created = await client.post("/api/books", json={"title": "Dune", "pages": 412})
        assert created.status_code == 201 and created.json() == {"id": 1, "title": "Dune"}
        assert (
            await client.post("/api/books", json={"title": "Dune", "pages": 1})
        ).status_code == 409
        assert (await client.get("/api/books", params={"limit": 0})).status_code == 422
        got = await client.get("/api/books/1", headers={"x-api-version": "2"})
        assert got.json() == {"title": "Dune", "path": "/api/books/1", "api": "2"}
        assert (await client.patch("/api/books/1", json={"pages": 500})).json() == {
            "title": "Dune",
            "pages": 500,
        }
        assert (await client.delete("/api/books/1")).status_code == 204
        assert (await client.get("/api/books/1")).status_code == 404
        tags = (await client.get("/openapi.json")).json()["paths"]["/api/books"]["get"]["tags"]
        assert tags == ["library"]


async def test_pynest_style() -> None:
    from docs.examples.pynest_style import app

    async with create_test_client(app) as client:
        assert (await client.get("/book")).json() == ["The Alchemist"]


def test_application_context_type() -> None:
    from docs.examples.lifecycle import WorkerModule
    from nest.http import PyNestFactory

    assert isinstance(PyNestFactory.create_application_context(WorkerModule), ApplicationContext)


def test_database_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
    sys.modules.pop("docs.examples.database_providers", None)
    example = importlib.import_module("docs.examples.database_providers")
    assert example.by_parts.engine.url.password == "p@ss:w/rd#1"
    assert example.by_parts.engine.url.drivername == "postgresql+asyncpg"
    assert example.by_url.engine.url.host == "127.0.0.1"
    assert example.from_environment.engine.url.drivername == "sqlite+aiosqlite"


async def test_pipeline() -> None:
    from docs.examples import pipeline as p

    async with create_test_client(p.app) as client:
        listed = await client.get("/books?limit=1")
        assert listed.json() == ["Dune"]
        assert float(listed.headers["x-elapsed-ms"]) >= 0
        assert listed.headers["x-request-id"] == "generated"
        assert (await client.get("/books")).json() == ["Dune", "Emma"]
        bad = await client.get("/books/two")
        assert bad.status_code == 400
        assert "path parameter 'id'" in bad.json()["detail"]
        missing = await client.get("/books/9")
        assert missing.json() == {
            "statusCode": 404,
            "path": "/books/9",
            "message": "Book 9 not found",
        }
        assert (
            await client.get("/books/admin/stats", headers={"x-token": "t-bob"})
        ).status_code == 403
        stats = await client.get("/books/admin/stats", headers={"x-token": "t-ada"})
        assert stats.json() == {"books": 2, "asked_by": "ada"}
    assert p.app.get(p.ErrorCounter).count == 1
