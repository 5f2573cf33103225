"""Repository[M] and Page[T] on real databases."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from nest.http import NotFoundException
from nest.orm import InvalidFilterError, Page, Repository, SyncRepository

from .conftest import Backend
from .models import Library, define_library


@pytest.fixture
def books(library: Library) -> Repository:  # type: ignore[type-arg]
    return Repository(library.Book, library.orm)


async def test_add_get_update_delete(library: Library, books: Repository) -> None:  # type: ignore[type-arg]
    book = await books.add(library.Book(title="Dune", pages=412))
    assert book.id is not None
    assert (await books.get(book.id)).title == "Dune"
    updated = await books.update(book.id, pages=500)
    assert updated.pages == 500
    assert (await books.get_or_404(book.id)).pages == 500
    await books.delete(book.id)
    assert await books.get(book.id) is None
    with pytest.raises(NotFoundException) as raised:
        await books.get_or_404(book.id)
    assert raised.value.status_code == 404
    assert "books" not in str(raised.value.detail)  # no table name


async def test_list_paginates_with_filters_and_total(
    library: Library,
    books: Repository,  # type: ignore[type-arg]
) -> None:
    await books.add_many(
        library.Book(title=f"b{i:02}", pages=100 if i % 2 else 200) for i in range(25)
    )
    page = await books.list(limit=10, offset=20)
    assert isinstance(page, Page)
    assert page.total == 25
    assert [b.title for b in page.items] == ["b20", "b21", "b22", "b23", "b24"]
    thin = await books.list(limit=3, pages=100)
    assert thin.total == 12
    assert [b.title for b in thin.items] == ["b01", "b03", "b05"]
    assert (await books.list(library.Book.title.like("b1%"))).total == 10
    assert await books.count(pages=200) == 13
    assert await books.exists(title="b07")
    assert not await books.exists(title="nope")
    assert (await books.find_one(title="b07")).pages == 100


async def test_unknown_filter_names_the_columns(books: Repository) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidFilterError, match=r"no column 'colour'.*columns are: author_id"):
        await books.count(colour="red")


async def test_add_raises_the_constraint_error_at_once(
    library: Library,
    books: Repository,  # type: ignore[type-arg]
) -> None:
    await books.add(library.Book(title="Same"))
    with pytest.raises(exc.IntegrityError):
        await books.add(library.Book(title="Same"))
    assert await books.count() == 1
    assert library.orm.pool.checkedout() == 0


def test_sync_repository(backend: Backend) -> None:
    orm = backend.sync_provider()
    lib = define_library(orm, backend.prefix)  # type: ignore[arg-type]
    orm.create_all()
    try:
        books = SyncRepository(lib.Book, orm)
        added = books.add_many(lib.Book(title=f"s{i}", pages=i) for i in range(5))
        assert [b.id for b in added] == sorted(b.id for b in added)
        page = books.list(lib.Book.pages >= 1, limit=2, offset=1)
        assert (page.total, [b.title for b in page.items]) == (4, ["s2", "s3"])
        assert books.update(added[0].id, pages=50).pages == 50
        assert books.count(pages=50) == 1 and books.exists(title="s4")
        books.delete(added[4])
        assert books.get(added[4].id) is None and books.find_one(title="s3") is not None
        with pytest.raises(NotFoundException):
            books.get_or_404(added[4].id)
        with pytest.raises(exc.IntegrityError):
            books.add(lib.Book(title="s1"))
        assert books.count() == 4
    finally:
        orm.drop_all()
        orm.dispose()
