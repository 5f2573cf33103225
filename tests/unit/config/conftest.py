"""Each test runs in a fresh working directory, with the variables the tests use unset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

#: Every variable these tests read; unset so that the machine's environment cannot leak in.
VARIABLES = (
    "APP_NAME",
    "DATABASE_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_URL",
    "DEBUG",
    "GREETING",
    "MAIL_FROM",
    "MAIL_HOST",
    "PORT",
    "SECRET_KEY",
    "SHOP_CURRENCY",
)

WriteEnv = Callable[..., Path]


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def write_env(workdir: Path) -> WriteEnv:
    """Write an env file in the working directory: ``write_env("A=1\\nB=2", name=".env")``."""

    def write(text: str, *, name: str = ".env") -> Path:
        path = workdir / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
