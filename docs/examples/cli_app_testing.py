"""Testing a CLI application: click's CliRunner, from a plain (not async) test function."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from docs.examples.cli_app import AdminModule
from nest.commands import CommandFactory


def test_add_then_list_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USERS_DB", str(tmp_path / "users.sqlite3"))
    cli = CommandFactory.create(AdminModule)
    runner = CliRunner()

    assert runner.invoke(cli, ["users", "add", "ada"]).exit_code == 0
    result = runner.invoke(cli, ["users", "list"])
    assert result.exit_code == 0
    assert result.output == "ada\n"

    duplicate = runner.invoke(cli, ["users", "add", "ada"])
    assert duplicate.exit_code == 1
    assert "user 'ada' already exists" in duplicate.output
