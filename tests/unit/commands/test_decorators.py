from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from nest.commands import CliCommand, CliController
from nest.commands.decorators import (
    CliCommandMetadata,
    CliControllerMetadata,
    get_cli_command_metadata,
    get_cli_controller_metadata,
)


def test_decorators_record_metadata_and_return_the_same_objects() -> None:
    class Jobs:
        def run(self) -> None:
            pass

    original_run = Jobs.run
    assert CliCommand("run", help="Run it", hidden=True)(original_run) is original_run
    assert CliController("jobs", help="Jobs")(Jobs) is Jobs
    assert get_cli_controller_metadata(Jobs) == CliControllerMetadata("jobs", {"help": "Jobs"})
    assert get_cli_command_metadata(Jobs.run) == CliCommandMetadata(
        "run", {"help": "Run it", "hidden": True}
    )


def test_bare_and_empty_forms() -> None:
    @CliController
    class A:
        @CliCommand
        def one(self) -> None:
            pass

        @CliCommand()
        def two(self) -> None:
            pass

    @CliController()
    class B:
        pass

    assert get_cli_controller_metadata(A) == CliControllerMetadata()
    assert get_cli_controller_metadata(B) == CliControllerMetadata()
    assert get_cli_command_metadata(A.one) == CliCommandMetadata()
    assert get_cli_command_metadata(A.two) == CliCommandMetadata()


def test_controller_metadata_is_not_inherited() -> None:
    @CliController("base")
    class Base:
        pass

    class Child(Base):
        pass

    assert get_cli_controller_metadata(Child) is None
    assert get_cli_controller_metadata(object()) is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: CliController(""), "CliController(name) takes a non-empty string, not ''"),
        (lambda: CliController(3), "CliController(name) takes a non-empty string, not 3"),
        (lambda: CliCommand(" "), "CliCommand(name) takes a non-empty string, not ' '"),
        (lambda: CliController("x")(len), "@CliController decorates classes"),
        (lambda: CliCommand("x")(int), "@CliCommand decorates methods, not <class 'int'>"),
    ],
)
def test_misuse_is_a_type_error(call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_a_method_is_one_command() -> None:
    def run(self: object) -> None:
        pass

    CliCommand("run")(run)
    with pytest.raises(TypeError, match="already has @CliCommand"):
        CliCommand("again")(run)


def test_importing_the_decorators_from_nest_cli_stays_light() -> None:
    code = (
        "import sys\n"
        "from nest.cli import CliCommand, CliController\n"
        "heavy = [m for m in ('asyncio', 'nest.commands.factory', 'nest.di.container') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
        "import nest.commands\n"
        "print(nest.commands.CommandFactory.__name__, 'asyncio' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", "CommandFactory True"]
