from __future__ import annotations

import pathlib
from typing import Annotated, Any, Literal

import click
import pytest
from click.testing import CliRunner

from nest.commands import CliCommand, CliController, CommandFactory
from nest.commands.params import plan_parameters
from nest.di import Module

NAME = click.Option(["-n", "--name"], help="Who to greet", required=True)
COUNT = click.Option(["--count"], type=int, default=1, show_default=True)


@CliController("tasks")
class TasksController:
    @CliCommand("stacked")
    @click.option("--times", type=int, default=1, help="How often")
    @click.argument("source")
    @click.argument("target")
    def stacked(self, source: str, target: str, times: int) -> None:
        click.echo(f"{source}->{target} x{times}")

    @CliCommand("annotated")
    def annotated(self, who: NAME, count: COUNT) -> None:  # type: ignore[valid-type]
        click.echo(f"{who} {count}")

    @CliCommand("in-default")
    def in_default(self, label: str = click.Option(["--label", "-l"], default="none")) -> None:
        click.echo(label)

    @CliCommand("in-annotated")
    def in_annotated(
        self, level: Annotated[int, click.Option(["--level"], type=int, default=3)]
    ) -> None:
        click.echo(f"level={level}")

    @CliCommand("plain")
    def plain(
        self,
        path: pathlib.Path,
        dry_run: bool = False,
        color: bool = True,
        limit: int = 10,
        ratio: float | None = None,
        mode: Literal["fast", "safe"] = "safe",
        tag: list[str] = [],  # noqa: B006 - never mutated, read by the factory
        untyped=5,  # type: ignore[no-untyped-def]
    ) -> None:
        click.echo(
            f"{type(path).__name__}:{path} dry_run={dry_run} color={color} limit={limit} "
            f"ratio={ratio} mode={mode} tag={tag!r} untyped={untyped!r}"
        )

    @CliCommand("many")
    def many(self, files: list[str]) -> None:
        click.echo(repr(files))

    @CliCommand("context")
    def context(self, ctx: click.Context) -> None:
        click.echo(ctx.info_name)

    @CliCommand("extra")
    @click.option("--alpha")
    @click.option("--beta")
    def extra(self, **options: Any) -> None:
        click.echo(sorted(options.items()))


@Module(controllers=[TasksController])
class TasksModule:
    pass


@pytest.fixture(scope="module")
def cli() -> click.Group:
    return CommandFactory.create(TasksModule)


def run(cli: click.Group, *args: str) -> str:
    result = CliRunner().invoke(cli, ["tasks", *args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_stacked_click_decorators_keep_clicks_order(cli: click.Group) -> None:
    assert run(cli, "stacked", "a", "b", "--times", "2") == "a->b x2\n"
    assert "--times INTEGER  How often" in run(cli, "stacked", "--help")


def test_options_given_as_annotations_pynest_style(cli: click.Group) -> None:
    # The option's click name ("name") reaches the parameter called "who".
    assert run(cli, "annotated", "-n", "Ada") == "Ada 1\n"
    assert run(cli, "annotated", "--name", "Bo", "--count", "4") == "Bo 4\n"
    text = run(cli, "annotated", "--help")
    assert "-n, --name TEXT" in text and "Who to greet" in text and "[default: 1]" in text
    result = CliRunner().invoke(cli, ["tasks", "annotated"])
    assert result.exit_code == 2 and "Missing option '-n' / '--name'" in result.output


def test_option_as_default_and_in_annotated(cli: click.Group) -> None:
    assert run(cli, "in-default") == "none\n"
    assert run(cli, "in-default", "-l", "x") == "x\n"
    assert run(cli, "in-annotated") == "level=3\n"
    assert run(cli, "in-annotated", "--level", "7") == "level=7\n"


def test_plain_parameters_become_options_and_arguments(cli: click.Group) -> None:
    assert run(cli, "plain", "data.csv") == (
        "PosixPath:data.csv dry_run=False color=True limit=10 ratio=None mode=safe tag=[] "
        "untyped=5\n"
    )
    out = run(
        cli,
        "plain",
        "in.txt",
        "--dry-run",
        "--no-color",
        "--limit",
        "3",
        "--ratio",
        "0.5",
        "--mode",
        "fast",
        "--tag",
        "a",
        "--tag",
        "b",
        "--untyped",
        "9",
    )
    assert out == (
        "PosixPath:in.txt dry_run=True color=False limit=3 ratio=0.5 mode=fast tag=['a', 'b'] "
        "untyped=9\n"
    )


def test_plain_parameters_help(cli: click.Group) -> None:
    text = run(cli, "plain", "--help")
    assert "Usage: main tasks plain [OPTIONS] PATH" in text
    for shown in (
        "--dry-run",
        "--color / --no-color",
        "--limit INTEGER",
        "[default: 10]",
        "--ratio FLOAT",
        "--mode [fast|safe]",
        "--tag TEXT",
    ):
        assert shown in text


def test_plain_parameters_are_validated_by_click(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["tasks", "plain", "x", "--limit", "many"])
    assert result.exit_code == 2 and "'many' is not a valid integer" in result.output
    result = CliRunner().invoke(cli, ["tasks", "plain", "x", "--mode", "slow"])
    assert result.exit_code == 2 and "'slow' is not one of 'fast', 'safe'" in result.output
    result = CliRunner().invoke(cli, ["tasks", "plain"])
    assert result.exit_code == 2 and "Missing argument 'PATH'" in result.output


def test_list_argument_takes_every_value_as_a_list(cli: click.Group) -> None:
    assert run(cli, "many", "a", "b", "c") == "['a', 'b', 'c']\n"


def test_context_parameter_receives_the_click_context(cli: click.Group) -> None:
    assert run(cli, "context") == "context\n"


def test_var_keyword_collects_stacked_options(cli: click.Group) -> None:
    assert run(cli, "extra", "--alpha", "1") == "[('alpha', '1'), ('beta', None)]\n"


class Thing:
    pass


def test_plan_reports_every_problem_of_a_method() -> None:
    @click.option("--ghost")
    def bad(
        self: object,
        first: int,
        /,
        thing: Thing,
        *rest: str,
        unresolved: Missing = 1,  # type: ignore[name-defined] # noqa: F821
    ) -> None:
        pass

    _, problems = plan_parameters(bad, "Some.bad (module M)")
    assert len(problems) == 5
    assert problems[0].startswith("Some.bad (module M): the option --ghost given by @click.option")
    assert "has no parameter 'ghost'. Add `ghost` to its parameters (or `**kwargs`)" in problems[0]
    assert "parameter 'first' is positional-only" in problems[1]
    assert "parameter 'thing': its type 'Thing' cannot be read from the command line" in problems[2]
    assert "Declare it with @click.option(...) or @click.argument(...)" in problems[2]
    assert "parameter *rest cannot be filled from the command line" in problems[3]
    assert "parameter 'unresolved': its annotation 'Missing' cannot be evaluated" in problems[4]


def test_two_parameters_with_one_click_name_are_reported() -> None:
    def twice(self: object, a: NAME, b: NAME) -> None:  # type: ignore[valid-type]
        pass

    _, problems = plan_parameters(twice, "T.twice")
    assert problems == [
        "T.twice: parameters 'a' and 'b' both declare the option -n/--name (click name 'name'); "
        "give each its own option."
    ]


def test_a_function_without_self_is_reported() -> None:
    _, problems = plan_parameters(lambda: None, "T.f")
    assert problems == ["T.f: a command must be a method that takes self first."]
