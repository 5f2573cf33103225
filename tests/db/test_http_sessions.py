"""Per-request sessions and commit modes through the HTTP application."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from nest.testing import create_test_client

from .apps import build_app
from .models import Library


async def count(lib: Library) -> int:
    async with lib.orm.get_session() as session:
        return int((await session.execute(select(func.count()).select_from(lib.Author))).scalar())


async def test_autocommit_commits_a_2xx_response(library: Library) -> None:
    app = build_app(library, commit_mode="autocommit")
    async with create_test_client(app) as client:
        created = await client.post("/authors/", json={"name": "Ann"})
        queued = await client.post("/authors/unflushed", json={"name": "Bob"})
        assert created.status_code == 201, created.text
        assert queued.status_code == 201, queued.text
        fetched = await client.get(f"/authors/{created.json()['id']}")
        assert fetched.json() == created.json()
    assert await count(library) == 2


@pytest.mark.parametrize("route", ["then-fail", "then-crash", "then-400", "then-redirect"])
async def test_autocommit_rolls_back_anything_else(library: Library, route: str) -> None:
    app = build_app(library, commit_mode="autocommit")
    async with create_test_client(app) as client:
        response = await client.post(f"/authors/{route}", json={"name": "Gone"})
    assert response.status_code in {400, 500, 303}
    assert "Traceback" not in response.text
    assert await count(library) == 0
    assert library.orm.pool.checkedout() == 0


async def test_autocommit_include_redirect_commits_a_3xx(library: Library) -> None:
    app = build_app(library, commit_mode="autocommit_include_redirect")
    async with create_test_client(app) as client:
        response = await client.post("/authors/then-redirect", json={"name": "Moved"})
        failed = await client.post("/authors/then-fail", json={"name": "Gone"})
    assert (response.status_code, failed.status_code) == (303, 400)
    assert await count(library) == 1


async def test_manual_mode_commits_nothing_by_itself(library: Library) -> None:
    app = build_app(library, commit_mode="manual")
    async with create_test_client(app) as client:
        response = await client.post("/authors/", json={"name": "Uncommitted"})
    assert response.status_code == 201
    assert await count(library) == 0


async def test_requests_never_share_a_session(library: Library) -> None:
    app = build_app(library, commit_mode="autocommit")
    async with create_test_client(app) as client:
        ok = await client.post("/authors/", json={"name": "Kept"})
        failed = await client.post("/authors/then-fail", json={"name": "Dropped"})
        listed = await client.get("/authors/")
    assert (ok.status_code, failed.status_code) == (201, 400)
    assert [a["name"] for a in listed.json()["items"]] == ["Kept"]


async def test_pagination_over_http(library: Library) -> None:
    app = build_app(library, commit_mode="autocommit")
    async with create_test_client(app) as client:
        for i in range(7):
            assert (await client.post("/authors/", json={"name": f"a{i}"})).status_code == 201
        page = (await client.get("/authors/", params={"limit": 3, "offset": 3})).json()
        missing = await client.get("/authors/999999")
    assert page["total"] == 7
    assert [a["name"] for a in page["items"]] == ["a3", "a4", "a5"]
    assert (page["limit"], page["offset"]) == (3, 3)
    assert missing.status_code == 404


async def test_concurrent_requests_each_have_their_own_session(library: Library) -> None:
    app = build_app(library, commit_mode="autocommit")
    async with create_test_client(app) as client:
        responses = await asyncio.gather(*(client.get("/authors/session-id") for _ in range(8)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["id"] for r in responses}) == 8
    assert library.orm.pool.checkedout() == 0
