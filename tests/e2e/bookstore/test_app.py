"""The book store as an application: OpenAPI, settings, ``make run``'s default."""

from __future__ import annotations

import pytest

from examples.bookstore.app import Variant, create_app
from examples.bookstore.settings import DEFAULT_DATABASE_URL, BookstoreSettings
from examples.run import DEFAULT_EXAMPLE, EXAMPLES

ENDPOINTS = {
    ("GET", "/"),
    ("GET", "/book"),
    ("POST", "/book"),
    ("GET", "/book/extensive_query"),
    ("GET", "/book/{book_id}"),
    ("PUT", "/book/{book_id}"),
    ("PATCH", "/book/{book_id}"),
    ("DELETE", "/book/{book_id}"),
    ("GET", "/author"),
    ("POST", "/author"),
    ("GET", "/author/{author_id}"),
    ("PUT", "/author/{author_id}"),
    ("PATCH", "/author/{author_id}"),
    ("DELETE", "/author/{author_id}"),
    ("GET", "/author/{author_id}/books"),
}
SCHEMAS = {
    "AppInfo",
    "AuthorCreate",
    "AuthorOut",
    "AuthorUpdate",
    "BookCreate",
    "BookOut",
    "BookUpdate",
    "Page_AuthorOut_",
    "Page_BookOut_",
    "QueryResult",
}


@pytest.mark.parametrize("variant", ["async", "sync"])
def test_openapi_lists_every_endpoint_and_schema(variant: Variant) -> None:
    # Building the app touches no database: the settings' file is never created.
    settings = BookstoreSettings(database_url="sqlite:///never-created.db")
    document = create_app(settings, variant=variant).get_server().openapi()
    paths = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    assert paths == ENDPOINTS
    assert set(document["components"]["schemas"]) >= SCHEMAS
    book = document["paths"]["/book/{book_id}"]
    assert book["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BookOut"
    }
    assert "204" in book["delete"]["responses"]
    assert document["components"]["schemas"]["BookUpdate"].get("required") is None


def test_settings_from_environment() -> None:
    settings = BookstoreSettings.from_env(
        {
            "DATABASE_URL": "postgresql+asyncpg://app:p%40ss@db:5433/store",
            "BOOKSTORE_SCHEMA": "shop",
            "BOOKSTORE_POOL_SIZE": "7",
            "BOOKSTORE_MAX_OVERFLOW": "3",
            "BOOKSTORE_EXTENSIVE_QUERY_SECONDS": "0.5",
            "BOOKSTORE_SEED": "0",
            "BOOKSTORE_POOL_PRE_PING": "no",
        }
    )
    assert settings.url.drivername == "postgresql"  # each variant picks its own driver
    assert settings.url.password == "p@ss"
    assert (settings.pool_size, settings.max_overflow) == (7, 3)
    assert settings.extensive_query_seconds == 0.5
    assert settings.seed is False
    assert settings.pool_pre_ping is False
    options = settings.orm_options()
    assert options["execution_options"] == {"schema_translate_map": {None: "shop"}}
    assert (options["pool_size"], options["max_overflow"]) == (7, 3)


def test_defaults_serve_sqlite_in_the_working_directory() -> None:
    settings = BookstoreSettings.from_env({})
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite:///bookstore.db"
    assert settings.seed is True
    options = settings.orm_options()
    assert "execution_options" not in options
    # No pool settings of its own: the providers' defaults apply (see docs/database.md).
    assert options["pool_pre_ping"] is True
    assert not {"pool_size", "max_overflow", "pool_timeout"} & set(options)


def test_make_run_serves_the_async_bookstore() -> None:
    assert DEFAULT_EXAMPLE == "bookstore"
    assert EXAMPLES["bookstore"] == ("examples.bookstore.app:create_server", True)
    assert "hello" in EXAMPLES
