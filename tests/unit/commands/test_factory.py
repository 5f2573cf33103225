from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import click
import pytest
from click.testing import CliRunner

from nest.commands import CliCommand, CliController, CommandFactory
from nest.di import Inject, Injectable, Lazy, Module, Scope

EVENTS: list[str] = []


@pytest.fixture(autouse=True)
def _clear_events() -> Iterator[None]:
    EVENTS.clear()
    yield
    EVENTS.clear()


class Hooks:
    label = ""

    def on_module_init(self) -> None:
        EVENTS.append(f"init {self.label}")

    async def on_application_shutdown(self, *signal: Any) -> None:
        EVENTS.append(f"shutdown {self.label}")


@Injectable
class Greeter(Hooks):
    label = "Greeter"

    def greet(self, name: str) -> str:
        return f"Hello, {name}!"


async def open_connection() -> AsyncIterator[dict[str, Any]]:
    EVENTS.append("connection opened")
    await asyncio.sleep(0)
    yield {"url": "memory://", "open": True}
    EVENTS.append("connection closed")


CONNECTION = {"provide": "CONNECTION", "use_factory": open_connection}


@CliController("greet")
class GreetController(Hooks):
    """Greetings on the command line."""

    label = "GreetController"

    def __init__(
        self, greeter: Greeter, connection: Annotated[dict[str, Any], Inject("CONNECTION")]
    ) -> None:
        self.greeter = greeter
        self.connection = connection

    @CliCommand("hello", help="Say hello to someone")
    @click.option("--name", default="world")
    def hello(self, name: str) -> None:
        EVENTS.append("command hello")
        click.echo(self.greeter.greet(name))

    @CliCommand()
    async def check_connection(self) -> None:
        """Show the connection built by an async factory."""
        await asyncio.sleep(0)
        EVENTS.append("command check-connection")
        click.echo(f"{self.connection['url']} open={self.connection['open']}")

    @CliCommand("fail")
    def fail(self) -> None:
        EVENTS.append("command fail")
        raise ValueError("the command failed")

    @CliCommand("async-fail")
    async def async_fail(self) -> None:
        EVENTS.append("command async-fail")
        raise LookupError("the async command failed")

    @CliCommand("usage")
    def usage(self) -> None:
        raise click.UsageError("bad usage")

    @CliCommand("refuse")
    def refuse(self) -> None:
        raise click.ClickException("refused")

    @CliCommand("exit-with")
    @click.argument("code", type=int)
    def exit_with(self, code: int) -> None:
        click.get_current_context().exit(code)

    @CliCommand("sys-exit")
    def sys_exit(self) -> None:
        sys.exit(4)

    @CliCommand("same")
    def same(self) -> None:
        click.echo(str(id(self.greeter)))


@Module(controllers=[GreetController], providers=[Greeter, CONNECTION])
class GreetModule:
    pass


@pytest.fixture
def cli() -> click.Group:
    return CommandFactory.create(GreetModule)


