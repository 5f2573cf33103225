from __future__ import annotations

import click
import pytest

from nest.commands import CliCommand, CliController, CommandDefinitionError, CommandFactory
from nest.commands.planning import default_group_name
from nest.di import Injectable, Module, UnknownDependencyError
from nest.http import Controller, Get


class NotProvided:
    pass


@CliController("users")
class UsersController:
    def __init__(self, missing: NotProvided) -> None:
        self.missing = missing

    @CliCommand("list")
    def list_users(self) -> None:
        pass


@Module(controllers=[UsersController])
class MissingServiceModule:
    pass


def test_an_unresolvable_service_fails_at_start_up_with_the_containers_message() -> None:
    with pytest.raises(UnknownDependencyError) as caught:
        CommandFactory.create(MissingServiceModule)
    text = str(caught.value)
    assert "UsersController" in text and "MissingServiceModule" in text
    assert "missing: NotProvided,   <-- ? cannot be resolved" in text


@CliController("empty")
class EmptyController:
    def helper(self) -> None:
        pass


@Module(controllers=[EmptyController])
class EmptyModule:
    pass


def test_a_controller_without_commands_is_an_error_naming_the_class() -> None:
    with pytest.raises(CommandDefinitionError) as caught:
        CommandFactory.create(EmptyModule)
    assert str(caught.value) == (
        "CliController EmptyController (module EmptyModule) has no commands. Mark the methods that "
        "are commands with @CliCommand('name'), or remove the class from the module's "
        "controllers=[...]."
    )


@CliController("dup")
class DuplicateCommandsController:
    @CliCommand("run")
    def first(self) -> None:
        pass

    @CliCommand("run")
    def second(self) -> None:
        pass


@Module(controllers=[DuplicateCommandsController])
class DuplicateCommandsModule:
    pass


def test_a_duplicate_command_name_is_an_error_naming_the_class_and_methods() -> None:
    with pytest.raises(CommandDefinitionError) as caught:
        CommandFactory.create(DuplicateCommandsModule)
    assert str(caught.value) == (
        "CliController DuplicateCommandsController (module DuplicateCommandsModule) has two "
        "commands named 'run': first() and second(). Give one of them another name: "
        "@CliCommand('other-name')."
    )


@CliController("jobs")
class JobsController:
    @CliCommand
    def run(self) -> None:
        pass


@CliController("jobs")
class OtherJobsController:
    @CliCommand
    def run(self) -> None:
        pass


@Module(controllers=[OtherJobsController])
class OtherModule:
    pass


@Module(imports=[OtherModule], controllers=[JobsController])
class TwoGroupsModule:
    pass


def test_a_duplicate_group_name_is_an_error_naming_both_classes() -> None:
    with pytest.raises(CommandDefinitionError) as caught:
        CommandFactory.create(TwoGroupsModule)
    assert str(caught.value) == (
        "Two CLI controllers are named 'jobs': JobsController (module TwoGroupsModule) and "
        "OtherJobsController (module OtherModule). Give one of them another name: "
        "@CliController('other-name')."
    )


class NotACliController:
    @CliCommand("stray")
    def stray(self) -> None:
        pass


@CliController("bad-options", bogus_group_option=1)
class BadOptionsController:
    @CliCommand("cmd", bogus_command_option=2)
    def cmd(self) -> None:
        pass


@Module(
    controllers=[NotACliController, BadOptionsController, EmptyController],
    providers=[JobsController],
)
class ManyProblemsModule:
    pass


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(CommandDefinitionError) as caught:
        CommandFactory.create(ManyProblemsModule)
    problems = caught.value.problems
    assert len(problems) == 5, problems
    assert str(caught.value).startswith("The CLI application has 5 definition errors:\n\n[1] ")
    assert problems[0] == (
        "CliController JobsController is listed in providers=[...] of module ManyProblemsModule; "
        "list it in controllers=[...] instead."
    )
    assert problems[1] == (
        "NotACliController.stray (module ManyProblemsModule) is a @CliCommand, but "
        "NotACliController is not a CLI controller. Decorate the class with @CliController('name')."
    )
    assert problems[2].startswith("CliController EmptyController (module ManyProblemsModule)")
    assert problems[3].startswith(
        "@CliController on BadOptionsController (module ManyProblemsModule) has an option "
        "click.Group does not take:"
    )
    assert "bogus_group_option" in problems[3]
    assert problems[4].startswith(
        "@CliCommand on BadOptionsController.cmd (module ManyProblemsModule) has an option "
        "click.Command does not take:"
    )
    assert "bogus_command_option" in problems[4]


@Injectable
class Clock:
    def now(self) -> str:
        return "noon"


@CliController
class UserAdminController:
    """User administration."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @CliCommand
    def show_time(self) -> None:
        click.echo(self.clock.now())


@Controller("users")
class UsersHttpController:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @Get("/")
    def list_users(self) -> list[str]:
        return []


@Module(controllers=[UsersHttpController, UserAdminController], providers=[Clock])
class DefaultsModule:
    pass


def test_default_names_and_http_controllers_left_out() -> None:
    cli = CommandFactory.create(DefaultsModule)
    assert list(cli.commands) == ["user-admin"]
    group = cli.commands["user-admin"]
    assert isinstance(group, click.Group)
    assert list(group.commands) == ["show-time"]
    assert group.help == "User administration."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UserAdminController", "user-admin"),
        ("Controller", "controller"),
        ("HTTPToolsController", "http-tools"),
        ("db_tasks", "db-tasks"),
        ("Jobs", "jobs"),
    ],
)
def test_default_group_name(name: str, expected: str) -> None:
    assert default_group_name(type(name, (), {})) == expected


class BaseTasks:
    @CliCommand("hello")
    def hello(self) -> None:
        click.echo("base hello")

    @CliCommand("bye")
    def bye(self) -> None:
        click.echo("base bye")


@CliController("tasks")
class Tasks(BaseTasks):
    @CliCommand("hello")
    def hello(self) -> None:
        click.echo("own hello")

    def bye(self) -> None:  # no longer a command
        pass


@Module(controllers=[Tasks])
class InheritModule:
    pass


def test_inherited_commands_and_overrides() -> None:
    group = CommandFactory.create(InheritModule).commands["tasks"]
    assert isinstance(group, click.Group)
    assert list(group.commands) == ["hello"]
