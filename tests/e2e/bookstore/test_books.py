"""``/book`` on every backend, in both variants."""

from __future__ import annotations

import asyncio
import time

import httpx

from .helpers import SEEDED_BOOKS, new_book


async def test_info_names_variant_and_database(client: httpx.AsyncClient, variant: str) -> None:
    info = (await client.get("/")).json()
    assert info["variant"] == variant
    assert info["database"] in ("sqlite", "postgresql", "mysql")
    assert info["name"] == "Book Store Management Application"


async def test_list_is_seeded_and_paginated(client: httpx.AsyncClient) -> None:
    first = (await client.get("/book")).json()
    assert first["total"] == SEEDED_BOOKS
    assert first["items"][0]["book_name"] == "The Alchemist"
    assert [b["id"] for b in first["items"]] == sorted(b["id"] for b in first["items"])

    page = (await client.get("/book", params={"limit": 2, "offset": 1})).json()
    assert (page["limit"], page["offset"], page["total"]) == (2, 1, SEEDED_BOOKS)
    assert [b["id"] for b in page["items"]] == [b["id"] for b in first["items"][1:3]]

    assert (await client.get("/book", params={"limit": 0})).status_code == 422
    assert (await client.get("/book", params={"offset": -1})).status_code == 422


async def test_create_then_get(client: httpx.AsyncClient) -> None:
    body = new_book(author_id=2)
    created = await client.post("/book", json=body)
    assert created.status_code == 201
    book = created.json()
    assert book == {**body, "id": book["id"]}

    fetched = await client.get(f"/book/{book['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == book
    assert (await client.get("/book")).json()["total"] == SEEDED_BOOKS + 1


async def test_missing_book_is_404(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/book/9999"),
        await client.put("/book/9999", json=new_book()),
        await client.patch("/book/9999", json={"price": 1}),
        await client.delete("/book/9999"),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Book 9999 not found."}


async def test_duplicate_name_is_409_and_saves_nothing(client: httpx.AsyncClient) -> None:
    duplicate = await client.post("/book", json=new_book(book_name="Dune"))
    assert duplicate.status_code == 409
    assert duplicate.json() == {"detail": "A book named 'Dune' already exists."}

    other = (await client.post("/book", json=new_book())).json()
    renamed = await client.patch(f"/book/{other['id']}", json={"book_name": "Dune"})
    assert renamed.status_code == 409
    replaced = await client.put(f"/book/{other['id']}", json=new_book(book_name="Brida"))
    assert replaced.status_code == 409
    assert (await client.get(f"/book/{other['id']}")).json() == other
    assert (await client.get("/book")).json()["total"] == SEEDED_BOOKS + 1


async def test_unknown_author_is_422_with_a_clear_message(client: httpx.AsyncClient) -> None:
    message = {"detail": "Author 77 does not exist; create the author first (POST /author)."}
    created = await client.post("/book", json=new_book(author_id=77))
    assert (created.status_code, created.json()) == (422, message)
    patched = await client.patch("/book/1", json={"author_id": 77})
    assert (patched.status_code, patched.json()) == (422, message)
    replaced = await client.put("/book/1", json=new_book(author_id=77))
    assert (replaced.status_code, replaced.json()) == (422, message)
    assert (await client.get("/book/1")).json()["author_id"] == 1


async def test_bad_bodies_are_422(client: httpx.AsyncClient) -> None:
    missing = await client.post("/book", json={"book_name": "Half a book"})
    assert missing.status_code == 422
    missing_fields = {error["loc"][-1] for error in missing.json()["detail"]}
    assert missing_fields == {
        "author_id",
        "price",
        "description",
        "year_of_publication",
        "genre",
        "language",
        "pages",
    }
    wrong = await client.post("/book", json=new_book(price="cheap", pages=0))
    assert wrong.status_code == 422
    assert {e["loc"][-1] for e in wrong.json()["detail"]} == {"price", "pages"}
    assert (await client.post("/book", json=new_book(book_name=""))).status_code == 422
    assert (await client.put("/book/1", json={"price": 5})).status_code == 422
    null = await client.patch("/book/1", json={"price": None})
    assert null.status_code == 422
    assert "price cannot be null" in null.json()["detail"][0]["msg"]
    assert (await client.get("/book/not-a-number")).status_code == 422


async def test_put_replaces_every_field(client: httpx.AsyncClient) -> None:
    book = (await client.post("/book", json=new_book())).json()
    replacement = new_book(author_id=3, price=999, genre="Poetry")
    replaced = await client.put(f"/book/{book['id']}", json=replacement)
    assert replaced.status_code == 200
    assert replaced.json() == {**replacement, "id": book["id"]}
    assert (await client.get(f"/book/{book['id']}")).json() == replaced.json()


async def test_patch_changes_only_the_fields_sent(client: httpx.AsyncClient) -> None:
    book = (await client.post("/book", json=new_book())).json()
    patched = await client.patch(f"/book/{book['id']}", json={"price": 5, "author_id": 2})
    assert patched.status_code == 200
    assert patched.json() == {**book, "price": 5, "author_id": 2}
    unchanged = await client.patch(f"/book/{book['id']}", json={})
    assert unchanged.json() == patched.json()
    assert (await client.get(f"/book/{book['id']}")).json() == patched.json()


async def test_delete(client: httpx.AsyncClient) -> None:
    book = (await client.post("/book", json=new_book())).json()
    deleted = await client.delete(f"/book/{book['id']}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert (await client.get(f"/book/{book['id']}")).status_code == 404
    assert (await client.get("/book")).json()["total"] == SEEDED_BOOKS


async def test_extensive_query_holds_the_connection(client: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    answer = await client.get("/book/extensive_query", params={"seconds": 0.2})
    assert answer.status_code == 200
    assert answer.json() == {"message": "Extensive query executed successfully", "seconds": 0.2}
    assert time.perf_counter() - started >= 0.19

    default = await client.get("/book/extensive_query")
    assert default.json()["seconds"] == 0.01  # the settings' value
    assert (await client.get("/book/extensive_query", params={"seconds": -1})).status_code == 422


async def test_concurrent_writes_all_succeed(client: httpx.AsyncClient) -> None:
    # Writes go first (no read-then-write transaction), so even SQLite takes them all.
    bodies = [new_book() for _ in range(12)]
    created = await asyncio.gather(*(client.post("/book", json=body) for body in bodies))
    assert [r.status_code for r in created] == [201] * 12
    ids = [r.json()["id"] for r in created]
    patched = await asyncio.gather(*(client.patch(f"/book/{i}", json={"price": 1}) for i in ids))
    assert [r.status_code for r in patched] == [200] * 12
    deleted = await asyncio.gather(*(client.delete(f"/book/{i}") for i in ids))
    assert [r.status_code for r in deleted] == [204] * 12
