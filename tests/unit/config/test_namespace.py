"""register_as: named settings, their tokens, and what their factories may be."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from pydantic_settings import BaseSettings

from nest.config import ConfigNamespace, register_as
from nest.di import Inject, InjectionToken


class MailSettings(BaseSettings):
    mail_host: str = "localhost"


def test_a_namespace_has_a_name_and_a_token_of_its_own() -> None:
    first = register_as("database", lambda: {"url": "sqlite://"})
    second = register_as("database", lambda: {"url": "sqlite://"})
    assert isinstance(first, ConfigNamespace)
    assert first.name == "database"
    assert isinstance(first.token, InjectionToken)
    assert first.KEY is first.token  # NestJS's spelling
    assert first.token is not second.token  # tokens compare by identity
    assert first.inject() == Inject(first.token)
    assert first.inject(optional=True).optional
    assert repr(first) == "ConfigNamespace('database', <lambda>)"


def test_the_factory_takes_nothing_or_the_environment() -> None:
    def from_env(env: Mapping[str, str]) -> dict[str, str]:
        return {"url": env["DB_URL"]}

    assert not register_as("a", lambda: {}).takes_env
    assert register_as("b", from_env).takes_env
    assert register_as("c", lambda env, extra=1: {}).takes_env  # type: ignore[arg-type,misc]  # defaults do not count
    assert not register_as("d", MailSettings).takes_env
    assert register_as("d", MailSettings).settings_class is MailSettings
    assert register_as("e", dict).settings_class is None


def test_a_factory_taking_two_arguments_is_refused_at_once() -> None:
    with pytest.raises(
        TypeError, match=r"takes 2 arguments; give it none .* or one, the environment"
    ):
        register_as("database", lambda env, other: {})  # type: ignore[arg-type,misc]


@pytest.mark.parametrize("name", ["", "data.base"])
def test_a_name_must_be_a_word_without_dots(name: str) -> None:
    with pytest.raises(ValueError, match="without dots"):
        register_as(name, lambda: {})


def test_the_factory_must_be_callable() -> None:
    with pytest.raises(TypeError, match="must be a class or a function"):
        register_as("database", {"url": "x"})  # type: ignore[call-overload]
