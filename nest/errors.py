"""The root of every error and warning nest raises.

Each failure has its own subclass, and every message says what failed, where
(module, class, parameter) and how to fix it.
"""

from __future__ import annotations

__all__ = ["MissingDependencyError", "NestError", "NestWarning"]


class NestError(Exception):
    """Base class of every error raised by nest."""


class NestWarning(UserWarning):
    """Base class of every warning issued by nest."""


class MissingDependencyError(NestError, ImportError):
    """An optional package is needed for a feature but is not installed.

    The message names the package and the pip extra that installs it.
    """

    def __init__(self, package: str, *, extra: str | None = None, feature: str = "") -> None:
        self.package = package
        self.extra = extra
        what = f" for {feature}" if feature else ""
        how = f'pip install "nest-framework[{extra}]"' if extra else f"pip install {package}"
        super().__init__(
            f"The package {package!r} is required{what} but is not installed. "
            f"Install it with: {how}"
        )
