"""Fixtures for the CLI tests: a CliRunner in a temporary folder, and generated projects."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nest.cli.main import cli

Invoke = Callable[..., Result]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory the CLI runs in."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def invoke(workdir: Path) -> Invoke:
    """Run ``pynest ARGS`` in-process; ``ok=False`` expects a failure."""

    def run(args: Sequence[str], *, ok: bool = True) -> Result:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code != 0, result.output
        return result

    return run


@pytest.fixture
def project(invoke: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new async SQLite application; the working directory is its root."""
    invoke(["generate", "application", "-n", "shop", "--db-type", "sqlite", "--is-async"])
    root = workdir / "shop"
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` and its text."""
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
