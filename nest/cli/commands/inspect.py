"""``pynest routes`` and ``pynest info``: what a project serves and runs on."""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Any

import click

from nest.cli.errors import CliError
from nest.cli.loader import load_object, project_imports
from nest.cli.project import Project, find_project

__all__ = ["info", "root_module_imports", "route_rows", "routes"]

_PACKAGES = (
    ("nest", "nest-framework"),
    ("fastapi", "fastapi"),
    ("starlette", "starlette"),
    ("pydantic", "pydantic"),
    ("sqlalchemy", "sqlalchemy"),
    ("alembic", "alembic"),
    ("uvicorn", "uvicorn"),
)


def _server(app: Any) -> Any:
    get_server = getattr(app, "get_server", None)
    server = get_server() if callable(get_server) else app
    if not hasattr(server, "routes"):
        raise CliError(f"{type(app).__name__} is not a nest application or a FastAPI app")
    return server


def _handler_name(endpoint: Any) -> str:
    owner = getattr(endpoint, "__self__", None)
    name = getattr(endpoint, "__name__", repr(endpoint))
    if owner is not None and not isinstance(owner, type):
        return f"{type(owner).__name__}.{name}"
    return str(getattr(endpoint, "__qualname__", name))


def route_rows(app: Any) -> list[tuple[str, str, str]]:
    """``(methods, path, Controller.method)`` for every API route of ``app``."""
    rows: list[tuple[str, str, str]] = []
    for route in _server(app).routes:
        methods = getattr(route, "methods", None)
        endpoint = getattr(route, "endpoint", None)
        if not methods or endpoint is None or not getattr(route, "include_in_schema", True):
            continue
        shown = ",".join(sorted(m for m in methods if m != "HEAD") or sorted(methods))
        rows.append((shown, str(route.path), _handler_name(endpoint)))
    return rows


def _load_app(project: Project) -> Any:
    return load_object(project.settings.app, what="the application")


@click.command("routes")
def routes() -> None:
    """List every route: method, path, controller.method."""
    project = find_project()
    with project_imports(project):
        rows = route_rows(_load_app(project))
    if not rows:
        click.echo("no routes")
        return
    width_method = max(len(r[0]) for r in rows)
    width_path = max(len(r[1]) for r in rows)
    for method, path, handler in rows:
        click.echo(f"{method:<{width_method}}  {path:<{width_path}}  {handler}")


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def root_module_imports(project: Project) -> list[str]:
    """The names listed in ``imports=[...]`` of the root ``@Module``, read from its source."""
    import libcst as cst

    from nest.cli.register import module_field_names

    path = project.app_module_file
    if not path.is_file():
        return []
    try:
        tree = cst.parse_module(path.read_text(encoding="utf-8"))
    except cst.ParserSyntaxError as exc:
        raise CliError(f"cannot parse {path}: {exc.message}") from exc
    return module_field_names(tree, "imports")


def _database_line(project: Project) -> str:
    settings = project.settings
    mode = "async" if settings.is_async else "sync"
    with project_imports(project):
        try:
            provider = load_object(settings.config, what="the ORM provider")
        except CliError as exc:
            return f"{settings.db_type} ({mode}); provider not loaded: {exc.format_message()}"
    render_url = getattr(getattr(provider, "url", None), "render_as_string", None)
    shown = render_url(hide_password=True) if callable(render_url) else "?"
    return f"{settings.db_type} ({mode}) {shown}"


@click.command("info")
def info() -> None:
    """Show versions, and the project's database and modules."""
    click.echo(f"{'python':<12}{platform.python_version()}")
    for label, distribution in _PACKAGES:
        click.echo(f"{label:<12}{_version(distribution)}")
    try:
        project = find_project()
    except CliError:
        click.echo(f"{'project':<12}(not inside a pynest project)")
        return
    click.echo(f"{'project':<12}{project.root}")
    click.echo(f"{'database':<12}{_database_line(project)}")
    modules = root_module_imports(project)
    click.echo(f"{'modules':<12}{', '.join(modules) if modules else '(none)'}")
