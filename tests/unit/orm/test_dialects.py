"""URL building, the DATABASE_URL default and driver checks (no database needed)."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy.engine import make_url

from nest.errors import MissingDependencyError
from nest.orm import AsyncOrmProvider, InvalidDatabaseConfigError, OrmProvider, build_url
from nest.orm.dialects import resolve_url


@pytest.mark.parametrize(
    ("db_type", "is_async", "driver", "port"),
    [
        ("postgresql", True, "postgresql+asyncpg", 5432),
        ("postgres", False, "postgresql+psycopg", 5432),
        ("mysql", True, "mysql+aiomysql", 3306),
        ("mariadb", False, "mysql+pymysql", 3306),
    ],
)
def test_server_urls(db_type: str, is_async: bool, driver: str, port: int) -> None:
    url = build_url(
        db_type,
        {"host": "h", "user": "u", "password": "p@ss:w/rd#1", "db_name": "d"},
        is_async=is_async,
    )
    assert (url.drivername, url.host, url.port, url.database) == (driver, "h", port, "d")
    assert url.password == "p@ss:w/rd#1"
    # Rendered, the password is escaped, and parses back to itself.
    assert make_url(url.render_as_string(hide_password=False)).password == "p@ss:w/rd#1"


def test_sqlite_db_name_is_a_file_as_in_pynest() -> None:
    assert build_url("sqlite", {"db_name": "books"}, is_async=True).database == "books.db"
    assert (
        build_url("sqlite", {"db_name": "data.sqlite3"}, is_async=True).database == "data.sqlite3"
    )
    assert (
        build_url("sqlite", {"db_name": ":memory:"}, is_async=False).drivername == "sqlite+pysqlite"
    )
    assert build_url("sqlite", {}, is_async=True).database == ":memory:"


def test_unknown_db_type_and_keys_say_what_to_use() -> None:
    with pytest.raises(InvalidDatabaseConfigError, match="Use one of: mysql, postgresql, sqlite"):
        build_url("oracle", {}, is_async=True)
    with pytest.raises(InvalidDatabaseConfigError, match=r"\['hostname'\]"):
        build_url("postgresql", {"hostname": "x"}, is_async=True)


def test_url_without_a_driver_gets_the_providers_driver() -> None:
    assert (
        resolve_url("postgres://u@h/d", None, None, is_async=True).drivername
        == "postgresql+asyncpg"
    )
    assert (
        resolve_url("postgresql://u@h/d", None, None, is_async=False).drivername
        == "postgresql+psycopg"
    )
    assert resolve_url("mysql://u@h/d", None, None, is_async=True).drivername == "mysql+aiomysql"
    assert resolve_url("sqlite:///x.db", None, None, is_async=True).drivername == "sqlite+aiosqlite"
    explicit = resolve_url("postgresql+asyncpg://u@h/d", None, None, is_async=True)
    assert explicit.drivername == "postgresql+asyncpg"


def test_database_url_environment_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///from-env.db")
    assert AsyncOrmProvider().url.database == "from-env.db"
    monkeypatch.setenv("OTHER_URL", "postgresql://u@h/d")
    assert OrmProvider(url_env="OTHER_URL").url.drivername == "postgresql+psycopg"
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(InvalidDatabaseConfigError, match="DATABASE_URL"):
        AsyncOrmProvider()


def test_url_and_config_params_together_are_refused() -> None:
    with pytest.raises(InvalidDatabaseConfigError, match="not both"):
        AsyncOrmProvider(url="sqlite://", config_params={"db_name": "x"})


def test_a_blocking_driver_is_refused_by_the_async_provider() -> None:
    with pytest.raises(InvalidDatabaseConfigError, match=r"postgresql\+asyncpg://"):
        AsyncOrmProvider(url="postgresql+psycopg://u@h/d")
    with pytest.raises(
        InvalidDatabaseConfigError, match="OrmProvider cannot use the driver 'aiomysql'"
    ):
        OrmProvider(url="mysql+aiomysql://u@h/d")


def test_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without_asyncpg(name: str, *args: object) -> object:
        return None if name == "asyncpg" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_asyncpg)
    with pytest.raises(
        MissingDependencyError, match=r'pip install "nest-framework\[postgres\]"'
    ) as raised:
        AsyncOrmProvider(db_type="postgresql", config_params={"db_name": "d"})
    assert raised.value.extra == "postgres"


def test_defaults_and_pool_settings() -> None:
    orm = AsyncOrmProvider(
        url="postgresql+asyncpg://u:secret@h/d",
        pool_size=3,
        max_overflow=1,
        pool_timeout=2.5,
        pool_recycle=60,
        pool_pre_ping_idle=0,  # SQLAlchemy's pre-ping: every checkout
    )
    engine = orm.engine.sync_engine
    assert engine.echo is False
    assert engine.hide_parameters is True
    assert engine.pool._pre_ping is True  # type: ignore[attr-defined]
    assert (orm.pool.size(), orm.pool._max_overflow, orm.pool._timeout) == (3, 1, 2.5)  # type: ignore[attr-defined]
    assert orm.pool._recycle == 60  # type: ignore[attr-defined]
    assert orm.session_factory.kw["expire_on_commit"] is False
    assert "secret" not in repr(orm)


def test_memory_sqlite_has_one_shared_connection() -> None:
    with pytest.raises(InvalidDatabaseConfigError, match="pool_size cannot be set"):
        AsyncOrmProvider(db_type="sqlite", config_params={"db_name": ":memory:"}, pool_size=5)
    orm = AsyncOrmProvider(db_type="sqlite", config_params={"db_name": ":memory:"})
    assert type(orm.pool).__name__ == "StaticPool"


def test_statement_timeout_settings() -> None:
    orm = OrmProvider(
        url="postgresql://u@h/d", statement_timeout=1.5, connect_args={"options": "-c a=b"}
    )
    assert orm.engine.dialect.create_connect_args(orm.url)  # the engine accepts the arguments
    async_orm = AsyncOrmProvider(url="postgresql://u@h/d", statement_timeout=0.25)
    assert async_orm.url.drivername == "postgresql+asyncpg"
    with pytest.raises(InvalidDatabaseConfigError, match="SQLite has no statement time limit"):
        AsyncOrmProvider(url="sqlite://", statement_timeout=1)
    with pytest.raises(InvalidDatabaseConfigError, match="positive"):
        AsyncOrmProvider(url="postgresql://u@h/d", statement_timeout=0)


def test_config_params_alone_mean_postgresql_as_in_pynest() -> None:
    orm = AsyncOrmProvider(config_params={"host": "h", "db_name": "d", "user": "u"})
    assert orm.url.drivername == "postgresql+asyncpg"


def test_mysql_connections_speak_utf8mb4() -> None:
    built = build_url("mysql", {"host": "h", "db_name": "d"}, is_async=True)
    assert built.query == {"charset": "utf8mb4"}
    assert resolve_url("mysql://u@h/d", None, None, is_async=True).query == {"charset": "utf8mb4"}
    kept = resolve_url("mysql://u@h/d?charset=latin1", None, None, is_async=False)
    assert kept.query == {"charset": "latin1"}
