"""Connecting as a real user whose password is full of URL syntax."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from nest.orm import AsyncOrmProvider, OrmProvider

from .conftest import MYSQL, SERVERS, Backend

PASSWORD = "p@ss:w/rd#1"  # every character here means something in a URL


def test_password_is_kept_whole_in_the_url() -> None:
    orm = AsyncOrmProvider(
        db_type="postgresql",
        config_params={"host": "db", "user": "u", "password": PASSWORD, "db_name": "d"},
    )
    assert orm.url.password == PASSWORD
    assert orm.url.host == "db"
    assert orm.url.database == "d"
    assert PASSWORD not in repr(orm)


@pytest.fixture
async def login(backend: Backend) -> Any:
    """A user on the server with ``PASSWORD``, dropped after the test."""
    user = f"nest_pw_{uuid.uuid4().hex[:8]}"
    admin = backend.provider()
    quoted = PASSWORD.replace("'", "''")
    if backend.db_type == "postgresql":
        create = [f"CREATE ROLE {user} LOGIN PASSWORD '{quoted}'"]
        drop = [f"DROP ROLE IF EXISTS {user}"]
    else:
        create = [
            f"CREATE USER '{user}'@'%' IDENTIFIED BY '{quoted}'",
            f"CREATE USER '{user}'@'localhost' IDENTIFIED BY '{quoted}'",
            f"GRANT SELECT ON `{backend.url.database}`.* TO '{user}'@'%'",
            f"GRANT SELECT ON `{backend.url.database}`.* TO '{user}'@'localhost'",
        ]
        drop = [f"DROP USER IF EXISTS '{user}'@'%'", f"DROP USER IF EXISTS '{user}'@'localhost'"]
    async with admin.engine.begin() as connection:
        for statement in create:
            await connection.execute(text(statement))
    yield user
    async with admin.engine.begin() as connection:
        for statement in drop:
            await connection.execute(text(statement))
    await admin.dispose()


def _params(backend: Backend, user: str) -> dict[str, Any]:
    return {**backend.config_params(), "user": user, "password": PASSWORD}


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
async def test_async_provider_connects_with_the_password(backend: Backend, login: str) -> None:
    orm = AsyncOrmProvider(db_type=backend.db_type, config_params=_params(backend, login))
    try:
        async with orm.get_session() as session:
            who = (await session.execute(text("SELECT current_user"))).scalar()
        assert str(who).split("@")[0] == login
    finally:
        await orm.dispose()


# Only MariaDB: the test PostgreSQL server trusts local connections whatever the password.
@pytest.mark.parametrize("backend", [MYSQL], indirect=True)
async def test_wrong_password_is_refused(backend: Backend, login: str) -> None:
    params = {**_params(backend, login), "password": PASSWORD + "x"}
    orm = AsyncOrmProvider(db_type=backend.db_type, config_params=params)
    assert await orm.ping() is False
    await orm.dispose()


@pytest.mark.parametrize("backend", SERVERS, indirect=True)
def test_sync_provider_connects_with_the_password(backend: Backend, login: str) -> None:
    orm = OrmProvider(db_type=backend.db_type, config_params=_params(backend, login))
    try:
        with orm.get_session() as session:
            who = session.execute(text("SELECT current_user")).scalar()
        assert str(who).split("@")[0] == login
    finally:
        orm.dispose()
