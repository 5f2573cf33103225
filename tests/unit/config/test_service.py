"""ConfigService: look-up order, dotted keys, typed access, and its errors."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_settings import BaseSettings

from nest.config import (
    ConfigKeyError,
    ConfigService,
    Environment,
    NoConfigSchemaError,
    register_as,
)
from nest.config.loader import load_config


class Database(BaseModel):
    url: str
    pool_size: int = 5


class AppSettings(BaseSettings):
    port: int = 8000
    database: Database = Database(url="sqlite://")


database_config = register_as(
    "database", lambda env: {"url": env["DB_URL"], "options": {"echo": True}}
)
unloaded = register_as("unloaded", lambda: {"a": 1})


def service(
    environ: dict[str, str], *, schema: type[BaseModel] | None = None, load: tuple[Any, ...] = ()
) -> ConfigService[Any]:
    store = load_config(
        env=Environment(environ=environ), settings_kwargs={}, schema=schema, namespaces=load
    )
    return ConfigService(store)


def test_a_namespace_comes_before_a_schema_field_and_a_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", "81")
    config = service(
        {"PORT": "81", "DB_URL": "sqlite:///ns.db", "database": "a variable"},
        schema=AppSettings,
        load=(database_config,),
    )
    assert config.get("database") == {"url": "sqlite:///ns.db", "options": {"echo": True}}
    assert config.get("database.options.echo") is True
    assert config.get("PORT") == 81
    assert config.get("port") == 81


def test_dotted_keys_walk_into_schema_fields_and_fall_back_to_variables() -> None:
    config = service({"a.b": "dotted variable"}, schema=AppSettings)
    assert config.get("database.url") == "sqlite://"
    assert config.get("database.pool_size") == 5
    assert config.get("database.missing", "d") == "d"
    assert config.get("database._private", "d") == "d"  # no reaching into private attributes
    assert config.get("a.b") == "dotted variable"


def test_get_or_throw_names_where_it_looked() -> None:
    config = service({"DB_URL": "x"}, schema=AppSettings, load=(database_config,))
    assert config.get_or_throw("database.url") == "x"
    with pytest.raises(ConfigKeyError) as caught:
        config.get_or_throw("REDIS_URL")
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == (
        "Configuration key 'REDIS_URL' is not set: looked in the namespaces ('database'), "
        "the fields of AppSettings, the environment and the env files. Set REDIS_URL in the "
        "environment or an env file, or give a default: config.get('REDIS_URL', default)."
    )


def test_a_none_value_is_returned_not_replaced_by_the_default() -> None:
    none_config = register_as("feature", lambda: {"flag": None})
    config = service({}, load=(none_config,))
    assert config.get("feature.flag", "default") is None
    assert config.get_or_throw("feature.flag") is None


def test_typed_access_to_settings_and_namespaces() -> None:
    config = service({"DB_URL": "x"}, schema=AppSettings, load=(database_config,))
    assert isinstance(config.settings, AppSettings)
    assert config.namespace(database_config)["url"] == "x"
    with pytest.raises(ConfigKeyError, match="Configuration key 'unloaded' is not set"):
        config.namespace(unloaded)


def test_settings_without_a_schema_says_how_to_add_one() -> None:
    config = service({"A": "1"})
    with pytest.raises(NoConfigSchemaError, match=r"ConfigModule.for_root\(schema=AppSettings\)"):
        config.settings  # noqa: B018
    assert config.get("A") == "1"


def test_repr_lists_the_schema_and_namespaces_but_no_value() -> None:
    config = service({"DB_URL": "secret-url"}, schema=AppSettings, load=(database_config,))
    assert repr(config) == "<ConfigService schema=AppSettings namespaces=['database']>"
    assert "secret-url" not in repr(config.env)
    assert repr(config._store) == "<ConfigStore schema=AppSettings namespaces=['database']>"
