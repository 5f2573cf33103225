"""The book store's settings, read from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import URL, make_url

from nest.di import DynamicModule

__all__ = ["DEFAULT_DATABASE_URL", "BookstoreSettings", "SettingsModule", "settings_module"]

#: SQLite file in the working directory, created on first start.
DEFAULT_DATABASE_URL = "sqlite:///bookstore.db"


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "false", "no", "off")


@dataclass(frozen=True, kw_only=True)
class BookstoreSettings:
    """Everything the book store can be told from outside.

    Attributes:
        database_url: Where the data lives. The driver part is ignored: the async
            variant uses nest's asyncio driver and the sync variant the blocking one,
            so one URL (``postgresql://user@host/db``) serves both.
        schema: Keep the tables in this PostgreSQL schema (or MySQL database),
            created at start-up if missing; ``None`` for the URL's default. Tests and
            benchmarks use it to stay out of each other's way.
        pool_size: Connections kept open in the pool (``None``: nest's default, 20).
        max_overflow: Connections opened beyond ``pool_size`` under load (``None``: nest's
            default, 0).
        pool_timeout: Seconds a request waits for a free connection before a 503
            (``None``: nest's default, 10).
        pool_pre_ping: Test connections that sat idle before use (nest's default).
        extensive_query_seconds: How long ``GET /book/extensive_query`` holds its
            database connection (the article's query slept 5 seconds).
        seed: Add a few authors and books when the tables are empty.
    """

    database_url: str = DEFAULT_DATABASE_URL
    schema: str | None = None
    pool_size: int | None = None
    max_overflow: int | None = None
    pool_timeout: float | None = None
    pool_pre_ping: bool = True
    extensive_query_seconds: float = 5.0
    seed: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BookstoreSettings:
        """Settings from ``DATABASE_URL`` and the ``BOOKSTORE_*`` variables.

        ``BOOKSTORE_SCHEMA``, ``BOOKSTORE_POOL_SIZE``, ``BOOKSTORE_MAX_OVERFLOW``,
        ``BOOKSTORE_POOL_TIMEOUT``, ``BOOKSTORE_POOL_PRE_PING``,
        ``BOOKSTORE_EXTENSIVE_QUERY_SECONDS`` and ``BOOKSTORE_SEED`` (``0`` to start
        empty); unset ones keep their defaults.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if env.get("DATABASE_URL"):
            values["database_url"] = env["DATABASE_URL"]
        if env.get("BOOKSTORE_SCHEMA"):
            values["schema"] = env["BOOKSTORE_SCHEMA"]
        numbers: dict[str, type[int] | type[float]] = {
            "pool_size": int,
            "max_overflow": int,
            "pool_timeout": float,
            "extensive_query_seconds": float,
        }
        for field, kind in numbers.items():
            raw = env.get(f"BOOKSTORE_{field.upper()}")
            if raw:
                values[field] = kind(raw)
        for flag in ("pool_pre_ping", "seed"):
            variable = f"BOOKSTORE_{flag.upper()}"
            if variable in env:
                values[flag] = _flag(env[variable])
        return cls(**values)

    @property
    def url(self) -> URL:
        """``database_url`` without its driver, so each variant picks its own."""
        url = make_url(self.database_url)
        return url.set(drivername=url.get_backend_name())

    def orm_options(self) -> dict[str, Any]:
        """Keyword arguments for ``AsyncOrmProvider``/``OrmProvider`` (and ``OrmModule.for_root``)."""
        options: dict[str, Any] = {"url": self.url, "pool_pre_ping": self.pool_pre_ping}
        if self.url.database not in (None, "", ":memory:"):
            pool = {
                "pool_size": self.pool_size,
                "max_overflow": self.max_overflow,
                "pool_timeout": self.pool_timeout,
            }
            options.update({key: value for key, value in pool.items() if value is not None})
        if self.schema:
            options["execution_options"] = {"schema_translate_map": {None: self.schema}}
        return options


class SettingsModule:
    """The module class behind :func:`settings_module`."""


def settings_module(settings: BookstoreSettings) -> DynamicModule:
    """A global module providing ``settings`` to every module that injects them."""
    return DynamicModule(
        module=SettingsModule,
        providers=[{"provide": BookstoreSettings, "use_value": settings}],
        exports=[BookstoreSettings],
        is_global=True,
    )
