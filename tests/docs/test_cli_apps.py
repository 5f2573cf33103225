"""The samples of docs/cli-apps.md, run the way the page says."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from nest.commands import CommandFactory
from nest.di import Module
from nest.testing import create_test_client

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def users_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.sqlite3"
    monkeypatch.setenv("USERS_DB", str(path))
    return path


def test_cli_app_manages_users(users_db: Path) -> None:
    from docs.examples.cli_app import AdminModule

    cli = CommandFactory.create(AdminModule)
    runner = CliRunner()

    added = runner.invoke(cli, ["users", "add", "ada", "--admin"])
    assert added.exit_code == 0, added.output
    assert added.stdout == "added ada\n"
    assert added.stderr == "audit: added ada\n"  # on_application_shutdown ran after the command
    assert runner.invoke(cli, ["users", "add", "bob"]).exit_code == 0

    again = runner.invoke(cli, ["users", "add", "bob"])
    assert again.exit_code == 1
    assert "Error: user 'bob' already exists" in again.stderr

    assert runner.invoke(cli, ["users", "list"]).stdout == "ada (admin)\nbob\n"
    assert runner.invoke(cli, ["users", "list", "--admins-only"]).stdout == "ada (admin)\n"

    dry = runner.invoke(cli, ["users", "remove", "--dry-run", "ada", "bob"])
    assert dry.stdout == "would remove ada\nwould remove bob\n"
    removed = runner.invoke(cli, ["users", "remove", "ada", "nobody"])
    assert (removed.exit_code, removed.stdout) == (0, "removed ada\n")
    assert runner.invoke(cli, ["users", "list"]).stdout == "bob\n"

    help_text = runner.invoke(cli, ["users", "--help"]).output
    assert "add     Add a user." in help_text and "remove  Remove users" in help_text


def test_cli_app_closes_the_connection_after_each_command(users_db: Path) -> None:
    from docs.examples import cli_app

    opened: list[sqlite3.Connection] = []

    def tracking() -> Iterator[sqlite3.Connection]:
        for connection in cli_app.open_database():
            opened.append(connection)
            yield connection

    module = Module(
        controllers=[cli_app.UsersCommands],
        providers=[
            cli_app.UsersService,
            cli_app.AuditLog,
            {"provide": sqlite3.Connection, "use_factory": tracking},
        ],
    )(type("TrackedAdminModule", (), {}))
    cli = CommandFactory.create(module)
    assert CliRunner().invoke(cli, ["users", "list"]).exit_code == 0
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        opened[0].execute("SELECT 1")


@pytest.mark.slow
def test_cli_app_script_runs_as_a_program(users_db: Path) -> None:
    script = str(EXAMPLES / "cli_app.py")
    env = {**os.environ, "USERS_DB": str(users_db)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, script, *args], capture_output=True, text=True, env=env, timeout=60
        )

    assert run("users", "add", "ada").returncode == 0
    listed = run("users", "list")
    assert (listed.returncode, listed.stdout) == (0, "ada\n")
    assert run("users", "add", "ada").returncode == 1
    assert run("users", "frobnicate").returncode == 2


def test_cli_app_testing_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docs.examples.cli_app_testing import test_add_then_list_users

    test_add_then_list_users(tmp_path, monkeypatch)
    assert (tmp_path / "users.sqlite3").is_file()


def test_cli_app_pynest_style() -> None:
    from docs.examples.cli_app_pynest import app

    result = CliRunner().invoke(app, ["greet", "hello", "-n", "Ada"])
    assert (result.exit_code, result.output) == (0, "Hello, Ada!\n")
    assert "hello  Greet someone" in CliRunner().invoke(app, ["greet", "--help"]).output


async def test_cli_app_web_serves_http() -> None:
    from docs.examples.cli_app_web import app

    async with create_test_client(app) as client:
        assert (await client.get("/books/in-stock")).json() == ["dune"]
    assert [route.path for route in app.routes()] == ["/books/in-stock"]


def test_cli_app_web_runs_commands() -> None:
    from docs.examples.cli_app_web import BookstoreModule

    cli = CommandFactory.create(BookstoreModule)
    assert list(cli.commands) == ["catalog"]
    assert CliRunner().invoke(cli, ["catalog", "report"]).output == "dune\n"
    assert CliRunner().invoke(cli, ["catalog", "report", "--out-of-stock"]).output == "emma\n"
