"""``/author`` on every backend, in both variants."""

from __future__ import annotations

import httpx

from .helpers import SEEDED_AUTHORS, new_book


async def test_list_get_and_books_of_an_author(client: httpx.AsyncClient) -> None:
    authors = (await client.get("/author")).json()
    assert authors["total"] == SEEDED_AUTHORS
    assert authors["items"][0] == {"id": 1, "name": "Paulo Coelho"}
    page = (await client.get("/author", params={"limit": 1, "offset": 2})).json()
    assert [a["name"] for a in page["items"]] == ["Ursula K. Le Guin"]

    assert (await client.get("/author/2")).json() == {"id": 2, "name": "Frank Herbert"}
    books = (await client.get("/author/3/books")).json()
    assert books["total"] == 2
    assert {b["book_name"] for b in books["items"]} == {
        "The Left Hand of Darkness",
        "A Wizard of Earthsea",
    }
    assert all(b["author_id"] == 3 for b in books["items"])
    one = (await client.get("/author/3/books", params={"limit": 1, "offset": 1})).json()
    assert one["items"] == books["items"][1:]


async def test_create_update_and_delete(client: httpx.AsyncClient) -> None:
    created = await client.post("/author", json={"name": "Italo Calvino"})
    assert created.status_code == 201
    author = created.json()
    assert author == {"id": author["id"], "name": "Italo Calvino"}
    assert (await client.get(f"/author/{author['id']}/books")).json()["total"] == 0

    put = await client.put(f"/author/{author['id']}", json={"name": "I. Calvino"})
    assert put.json() == {"id": author["id"], "name": "I. Calvino"}
    patch = await client.patch(f"/author/{author['id']}", json={"name": "Calvino"})
    assert patch.json() == {"id": author["id"], "name": "Calvino"}
    assert (await client.patch(f"/author/{author['id']}", json={})).json() == patch.json()

    deleted = await client.delete(f"/author/{author['id']}")
    assert deleted.status_code == 204
    assert (await client.get(f"/author/{author['id']}")).status_code == 404


async def test_missing_author_is_404(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/author/404"),
        await client.get("/author/404/books"),
        await client.put("/author/404", json={"name": "Nobody"}),
        await client.patch("/author/404", json={"name": "Nobody"}),
        await client.delete("/author/404"),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "Author 404 not found."}


async def test_duplicate_name_is_409(client: httpx.AsyncClient) -> None:
    duplicate = await client.post("/author", json={"name": "Frank Herbert"})
    assert duplicate.status_code == 409
    assert duplicate.json() == {"detail": "An author named 'Frank Herbert' already exists."}
    renamed = await client.patch("/author/1", json={"name": "Frank Herbert"})
    assert renamed.status_code == 409
    assert (await client.put("/author/1", json={"name": "Frank Herbert"})).status_code == 409
    assert (await client.get("/author/1")).json()["name"] == "Paulo Coelho"
    assert (await client.get("/author")).json()["total"] == SEEDED_AUTHORS


async def test_an_author_with_books_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    refused = await client.delete("/author/3")
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Author 3 still has 2 book(s); delete or reassign them first."
    }
    for book in (await client.get("/author/3/books")).json()["items"]:
        assert (await client.delete(f"/book/{book['id']}")).status_code == 204
    assert (await client.delete("/author/3")).status_code == 204
    created = await client.post("/book", json=new_book(author_id=3))
    assert created.status_code == 422


async def test_bad_bodies_are_422(client: httpx.AsyncClient) -> None:
    assert (await client.post("/author", json={})).status_code == 422
    assert (await client.post("/author", json={"name": ""})).status_code == 422
    assert (await client.put("/author/1", json={})).status_code == 422
    null = await client.patch("/author/1", json={"name": None})
    assert null.status_code == 422
    assert "name cannot be null" in null.json()["detail"][0]["msg"]
    assert (await client.get("/author", params={"limit": 101})).status_code == 422
