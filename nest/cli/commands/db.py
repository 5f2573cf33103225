"""``pynest db``: Alembic migrations wired to the project's ORM provider and entities."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from nest.cli.commands.options import write_options
from nest.cli.errors import CliError
from nest.cli.loader import project_imports
from nest.cli.plan import Plan
from nest.cli.project import Project, find_project
from nest.cli.render import render

__all__ = ["db"]


def _alembic() -> tuple[Any, Any, type[Exception]]:
    try:
        from alembic import command
        from alembic.config import Config
        from alembic.util import CommandError
    except ImportError as exc:  # pragma: no cover - alembic is a dependency of nest
        raise CliError("pynest db needs Alembic: pip install alembic") from exc
    return command, Config, CommandError


def _context(project: Project) -> dict[str, str]:
    module, _, attribute = project.settings.config.partition(":")
    return {
        "config_module": module,
        "config_attr": attribute or "config",
        "source_dir": project.settings.source_dir,
        "migrations_dir": project.settings.migrations_dir,
    }


def _config(project: Project) -> Any:
    _, config_class, _ = _alembic()
    folder = project.root / project.settings.migrations_dir
    if not (folder / "env.py").is_file():
        raise CliError(f"no migrations in {folder}: run 'pynest db init' first")
    ini = project.root / "alembic.ini"
    # Alembic binds sys.stdout when it is imported; hand it the current one (CliRunner's too).
    config = config_class(str(ini) if ini.is_file() else None, stdout=sys.stdout)
    config.set_main_option("script_location", str(folder))
    return config


def _run(action: Callable[[Any, Any], None]) -> None:
    """Run an Alembic command with the project importable; its failures as one line."""
    command, _, command_error = _alembic()
    project = find_project()
    config = _config(project)
    with project_imports(project):
        try:
            action(command, config)
        except command_error as exc:
            raise CliError(f"alembic: {exc}") from exc
        except CliError:
            raise
        except Exception as exc:
            raise CliError(f"migration failed: {type(exc).__name__}: {exc}") from exc


@click.group()
def db() -> None:
    """Database migrations (Alembic) for this project."""


@db.command("init")
@write_options
def init(dry_run: bool, force: bool) -> None:
    """Create the migrations folder and alembic.ini, wired to src/config.py."""
    project = find_project()
    context = _context(project)
    folder = project.root / project.settings.migrations_dir
    plan = Plan(root=project.root)
    plan.add(project.root / "alembic.ini", render("migrations/alembic.ini.jinja", **context))
    plan.add(folder / "env.py", render("migrations/env.py.jinja", **context))
    plan.add(folder / "script.py.mako", render("migrations/script.py.mako.jinja", **context))
    plan.add(folder / "README", render("migrations/README.jinja", **context))
    plan.add(folder / "versions" / ".gitkeep", "")
    plan.apply(dry_run=dry_run, force=force)


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option(
    "--autogenerate", is_flag=True, help="Fill it in by comparing the entities with the database."
)
def revision(message: str, autogenerate: bool) -> None:
    """Create a new migration script."""
    _run(
        lambda command, config: command.revision(config, message=message, autogenerate=autogenerate)
    )


@db.command("upgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    _run(lambda command, config: command.upgrade(config, revision))


@db.command("downgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (-1 for one step, or base)."""
    _run(lambda command, config: command.downgrade(config, revision))


@db.command("current")
def current() -> None:
    """Show the revision the database is at."""
    _run(lambda command, config: command.current(config, verbose=False))


@db.command("history")
def history() -> None:
    """List the migrations, newest first."""
    _run(lambda command, config: command.history(config))
