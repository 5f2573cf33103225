"""The files of a new application (``pynest generate application``)."""

from __future__ import annotations

from pathlib import Path

from nest.__about__ import __version__
from nest.cli.generators.databases import database_profile
from nest.cli.naming import Names
from nest.cli.plan import Plan
from nest.cli.render import render

__all__ = ["application_plan"]

# template under templates/application -> path in the new project
_FILES = (
    ("main.py.jinja", "main.py"),
    ("pyproject.toml.jinja", "pyproject.toml"),
    ("README.md.jinja", "README.md"),
    ("gitignore.jinja", ".gitignore"),
    ("env.example.jinja", ".env.example"),
    ("src/__init__.py.jinja", "src/__init__.py"),
    ("src/config.py.jinja", "src/config.py"),
    ("src/app_module.py.jinja", "src/app_module.py"),
    ("src/app_controller.py.jinja", "src/app_controller.py"),
    ("src/app_service.py.jinja", "src/app_service.py"),
    ("tests/__init__.py.jinja", "tests/__init__.py"),
    ("tests/conftest.py.jinja", "tests/conftest.py"),
    ("tests/test_app.py.jinja", "tests/test_app.py"),
)


def _nest_requirement() -> str:
    release = __version__.split("+")[0]
    parts = release.split(".")
    return f"nest-framework>={'.'.join(parts[:2])}" if len(parts) >= 2 else "nest-framework"


def application_plan(names: Names, *, target: Path, db_type: str, is_async: bool) -> Plan:
    """Plan the files of a new project in ``target``.

    Args:
        names: The application's name.
        target: The new project folder.
        db_type: ``postgresql``, ``mysql`` or ``sqlite``.
        is_async: Use the async ORM provider and ``async def`` handlers.

    Returns:
        The plan; nothing is written yet.
    """
    profile = database_profile(db_type)
    dependencies = [
        _nest_requirement(),
        "fastapi>=0.115",
        "uvicorn[standard]>=0.30",
        "pydantic>=2.7",
        "sqlalchemy[asyncio]>=2.0.30" if is_async else "sqlalchemy>=2.0.30",
        "alembic>=1.13",
        "python-dotenv>=1.0",
        *profile.drivers(is_async=is_async),
    ]
    context = {
        "app": names,
        "db_type": db_type,
        "db_label": profile.label,
        "is_async": is_async,
        "provider": "AsyncOrmProvider" if is_async else "OrmProvider",
        "env_prefix": profile.env_prefix,
        "default_port": profile.port,
        "default_user": profile.user,
        "env_defaults": profile.env_defaults(names.snake),
        "dependencies": dependencies,
        "dev_dependencies": ["pytest>=8", "pytest-asyncio>=0.26", "httpx>=0.27", "ruff>=0.6"],
    }
    plan = Plan(root=target.parent)
    for template, output in _FILES:
        plan.add(target / output, render(f"application/{template}", **context))
    return plan
