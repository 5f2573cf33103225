"""``pynest generate`` (alias ``g``) and ``pynest create-nest-app``."""

from __future__ import annotations

from pathlib import Path

import click

from nest.cli.aliases import AliasGroup
from nest.cli.commands.options import name_option, write_options
from nest.cli.errors import CliError
from nest.cli.generators import application_plan, feature_plan
from nest.cli.naming import normalize_name
from nest.cli.project import DB_TYPES, find_project

__all__ = ["create_nest_app", "generate"]

_DB_ALIASES = {"postgres": "postgresql", "pg": "postgresql", "mariadb": "mysql"}


def _db_type(value: str) -> str:
    db_type = _DB_ALIASES.get(value.lower(), value.lower())
    if db_type not in DB_TYPES:
        raise CliError(f"unknown db type {value!r}: use one of {', '.join(DB_TYPES)}")
    return db_type


@click.group(cls=AliasGroup, aliases={"app": "application", "res": "resource"})
def generate() -> None:
    """Generate an application or, inside one, a resource, module, controller or service (alias: g)."""


def _application_options(func: click.decorators.FC) -> click.decorators.FC:
    func = write_options(func)
    func = click.option(
        "--path",
        "path",
        default=".",
        show_default=True,
        type=click.Path(file_okay=False),
        help="Folder to create the project folder in.",
    )(func)
    func = click.option(
        "--is-async/--is-sync", default=False, help="Async ORM provider and async handlers."
    )(func)
    func = click.option(
        "-db",
        "--db-type",
        default="sqlite",
        show_default=True,
        help=f"Database: {', '.join(DB_TYPES)}.",
    )(func)
    return name_option(func)


def _create_application(
    name: str, db_type: str, is_async: bool, path: str, dry_run: bool, force: bool
) -> None:
    names = normalize_name(name, kind="application name", allow_reserved=True)
    kind = _db_type(db_type)
    target = Path(path).resolve() / names.snake
    plan = application_plan(names, target=target, db_type=kind, is_async=is_async)
    plan.apply(dry_run=dry_run, force=force)
    if not dry_run:
        click.echo(
            f"\nCreated {names.snake} ({kind}, {'async' if is_async else 'sync'}). Next:\n"
            f"  cd {names.snake}\n  cp .env.example .env\n  python main.py"
        )


@generate.command("application")
@_application_options
def application(
    name: str, db_type: str, is_async: bool, path: str, dry_run: bool, force: bool
) -> None:
    """Create a new project folder NAME with a runnable application."""
    _create_application(name, db_type, is_async, path, dry_run, force)


@click.command("create-nest-app")
@_application_options
def create_nest_app(
    name: str, db_type: str, is_async: bool, path: str, dry_run: bool, force: bool
) -> None:
    """Create a new project folder NAME: the same as pynest generate application."""
    _create_application(name, db_type, is_async, path, dry_run, force)


_path_option = click.option(
    "--path",
    "path",
    default=None,
    type=click.Path(file_okay=False),
    help="Folder inside the source folder to create it in (default: src).",
)


def _generate_feature(kind: str, name: str, path: str | None, dry_run: bool, force: bool) -> None:
    project = find_project()
    names = normalize_name(name, kind=f"{kind} name")
    plan = feature_plan(project, kind, names, path=path)
    plan.apply(dry_run=dry_run, force=force)


def _feature_command(kind: str, summary: str) -> click.Command:
    @name_option
    @_path_option
    @write_options
    def command(name: str, path: str | None, dry_run: bool, force: bool) -> None:
        _generate_feature(kind, name, path, dry_run, force)

    command.__doc__ = summary
    return click.command(kind)(command)


@click.command("module")
@name_option
@_path_option
@click.option(
    "--empty",
    is_flag=True,
    help="Only the module file, with no entity, models, service, controller or tests.",
)
@write_options
def module_command(name: str, path: str | None, empty: bool, dry_run: bool, force: bool) -> None:
    """Add a feature module: entity, models, service, controller, module and tests, as PyNest's
    `pynest g module` did (the same files as `generate resource`); --empty for the module alone."""
    _generate_feature("module" if empty else "resource", name, path, dry_run, force)


generate.add_command(
    _feature_command(
        "resource",
        "Add a CRUD resource: entity, models, service, controller, module and tests.",
    )
)
generate.add_command(module_command)
generate.add_command(_feature_command("controller", "Add a controller."))
generate.add_command(_feature_command("service", "Add an injectable service."))
