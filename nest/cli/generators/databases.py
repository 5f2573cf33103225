"""What a generated project needs for each database type."""

from __future__ import annotations

from dataclasses import dataclass

from nest.cli.errors import CliError
from nest.cli.project import DB_TYPES

__all__ = ["DatabaseProfile", "database_profile"]


@dataclass(frozen=True)
class DatabaseProfile:
    """Packages and settings of one database type.

    Attributes:
        db_type: ``postgresql``, ``mysql`` or ``sqlite``.
        label: Human name.
        env_prefix: Prefix of the environment variables ``src/config.py`` reads.
        port: Default port, or None for SQLite.
        user: Default user, or None for SQLite.
        async_drivers: Packages for the async provider.
        sync_drivers: Packages for the sync provider.
    """

    db_type: str
    label: str
    env_prefix: str
    port: int | None
    user: str | None
    async_drivers: tuple[str, ...]
    sync_drivers: tuple[str, ...]

    def drivers(self, *, is_async: bool) -> tuple[str, ...]:
        """The driver packages for the chosen mode."""
        return self.async_drivers if is_async else self.sync_drivers

    def env_defaults(self, database: str) -> list[tuple[str, str]]:
        """``(NAME, value)`` lines for ``.env.example``."""
        if self.port is None:
            return [(f"{self.env_prefix}_DB_NAME", database)]
        return [
            (f"{self.env_prefix}_HOST", "127.0.0.1"),
            (f"{self.env_prefix}_PORT", str(self.port)),
            (f"{self.env_prefix}_DB_NAME", database),
            (f"{self.env_prefix}_USER", self.user or ""),
            (f"{self.env_prefix}_PASSWORD", ""),
        ]


_PROFILES = {
    "postgresql": DatabaseProfile(
        "postgresql", "PostgreSQL", "POSTGRESQL", 5432, "postgres",
        ("asyncpg>=0.29",), ("psycopg[binary]>=3.1",),
    ),
    "mysql": DatabaseProfile(
        "mysql", "MySQL / MariaDB", "MYSQL", 3306, "root",
        ("aiomysql>=0.2", "pymysql>=1.1"), ("pymysql>=1.1",),
    ),
    "sqlite": DatabaseProfile(
        "sqlite", "SQLite", "SQLITE", None, None, ("aiosqlite>=0.20",), (),
    ),
}  # fmt: skip


def database_profile(db_type: str) -> DatabaseProfile:
    """The profile of ``db_type``.

    Raises:
        CliError: If the type is not one of ``postgresql``, ``mysql``, ``sqlite``.
    """
    try:
        return _PROFILES[db_type]
    except KeyError:
        raise CliError(f"unknown db type {db_type!r}: use one of {', '.join(DB_TYPES)}") from None
