"""SQLite transactions that read then write: ``sqlite_begin="immediate"`` serialises them."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import Integer, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from nest.orm import AsyncOrmProvider, OrmProvider


async def _read_then_write(provider: AsyncOrmProvider, pause: float) -> None:
    async with provider.get_session() as session, session.begin():
        value = (await session.execute(text("SELECT n FROM counter"))).scalar_one()
        await asyncio.sleep(pause)  # the other transaction reads the same value meanwhile
        await session.execute(text("UPDATE counter SET n = :n"), {"n": value + 1})


async def _counter(tmp_path: Path, mode: str) -> AsyncOrmProvider:
    provider = AsyncOrmProvider(url=f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", sqlite_begin=mode)
    async with provider.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        await connection.execute(text("INSERT INTO counter VALUES (0)"))
    return provider


async def test_deferred_read_then_write_transactions_can_fail_with_database_locked(
    tmp_path: Path,
) -> None:
    provider = await _counter(tmp_path, "deferred")
    try:
        results = await asyncio.gather(
            *(_read_then_write(provider, 0.05) for _ in range(2)), return_exceptions=True
        )
        failures = [r for r in results if isinstance(r, OperationalError)]
        assert failures, results  # SQLite refuses the second writer rather than deadlock
        assert "locked" in str(failures[0])
    finally:
        await provider.engine.dispose()


async def test_immediate_transactions_wait_for_each_other_and_lose_no_update(
    tmp_path: Path,
) -> None:
    provider = await _counter(tmp_path, "immediate")
    try:
        await asyncio.gather(*(_read_then_write(provider, 0.02) for _ in range(5)))
        async with provider.get_session() as session:
            assert (await session.execute(text("SELECT n FROM counter"))).scalar_one() == 5
    finally:
        await provider.engine.dispose()


def test_the_sync_provider_takes_it_too_and_bad_values_are_named(tmp_path: Path) -> None:
    provider = OrmProvider(url=f"sqlite:///{tmp_path / 's.db'}", sqlite_begin="IMMEDIATE")

    class Row(provider.Base):  # type: ignore[name-defined,misc]
        __tablename__ = "rows"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)

    provider.create_all()
    with provider.get_session() as session, session.begin():
        session.add(Row(id=1))
    with provider.get_session() as session:
        assert session.get(Row, 1) is not None
    provider.engine.dispose()
    with pytest.raises(ValueError, match=r"sqlite_begin='later': expected one of 'deferred'"):
        AsyncOrmProvider(url="sqlite+aiosqlite:///x.db", sqlite_begin="later")
