"""AsyncOrmProvider and OrmProvider against real databases."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from nest.orm import AsyncOrmProvider, OrmProvider

from .conftest import Backend
from .models import Library, define_library


async def test_create_all_get_session_and_drop_all(library: Library) -> None:
    orm, Author = library.orm, library.Author
    async with orm.get_session() as session:
        session.add(Author(name="Ursula"))
        await session.commit()
    async with orm.get_session() as session:
        names = (await session.execute(select(Author.name))).scalars().all()
    assert names == ["Ursula"]


async def test_get_session_rolls_back_when_the_block_raises(library: Library) -> None:
    orm, Author = library.orm, library.Author
    with pytest.raises(RuntimeError):
        async with orm.get_session() as session:
            session.add(Author(name="Lost"))
            await session.flush()
            raise RuntimeError("boom")
    async with orm.get_session() as session:
        assert (await session.execute(select(func.count()).select_from(Author))).scalar() == 0
    assert orm.pool.checkedout() == 0


async def test_get_db_yields_a_session_and_closes_it(library: Library) -> None:
    orm = library.orm
    generator = orm.get_db()
    session = await anext(generator)
    assert isinstance(session, AsyncSession)
    assert (await session.execute(text("SELECT 1"))).scalar() == 1
    with pytest.raises(StopAsyncIteration):
        await anext(generator)
    assert orm.pool.checkedout() == 0


async def test_ping_and_dispose(orm: AsyncOrmProvider) -> None:
    assert await orm.ping() is True
    await orm.on_application_shutdown()
    assert orm.pool.checkedout() == 0
    assert orm.pool.checkedin() == 0  # every pooled connection was closed


async def test_ping_is_false_when_the_server_is_unreachable() -> None:
    orm = AsyncOrmProvider(url="postgresql+asyncpg://nobody@127.0.0.1:1/none", pool_timeout=1)
    assert await orm.ping() is False
    await orm.dispose()


async def test_each_provider_owns_its_base(backend: Backend) -> None:
    first, second = backend.provider(), backend.provider()
    define_library(first, backend.prefix)
    assert first.Base is not second.Base
    assert set(second.Base.metadata.tables) == set()
    await first.dispose()
    await second.dispose()


async def test_seed_003_concurrent_tasks_each_with_its_own_session(library: Library) -> None:
    """Many gathered tasks on one engine: raw SQL, Core and ORM (seed 003)."""
    orm, Author = library.orm, library.Author
    table = Author.__table__

    async def raw(i: int) -> None:
        async with orm.get_session() as session:
            await session.execute(
                text(f"INSERT INTO {table.name} (name) VALUES (:name)"), {"name": f"raw-{i}"}
            )
            await session.commit()

    async def core(i: int) -> None:
        async with orm.engine.begin() as connection:
            await connection.execute(insert(table).values(name=f"core-{i}"))

    async def entity(i: int) -> None:
        async with orm.get_session() as session:
            session.add(Author(name=f"orm-{i}"))
            await session.commit()

    await asyncio.gather(*(job(i) for i in range(20) for job in (raw, core, entity)))
    async with orm.get_session() as session:
        total = (await session.execute(select(func.count()).select_from(Author))).scalar()
    assert total == 60
    assert orm.pool.checkedout() == 0


def test_sync_provider_shares_the_implementation(backend: Backend) -> None:
    orm = backend.sync_provider()
    assert isinstance(orm, OrmProvider)
    assert orm.url.get_driver_name() in {"psycopg", "pymysql", "pysqlite"}
    lib = define_library(orm, backend.prefix)  # type: ignore[arg-type]
    orm.create_all()
    try:
        with orm.get_session() as session:
            session.add(lib.Author(name="Sync"))
            session.commit()
        with orm.transaction() as session:
            session.add(lib.Author(name="InTransaction"))
        session_gen = orm.get_db()
        session = next(session_gen)
        names = set(session.execute(select(lib.Author.name)).scalars())
        session_gen.close()
        assert names == {"Sync", "InTransaction"}
        assert orm.ping() is True
    finally:
        orm.drop_all()
        orm.on_application_shutdown()
    assert orm.pool.checkedout() == 0


async def test_unicode_round_trip(library: Library) -> None:
    name = "Zoë 日本 🎉"
    async with library.orm.transaction() as session:
        session.add(library.Author(name=name))
    async with library.orm.get_session() as session:
        assert (await session.execute(select(library.Author.name))).scalar_one() == name
