"""``ConfigService``: read settings by key, or the validated schema and namespaces by type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel
from typing_extensions import TypeVar as DefaultTypeVar

from nest.config.errors import ConfigKeyError, NoConfigSchemaError
from nest.config.loader import ConfigStore
from nest.config.namespace import ConfigNamespace

__all__ = ["ConfigService"]

S = DefaultTypeVar("S", bound=BaseModel, default=BaseModel)
T = TypeVar("T")
_MISSING: Any = object()


def _walk(value: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(value, Mapping):
            value = value.get(part, _MISSING)
        elif not part.startswith("_"):
            value = getattr(value, part, _MISSING)
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


class ConfigService(Generic[S]):
    """The application's configuration, loaded and validated when the application is created.

    Inject ``ConfigService`` to read values by key, or ``ConfigService[AppSettings]`` for a
    typed :attr:`settings`; the schema class itself (``settings: AppSettings``) is injectable too.

    A key is looked up, in this order: a namespace (``"database"``) or a value inside one
    (``"database.url"``); a schema field, by name (``"port"``) or by variable name (``"PORT"``),
    typed as validated; then the environment over the env files, as text.
    """

    def __init__(self, store: ConfigStore, namespaces: Mapping[str, Any] | None = None) -> None:
        self._store = store
        self._namespaces = {**store.namespaces, **(namespaces or {})}

    @property
    def settings(self) -> S:
        """The validated schema instance.

        Raises:
            NoConfigSchemaError: ``ConfigModule.for_root`` was given no ``schema``.
        """
        if self._store.settings is None:
            raise NoConfigSchemaError()
        return cast(S, self._store.settings)

    @property
    def env(self) -> Mapping[str, str]:
        """The process environment over the env files, as read at start-up."""
        return self._store.env

    def namespace(self, namespace: ConfigNamespace[T]) -> T:
        """The value of a namespace made by :func:`~nest.config.register_as`, typed.

        Raises:
            ConfigKeyError: The namespace is not loaded by this module
                (``ConfigModule.for_root(load=[...])`` or ``ConfigModule.for_feature(...)``).
        """
        try:
            return cast(T, self._namespaces[namespace.name])
        except KeyError:
            raise self._key_error(namespace.name) from None

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, or ``default`` when nothing is set there.

        Example:
            ```python
            config.get("DATABASE_URL")          # a variable (text)
            config.get("port")                  # a schema field (typed: int)
            config.get("database.url")          # a value in a namespace
            config.get("FEATURE_X", "off")      # with a default
            ```
        """
        value = self._lookup(key)
        return default if value is _MISSING else value

    def get_or_throw(self, key: str) -> Any:
        """The value under ``key``.

        Raises:
            ConfigKeyError: Nothing is set under ``key``.
        """
        value = self._lookup(key)
        if value is _MISSING:
            raise self._key_error(key)
        return value

    def _lookup(self, key: str) -> Any:
        head, _, rest = key.partition(".")
        parts = rest.split(".") if rest else []
        if head in self._namespaces:
            return _walk(self._namespaces[head], parts)
        settings = self._store.settings
        if settings is not None:
            name = head if head in type(settings).model_fields else None
            name = name or self._store.field_for_variable(head)
            if name is not None:
                return _walk(getattr(settings, name), parts)
        return self._store.env.get(key, _MISSING)

    def _key_error(self, key: str) -> ConfigKeyError:
        schema = self._store.schema
        return ConfigKeyError(
            key,
            schema=schema.__name__ if schema is not None else None,
            namespaces=sorted(self._namespaces),
        )

    def __repr__(self) -> str:
        schema = self._store.schema
        return (
            f"<ConfigService schema={schema.__name__ if schema else None} "
            f"namespaces={sorted(self._namespaces)}>"
        )
