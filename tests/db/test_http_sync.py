"""The blocking OrmProvider behind ``def`` handlers: the same request sessions and commit modes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from nest.orm import OrmProvider
from nest.testing import create_test_client

from .apps_sync import build_pynest_sync_app, build_sync_app
from .conftest import Backend
from .models import define_library


@pytest.fixture
def sync_library(backend: Backend) -> Iterator[tuple[OrmProvider, Any]]:
    orm = backend.sync_provider()
    lib = define_library(orm, backend.prefix)  # type: ignore[arg-type]
    orm.create_all()
    yield orm, lib.Author
    orm.drop_all()
    orm.dispose()


def stored(orm: OrmProvider, author: Any) -> set[str]:
    with orm.get_session() as session:
        return set(session.execute(select(author.name)).scalars())


async def test_sync_autocommit(sync_library: tuple[OrmProvider, Any]) -> None:
    orm, author = sync_library
    app = build_sync_app(orm, author, commit_mode="autocommit")
    async with create_test_client(app) as client:
        ok = await client.post("/sync/kept")
        refused = await client.post("/sync/dropped", params={"status": 422})
        listed = await client.get("/sync/")
    assert (ok.status_code, refused.status_code) == (201, 422)
    assert listed.json() == ["kept"]
    assert stored(orm, author) == {"kept"}
    assert orm.pool.checkedout() == 0


async def test_sync_manual(sync_library: tuple[OrmProvider, Any]) -> None:
    orm, author = sync_library
    app = build_sync_app(orm, author, commit_mode="manual")
    async with create_test_client(app) as client:
        assert (await client.post("/sync/uncommitted")).status_code == 201
    assert stored(orm, author) == set()


async def test_pynest_sync_service_style(sync_library: tuple[OrmProvider, Any]) -> None:
    orm, author = sync_library
    app, service = build_pynest_sync_app(orm, author)
    try:
        async with create_test_client(app) as client:
            first = await client.post("/pynest/ada")
            duplicate = await client.post("/pynest/ada")  # the kept session is rolled back...
            second = await client.post("/pynest/bob")  # ...so it serves the next request
            listed = await client.get("/pynest/")
    finally:
        app.get(service).session.close()  # the style keeps a transaction open: end it
    assert (first.status_code, duplicate.status_code, second.status_code) == (201, 409, 201)
    assert duplicate.json() == {"detail": "The request conflicts with existing data."}
    assert listed.json() == ["ada", "bob"]
    assert stored(orm, author) == {"ada", "bob"}