def invoke(cli: click.Group, *args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_create_returns_a_click_group_with_one_sub_group_per_controller(cli: click.Group) -> None:
    assert isinstance(cli, click.Group) and cli.name == "main"
    assert list(cli.commands) == ["greet"]
    group = cli.commands["greet"]
    assert isinstance(group, click.Group)
    assert list(group.commands) == [
        "hello",
        "check-connection",
        "fail",
        "async-fail",
        "usage",
        "refuse",
        "exit-with",
        "sys-exit",
        "same",
    ]


def test_a_command_uses_the_injected_service(cli: click.Group) -> None:
    result = invoke(cli, "greet", "hello", "--name", "Ada")
    assert result.exit_code == 0, result.output
    assert result.output == "Hello, Ada!\n"
    assert invoke(cli, "greet", "hello").output == "Hello, world!\n"


def test_help_lists_groups_and_commands_with_their_help_and_starts_nothing(
    cli: click.Group,
) -> None:
    top = invoke(cli, "--help")
    assert top.exit_code == 0
    assert "greet  Greetings on the command line." in top.output
    group = invoke(cli, "greet", "--help")
    assert group.exit_code == 0
    assert "Greetings on the command line." in group.output
    assert "hello             Say hello to someone" in group.output
    assert "check-connection  Show the connection built by an async factory." in group.output
    command = invoke(cli, "greet", "hello", "--help")
    assert "Usage: main greet hello [OPTIONS]" in command.output
    assert "--name TEXT" in command.output
    assert EVENTS == []  # no container was built for --help


def test_async_command_with_an_async_factory_provider(cli: click.Group) -> None:
    result = invoke(cli, "greet", "check-connection")
    assert result.exit_code == 0, result.output
    assert result.output == "memory:// open=True\n"


def test_lifecycle_runs_around_the_command(cli: click.Group) -> None:
    assert invoke(cli, "greet", "hello").exit_code == 0
    assert EVENTS == [
        "connection opened",
        "init Greeter",
        "init GreetController",
        "command hello",
        "shutdown GreetController",
        "shutdown Greeter",
        "connection closed",
    ]


@pytest.mark.parametrize(
    ("command", "error", "message"),
    [("fail", ValueError, "the command failed"), ("async-fail", LookupError, "async command")],
)
def test_lifecycle_closes_when_the_command_raises(
    cli: click.Group, command: str, error: type[Exception], message: str
) -> None:
    result = invoke(cli, "greet", command)
    assert result.exit_code == 1
    assert isinstance(result.exception, error) and message in str(result.exception)
    expected = [
        "connection opened",
        "init Greeter",
        "init GreetController",
        f"command {command}",
        "shutdown GreetController",
        "shutdown Greeter",
        "connection closed",
    ]
    assert expected == EVENTS


@pytest.mark.parametrize(
    ("args", "code", "shown"),
    [
        (["greet", "hello"], 0, "Hello, world!"),
        (["greet", "nope"], 2, "No such command 'nope'"),
        (["greet", "hello", "--bogus"], 2, "--bogus"),
        (["greet", "usage"], 2, "Error: bad usage"),
        (["greet", "refuse"], 1, "Error: refused"),
        (["greet", "exit-with", "3"], 3, ""),
        (["greet", "sys-exit"], 4, ""),
    ],
)
def test_exit_codes(cli: click.Group, args: list[str], code: int, shown: str) -> None:
    result = invoke(cli, *args)
    assert result.exit_code == code, result.output
    assert shown in result.output


def test_exit_via_click_still_shuts_down(cli: click.Group) -> None:
    assert invoke(cli, "greet", "exit-with", "3").exit_code == 3
    assert EVENTS[-1] == "connection closed"


def test_each_invocation_gets_its_own_container(cli: click.Group) -> None:
    first = invoke(cli, "greet", "same").output
    second = invoke(cli, "greet", "same").output
    assert first != second  # a new Greeter each time: the previous one was shut down
    assert EVENTS.count("init Greeter") == 2 and EVENTS.count("connection closed") == 2


def test_run_exits_with_the_command_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ok:
        CommandFactory.run(GreetModule, ["greet", "hello", "--name", "Bo"], prog_name="tool")
    assert ok.value.code == 0
    assert capsys.readouterr().out == "Hello, Bo!\n"
    with pytest.raises(SystemExit) as usage:
        CommandFactory.run(GreetModule, ["greet", "hello", "-x"], prog_name="tool")
    assert usage.value.code == 2
    assert "Usage: tool greet hello [OPTIONS]" in capsys.readouterr().err


def test_group_options_pass_to_click() -> None:
    cli = CommandFactory.create(
        GreetModule,
        name="tool",
        help="Admin tasks.",
        context_settings={"help_option_names": ["-h"]},
    )
    result = invoke(cli, "-h")
    assert result.exit_code == 0
    assert "Usage: tool [OPTIONS] COMMAND" in result.output and "Admin tasks." in result.output


# -- start-up failures ---------------------------------------------------------------------


class Failing:
    def on_module_init(self) -> None:
        EVENTS.append("failing init")
        raise RuntimeError("cannot start")


@Module(controllers=[GreetController], providers=[Greeter, CONNECTION, Failing])
class FailingModule:
    pass


def test_a_failing_start_up_skips_the_command_and_tears_down() -> None:
    result = invoke(CommandFactory.create(FailingModule), "greet", "hello")
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError) and str(result.exception) == "cannot start"
    assert "command hello" not in EVENTS
    assert EVENTS[-1] == "connection closed"


async def test_invoking_inside_a_running_event_loop_says_what_to_do() -> None:
    cli = CommandFactory.create(GreetModule)
    result = CliRunner().invoke(cli, ["greet", "hello"])
    assert isinstance(result.exception, RuntimeError)
    assert "invoked inside a running event loop" in str(result.exception)
    assert "from synchronous code" in str(result.exception)


# -- REQUEST providers: one command run is one unit of work ----------------------------------


class UnitOfWork:
    def __init__(self) -> None:
        self.steps: list[str] = []


async def open_unit_of_work() -> AsyncIterator[UnitOfWork]:
    unit = UnitOfWork()
    try:
        yield unit
    except Exception as exc:
        EVENTS.append(f"rolled back {unit.steps} ({exc})")
        raise
    else:
        EVENTS.append(f"committed {unit.steps}")


@CliController("work")
class WorkController:
    def __init__(self, unit: Lazy[UnitOfWork]) -> None:
        self.unit = unit

    @CliCommand("do")
    async def do(self, fail: bool = False) -> None:
        first, second = await self.unit.get(), await self.unit.get()
        assert first is second
        first.steps.append("write")
        if fail:
            raise RuntimeError("boom")


@Module(
    controllers=[WorkController],
    providers=[{"provide": UnitOfWork, "use_factory": open_unit_of_work, "scope": Scope.REQUEST}],
)
class WorkModule:
    pass


def test_request_providers_live_for_one_command_run() -> None:
    cli = CommandFactory.create(WorkModule)
    assert CliRunner().invoke(cli, ["work", "do"]).exit_code == 0
    assert EVENTS == ["committed ['write']"]
    failed = CliRunner().invoke(cli, ["work", "do", "--fail"])
    assert failed.exit_code == 1 and str(failed.exception) == "boom"
    assert EVENTS == ["committed ['write']", "rolled back ['write'] (boom)"]
