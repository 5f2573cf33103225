"""Errors of the configuration module.

Messages name variables, fields and files, never the values: a value may be a secret.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nest.errors import NestError

__all__ = ["ConfigKeyError", "ConfigProblem", "ConfigValidationError", "NoConfigSchemaError"]


@dataclass(frozen=True)
class ConfigProblem:
    """One missing or invalid setting.

    Attributes:
        variable: The environment variable to set (``None`` when no single variable is to blame).
        location: Where the setting is declared: ``AppSettings.port`` or
            ``namespace 'database' (factory database_factory)``.
        message: What is wrong, without the value.
        missing: The variable is not set at all (rather than set to something invalid).
        source: Where the invalid value was read from: ``the environment`` or a file name.
    """

    variable: str | None
    location: str
    message: str
    missing: bool = False
    source: str | None = None

    def describe(self) -> str:
        head = self.variable or self.location
        where = [] if self.variable is None else [self.location]
        if self.source is not None:
            where.append(f"value from {self.source}")
        suffix = f" ({'; '.join(where)})" if where else ""
        return f"{head}: {self.message}{suffix}"


class ConfigValidationError(NestError):
    """Settings are missing or invalid at start-up; ``problems`` lists every one of them."""

    def __init__(
        self,
        problems: Sequence[ConfigProblem],
        *,
        owner: str,
        env_files: Sequence[str] = (),
        missing_files: Sequence[str] = (),
        files_ignored: bool = False,
    ) -> None:
        self.problems = list(problems)
        self.owner = owner
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"Invalid configuration of {owner}: {count} {noun} found at start-up."]
        lines += [f"  - {p.describe()}" for p in self.problems]
        lines.append("  How to fix:")
        missing = [p.variable for p in self.problems if p.missing and p.variable]
        where = "the environment"
        if files_ignored:
            where += " (env files are not read: ignore_env_file=True)"
        elif env_files:
            where += " or in " + " or ".join(env_files)
        else:
            where += " or in a .env file read by ConfigModule.for_root(env_file='.env')"
        if missing:
            lines.append(f"    - set {', '.join(missing)} in {where}")
        if any(not p.missing for p in self.problems):
            lines.append(
                "    - correct the invalid values where they are set "
                "(values are not shown here: they may be secrets)"
            )
        if missing_files:
            lines.append(f"    - note: these env files do not exist: {', '.join(missing_files)}")
        super().__init__("\n".join(lines))


class ConfigKeyError(NestError, LookupError):
    """``ConfigService.get_or_throw(key)`` found nothing under ``key``."""

    def __init__(self, key: str, *, schema: str | None, namespaces: Sequence[str]) -> None:
        self.key = key
        looked = []
        if namespaces:
            looked.append(f"the namespaces ({', '.join(repr(n) for n in namespaces)})")
        if schema:
            looked.append(f"the fields of {schema}")
        looked.append("the environment and the env files")
        super().__init__(
            f"Configuration key {key!r} is not set: looked in {', '.join(looked)}. "
            f"Set {key} in the environment or an env file, or give a default: "
            f"config.get({key!r}, default)."
        )


class NoConfigSchemaError(NestError, AttributeError):
    """``ConfigService.settings`` was read but ``ConfigModule.for_root`` got no ``schema``."""

    def __init__(self) -> None:
        super().__init__(
            "ConfigService.settings needs a schema: pass one to "
            "ConfigModule.for_root(schema=AppSettings), or read values with config.get('KEY')."
        )
