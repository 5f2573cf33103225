"""Error classification and the compatibility decorators (no database needed)."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from nest.http import HttpException
from nest.orm import async_db_request_handler, classify_database_error, db_request_handler


def test_classification_of_non_driver_errors() -> None:
    assert classify_database_error(exc.NoResultFound()).status_code == 404  # type: ignore[union-attr]
    assert classify_database_error(exc.TimeoutError()).status_code == 503  # type: ignore[union-attr]
    assert classify_database_error(ConnectionRefusedError()).status_code == 503  # type: ignore[union-attr]
    assert classify_database_error(ValueError("not a database error")) is None


async def test_async_handler_turns_database_errors_into_http_errors() -> None:
    class Service:
        @async_db_request_handler
        async def missing(self) -> None:
            raise exc.NoResultFound("SELECT secret FROM accounts")

        @async_db_request_handler
        async def other(self) -> None:
            raise KeyError("left alone")

        @async_db_request_handler
        async def fine(self) -> int:
            return 7

    with pytest.raises(HttpException) as raised:
        await Service().missing()
    assert raised.value.status_code == 404
    assert "accounts" not in str(raised.value.detail)
    with pytest.raises(KeyError):
        await Service().other()
    assert await Service().fine() == 7


def test_sync_handler() -> None:
    @db_request_handler
    def exhausted() -> None:
        raise exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached")

    with pytest.raises(HttpException) as raised:
        exhausted()
    assert raised.value.status_code == 503
    assert raised.value.headers == {"Retry-After": "1"}


def test_compatibility_import_paths() -> None:
    from nest.core.database.orm_provider import AsyncOrmProvider, OrmProvider
    from nest.core.decorators import async_db_request_handler as from_decorators
    from nest.core.decorators.database import async_db_request_handler as from_database
    from nest.orm import AsyncOrmProvider as Canonical

    assert AsyncOrmProvider is Canonical
    assert OrmProvider.__module__ == "nest.orm.sync_provider"
    assert from_decorators is from_database is async_db_request_handler
