"""Importing a project's own code (its app, its ORM provider) from inside the CLI."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from nest.cli.errors import CliError
from nest.cli.project import Project

__all__ = ["load_object", "project_imports"]


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


@contextmanager
def project_imports(project: Project) -> Iterator[None]:
    """Make the project importable for the duration of the block.

    The project root goes first on ``sys.path``, and the project's top-level package
    (``src``) is imported afresh, so a process that loads two projects one after the
    other (tests do) never sees the first one's modules.
    """
    package = project.settings.app.partition(":")[0].split(".")[0]
    root = str(project.root)
    saved_path = list(sys.path)
    _forget(package)
    sys.path.insert(0, root)
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path[:] = saved_path
        _forget(package)


def load_object(spec: str, *, what: str) -> Any:
    """Import ``module:attribute``; call inside :func:`project_imports`.

    Args:
        spec: ``src.app_module:app``.
        what: What the object is, for the error message (``the application``).

    Raises:
        CliError: If the module fails to import or has no such attribute.
    """
    module_name, _, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise CliError(
            f"cannot import {module_name} to load {what}: {type(exc).__name__}: {exc}"
        ) from exc
    try:
        return getattr(module, attribute or "app")
    except AttributeError:
        raise CliError(
            f"{module_name} has no attribute {attribute!r} ({what}); "
            "fix 'app'/'config' in [tool.pynest]"
        ) from None
