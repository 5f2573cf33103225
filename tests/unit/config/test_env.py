"""Environment: the process environment over env files read with python-dotenv."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nest.config import Environment, MissingVariableError
from nest.config.env import env_file_list

from .conftest import WriteEnv


def test_env_file_values_are_parsed(write_env: WriteEnv) -> None:
    path = write_env(
        "# a comment\n"
        "APP_NAME=shop\n"
        'GREETING="hello world"  # quoted, with a trailing comment\n'
        "export DB_HOST=db.local\n"
        "DATABASE_URL=postgresql://${DB_HOST}/app\n"
        "DEBUG\n"
    )
    env = Environment([path], environ={})
    assert dict(env) == {
        "APP_NAME": "shop",
        "GREETING": "hello world",
        "DB_HOST": "db.local",
        "DATABASE_URL": "postgresql://db.local/app",  # ${NAME} is expanded
    }
    assert "DEBUG" not in env  # a bare name sets nothing


def test_the_process_environment_wins_over_the_file(write_env: WriteEnv) -> None:
    path = write_env("PORT=1000\nAPP_NAME=from-file\n")
    env = Environment([path], environ={"PORT": "2000"})
    assert env["PORT"] == "2000"
    assert env["APP_NAME"] == "from-file"
    assert env.source_of("PORT") == "the environment"
    assert env.source_of("APP_NAME") == str(path)
    assert env.source_of("port", case_sensitive=False) == "the environment"
    assert env.source_of("NOPE") is None


def test_a_later_file_wins_over_an_earlier_one(write_env: WriteEnv) -> None:
    base = write_env("PORT=1\nAPP_NAME=base\n", name=".env")
    local = write_env("PORT=2\n", name=".env.local")
    env = Environment([base, local], environ={})
    assert (env["PORT"], env["APP_NAME"]) == ("2", "base")
    assert env.file_values() == {"PORT": "2", "APP_NAME": "base"}


def test_a_missing_file_is_skipped_and_remembered(workdir: Path) -> None:
    env = Environment([workdir / "absent.env"], environ={"PORT": "1"})
    assert dict(env) == {"PORT": "1"}
    assert env.missing_files == (workdir / "absent.env",)


def test_without_environ_it_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_NAME", "live")
    assert Environment()["APP_NAME"] == "live"


def test_a_missing_variable_raises_a_key_error_naming_it() -> None:
    env = Environment(environ={})
    with pytest.raises(MissingVariableError) as caught:
        env["SECRET_KEY"]
    assert isinstance(caught.value, KeyError)
    assert caught.value.name == "SECRET_KEY"
    assert env.get("SECRET_KEY", "fallback") == "fallback"


def test_repr_shows_no_value(write_env: WriteEnv) -> None:
    path = write_env("SECRET_KEY=hunter2\n")
    text = repr(Environment([path], environ={}))
    assert "hunter2" not in text
    assert "1 variables" in text


def test_export_fills_only_what_the_environment_lacks(
    write_env: WriteEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "2000")
    path = write_env("PORT=1000\nAPP_NAME=exported\n")
    try:
        Environment([path]).export()
        assert os.environ["PORT"] == "2000"
        assert os.environ["APP_NAME"] == "exported"
    finally:
        os.environ.pop("APP_NAME", None)


def test_env_file_list_accepts_one_many_or_none() -> None:
    assert env_file_list(None) == ()
    assert env_file_list(".env") == (Path(".env"),)
    assert env_file_list(Path("a.env")) == (Path("a.env"),)
    assert env_file_list([".env", Path(".env.local")]) == (Path(".env"), Path(".env.local"))
