"""``register_as``: a named group of settings, loaded at start-up and injectable by itself."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel

from nest.di.tokens import Inject, InjectionToken, display_name

__all__ = ["ConfigNamespace", "register_as"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class ConfigNamespace(Generic[T]):
    """Settings registered under a name with :func:`register_as`.

    Load it with ``ConfigModule.for_root(load=[ns])`` or ``ConfigModule.for_feature(ns)``;
    then inject it with ``Annotated[T, ns.inject()]`` (or ``Inject(ns.token)``), read it
    with ``config.namespace(ns)``, or reach one value with ``config.get("name.key")``.

    Attributes:
        name: The namespace's name, the first part of dotted keys.
        factory: What builds the value: a settings class, or a function taking no argument
            or the environment (a ``Mapping[str, str]``).
        token: The injection token of the value (NestJS's ``KEY``).
    """

    __slots__ = ("factory", "name", "takes_env", "token")

    def __init__(self, name: str, factory: Callable[..., T], *, takes_env: bool) -> None:
        self.name = name
        self.factory = factory
        self.takes_env = takes_env
        self.token: InjectionToken[T] = InjectionToken(f"nest.config.namespace:{name}")

    @property
    def KEY(self) -> InjectionToken[T]:
        """The same as :attr:`token`."""
        return self.token

    @property
    def settings_class(self) -> type[BaseModel] | None:
        """The pydantic class the namespace validates, when its factory is one."""
        factory = self.factory
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            return factory
        return None

    def inject(self, *, optional: bool = False) -> Inject:
        """The marker of a parameter receiving this namespace: ``Annotated[T, ns.inject()]``."""
        return Inject(self.token, optional=optional)

    def __repr__(self) -> str:
        return f"ConfigNamespace({self.name!r}, {display_name(self.factory)})"


def _takes_env(name: str, factory: Callable[..., Any]) -> bool:
    if isinstance(factory, type):
        return False  # a class is built with no argument (a settings class reads the env itself)
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: call it with nothing
        return False
    required = [
        p
        for p in parameters
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if len(required) > 1:
        raise TypeError(
            f"register_as({name!r}, {display_name(factory)}): the factory takes "
            f"{len(required)} arguments; give it none (`lambda: {{...}}`) or one, the "
            f"environment (`lambda env: {{'url': env['DATABASE_URL']}}`)."
        )
    return len(required) == 1


@overload
def register_as(name: str, factory: type[M]) -> ConfigNamespace[M]: ...
@overload
def register_as(name: str, factory: Callable[[], T]) -> ConfigNamespace[T]: ...
@overload
def register_as(name: str, factory: Callable[[Mapping[str, str]], T]) -> ConfigNamespace[T]: ...


def register_as(name: str, factory: Callable[..., T]) -> ConfigNamespace[T]:
    """Register settings under ``name``, to be loaded by a :class:`~nest.config.ConfigModule`.

    Example:
        ```python
        database_config = register_as(
            "database", lambda env: {"url": env["DATABASE_URL"], "echo": env.get("SQL_ECHO") == "1"}
        )
        mail_config = register_as("mail", MailSettings)  # a pydantic-settings class
        ```

    Args:
        name: The namespace's name: ``config.get("database.url")`` reads key ``url`` of it.
            It must not contain a dot.
        factory: A pydantic (settings) class, validated at start-up with the module's env
            files; or a function returning the value (a mapping or an object), called with no
            argument or with the environment (process variables over env-file values). A
            missing ``env["NAME"]`` is reported as a missing variable at start-up.
    """
    if not name or "." in name:
        raise ValueError(
            f"register_as({name!r}, ...): a namespace name is a non-empty word without dots "
            "(dots separate the parts of keys such as 'database.url')."
        )
    if not callable(factory):
        raise TypeError(
            f"register_as({name!r}, {factory!r}): the factory must be a class or a function."
        )
    return ConfigNamespace(name, factory, takes_env=_takes_env(name, factory))
