"""PyNest CLI applications run unchanged; CLI and HTTP controllers share one module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nest.commands import CliCommand, CliController, CommandFactory
from nest.di import Injectable, Module
from nest.http import Controller, Get, PyNestFactory
from nest.testing import create_test_client
from tests.unit.commands import pynest_cli_app

SCRIPT = Path(pynest_cli_app.__file__)


def test_import_paths_name_the_same_objects() -> None:
    import nest.cli
    import nest.commands
    import nest.core.decorators.cli
    from nest.core.cli_factory import CLIAppFactory
    from nest.core.decorators.cli import cli_decorators

    for module in (nest.cli, nest.core.decorators.cli, cli_decorators):
        assert module.CliCommand is nest.commands.CliCommand
        assert module.CliController is nest.commands.CliController
    assert CLIAppFactory is nest.commands.CLIAppFactory


def test_pynest_app_is_a_click_group() -> None:
    assert isinstance(pynest_cli_app.app, click.Group)
    assert list(pynest_cli_app.app.commands) == ["app"]


def test_pynest_command_uses_the_injected_service() -> None:
    result = CliRunner().invoke(pynest_cli_app.app, ["app", "info"])
    assert result.exit_code == 0, result.output
    assert result.output == "{'app_name': 'x', 'app_version': '1.0'}\n"


def test_pynest_options_given_as_annotations() -> None:
    result = CliRunner().invoke(pynest_cli_app.app, ["app", "version", "-n", "1.2.3"])
    assert (result.exit_code, result.output) == (0, "1.2.3\n")
    result = CliRunner().invoke(pynest_cli_app.app, ["app", "version", "--name", "Ada"])
    assert (result.exit_code, result.output) == (0, "Ada\n")
    missing = CliRunner().invoke(pynest_cli_app.app, ["app", "version"])
    assert missing.exit_code == 2
    assert "Error: Missing option '-n' / '--name'." in missing.output


def test_pynest_help_lists_commands_with_their_help() -> None:
    result = CliRunner().invoke(pynest_cli_app.app, ["app", "--help"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "Commands:" in lines
    commands = lines[lines.index("Commands:") + 1 :]
    assert [line.split()[0] for line in commands] == ["info", "version"]
    assert "version  Get the version of the app" in result.output
    version = CliRunner().invoke(pynest_cli_app.app, ["app", "version", "--help"])
    assert "-n, --name TEXT  Name  [required]" in version.output


@pytest.mark.slow
def test_the_script_runs_in_a_real_process() -> None:
    python = sys.executable  # the project's .venv/bin/python under `make test`
    info = subprocess.run(
        [python, str(SCRIPT), "app", "info"], capture_output=True, text=True, timeout=60
    )
    assert info.returncode == 0, info.stderr
    assert info.stdout == "{'app_name': 'x', 'app_version': '1.0'}\n"
    usage = subprocess.run(
        [python, str(SCRIPT), "app", "version"], capture_output=True, text=True, timeout=60
    )
    assert usage.returncode == 2
    assert f"Usage: {SCRIPT.name} app version [OPTIONS]" in usage.stderr


# -- HTTP and CLI controllers in one module --------------------------------------------------


@Injectable
class Inventory:
    def __init__(self) -> None:
        self.items = ["apple", "pear"]


@Controller("items")
class ItemsController:
    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory

    @Get("/")
    def list_items(self) -> list[str]:
        return self.inventory.items


@CliController("items")
class ItemsCliController:
    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory

    @CliCommand("count")
    def count(self) -> None:
        click.echo(len(self.inventory.items))


@Module(controllers=[ItemsController, ItemsCliController], providers=[Inventory])
class ShopModule:
    pass


async def test_the_http_factory_ignores_cli_controllers() -> None:
    app = PyNestFactory.create(ShopModule)
    assert [route.path for route in app.routes()] == ["/items"]
    async with create_test_client(app) as client:
        response = await client.get("/items")
    assert response.status_code == 200 and response.json() == ["apple", "pear"]


def test_the_cli_factory_ignores_http_controllers() -> None:
    cli = CommandFactory.create(ShopModule)
    assert list(cli.commands) == ["items"]
    result = CliRunner().invoke(cli, ["items", "count"])
    assert (result.exit_code, result.output) == (0, "2\n")
