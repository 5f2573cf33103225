"""The sample of docs/database.md, served and used from a script."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from nest.http import PyNestFactory
from nest.testing import create_test_client


async def test_database_page_example() -> None:
    from docs.examples import database as d

    async with create_test_client(d.app) as client:
        created = await client.post("/books/", json={"title": "Dune"})
        assert created.status_code == 201
        assert (await client.post("/books/", json={"title": "Dune"})).status_code == 409
        page = (await client.get("/books/", params={"limit": 1})).json()
        assert page == {"items": [created.json()], "total": 1, "limit": 1, "offset": 0}
        assert (await client.get("/books/999")).status_code == 404

    # The in-memory database closed with the application; the script starts on a new one.
    async with PyNestFactory.create_application_context(d.AppModule) as context:
        service = context.get(d.BookService)
        assert await service.import_titles(["Emma", "Kim"]) == 2
        with pytest.raises(IntegrityError):
            await service.import_titles(["Ulysses", "Emma"])  # Emma exists: all rolled back
        assert await service.books.count() == 2
