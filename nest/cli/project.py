"""Finding the project the CLI runs in and reading its ``[tool.pynest]`` settings.

Settings live in the project, never in the installed package: in ``[tool.pynest]`` of
``pyproject.toml`` or at the top level of ``.pynest.toml``. A PyNest project made before
either existed (``src/app_module.py`` and ``src/config.py`` only) is recognised too, with its
database type read from ``src/config.py``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nest.cli.errors import CliError

__all__ = ["DB_TYPES", "Project", "ProjectSettings", "find_project"]

DB_TYPES = ("postgresql", "mysql", "sqlite")


@dataclass(frozen=True)
class ProjectSettings:
    """The settings ``pynest`` keeps for one project.

    Attributes:
        db_type: ``postgresql``, ``mysql`` or ``sqlite``.
        is_async: Whether the project uses the async ORM provider and ``async def`` handlers.
        source_dir: Folder of the application package, relative to the project root.
        app: ``module:attribute`` of the ``NestApplication`` object.
        config: ``module:attribute`` of the ORM provider.
        migrations_dir: Folder of the Alembic environment, relative to the project root.
    """

    db_type: str = "sqlite"
    is_async: bool = True
    source_dir: str = "src"
    app: str = "src.app_module:app"
    config: str = "src.config:config"
    migrations_dir: str = "migrations"

    @classmethod
    def from_mapping(cls, data: dict[str, Any], *, origin: str) -> ProjectSettings:
        """Build settings from a TOML table, checking every key and value."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise CliError(f"unknown setting(s) {', '.join(unknown)} in {origin}")
        settings = cls(**data)
        if settings.db_type not in DB_TYPES:
            raise CliError(
                f"unknown db type {settings.db_type!r} in {origin}; "
                f"use one of {', '.join(DB_TYPES)}"
            )
        if not isinstance(settings.is_async, bool):
            raise CliError(f"is_async in {origin} must be true or false")
        return settings


@dataclass(frozen=True)
class Project:
    """A project on disk and its settings.

    Attributes:
        root: The project folder.
        settings: Its ``pynest`` settings.
    """

    root: Path
    settings: ProjectSettings

    @property
    def source(self) -> Path:
        """The application package folder (``<root>/src``)."""
        return self.root / self.settings.source_dir

    @property
    def app_module_file(self) -> Path:
        """The file that declares the root module (``src/app_module.py``)."""
        module = self.settings.app.partition(":")[0]
        return self.root.joinpath(*module.split(".")).with_suffix(".py")


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    try:  # pragma: no cover - Python 3.10 only
        import tomli  # type: ignore[import-not-found, unused-ignore]
    except ImportError:  # pragma: no cover
        raise CliError(
            "reading pyproject.toml on Python 3.10 needs the tomli package: pip install tomli"
        ) from None
    return tomli  # pragma: no cover


def _read_toml(path: Path) -> dict[str, Any]:
    toml = _toml()
    try:
        data: dict[str, Any] = toml.loads(path.read_text(encoding="utf-8"))
    except toml.TOMLDecodeError as exc:
        raise CliError(f"cannot read {path}: {exc}") from exc
    return data


def _legacy_settings(root: Path) -> ProjectSettings | None:
    config = root / "src" / "config.py"
    if not (root / "src" / "app_module.py").is_file() or not config.is_file():
        return None
    text = config.read_text(encoding="utf-8")
    match = re.search(r"db_type\s*=\s*['\"](\w+)['\"]", text)
    db_type = match.group(1) if match and match.group(1) in DB_TYPES else "sqlite"
    return ProjectSettings(db_type=db_type, is_async="AsyncOrmProvider" in text)


def _settings_at(folder: Path) -> ProjectSettings | None:
    dot_file = folder / ".pynest.toml"
    if dot_file.is_file():
        return ProjectSettings.from_mapping(_read_toml(dot_file), origin=str(dot_file))
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {}).get("pynest")
        if isinstance(table, dict):
            return ProjectSettings.from_mapping(table, origin=f"{pyproject} [tool.pynest]")
    return _legacy_settings(folder)


def find_project(start: Path | None = None) -> Project:
    """Find the project that holds ``start`` (the working directory by default).

    Args:
        start: A folder inside the project.

    Returns:
        The nearest enclosing project.

    Raises:
        CliError: If no enclosing folder has ``[tool.pynest]``, ``.pynest.toml`` or a PyNest layout.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        settings = _settings_at(folder)
        if settings is not None:
            return Project(root=folder, settings=settings)
    raise CliError(
        f"not inside a pynest project ({here}): run this in a folder made by "
        "'pynest generate application -n NAME', or add a [tool.pynest] table to its pyproject.toml"
    )
