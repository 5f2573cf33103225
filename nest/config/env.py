"""The variables a configuration is read from: the process environment over the env files."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from dotenv import dotenv_values

__all__ = ["Environment", "MissingVariableError", "env_file_list"]


class MissingVariableError(KeyError):
    """A variable read with ``env["NAME"]`` is set neither in the environment nor in an env file."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def env_file_list(
    env_file: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None,
) -> tuple[Path, ...]:
    """``env_file`` as a tuple of paths (one file, several, or none)."""
    if env_file is None:
        return ()
    if isinstance(env_file, str | os.PathLike):
        return (Path(env_file),)
    return tuple(Path(f) for f in env_file)


class Environment(Mapping[str, str]):
    """A snapshot of the process environment laid over the values of the env files.

    Precedence, highest first: the process environment, then the env files, a later file
    winning over an earlier one (``[".env", ".env.local"]``: ``.env.local`` wins). Files are
    read with python-dotenv, which expands ``${NAME}`` references; a missing file is skipped.
    ``env["NAME"]`` raises :class:`MissingVariableError` (a ``KeyError``) for an unset name.
    """

    def __init__(
        self,
        files: Sequence[Path] = (),
        *,
        environ: Mapping[str, str] | None = None,
        files_ignored: bool = False,
    ) -> None:
        self.files = tuple(files)
        #: Env files were named but are deliberately not read (``ignore_env_file=True``).
        self.files_ignored = files_ignored
        self.missing_files = tuple(f for f in self.files if not f.is_file())
        self._from_files: dict[str, str] = {}
        self._file_of: dict[str, Path] = {}
        for path in self.files:
            if path in self.missing_files:
                continue
            for name, value in dotenv_values(path, encoding="utf-8").items():
                if value is not None:  # a bare `NAME` line with no `=` sets nothing
                    self._from_files[name] = value
                    self._file_of[name] = path
        self._environ = dict(os.environ if environ is None else environ)
        self._merged = {**self._from_files, **self._environ}

    def __getitem__(self, name: str) -> str:
        try:
            return self._merged[name]
        except KeyError:
            raise MissingVariableError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._merged)

    def __len__(self) -> int:
        return len(self._merged)

    def __repr__(self) -> str:  # never the values: they may be secrets
        return f"<Environment {len(self)} variables, files={[str(f) for f in self.files]}>"

    def file_values(self) -> dict[str, str]:
        """The values read from the env files alone (a later file winning)."""
        return dict(self._from_files)

    def source_of(self, name: str, *, case_sensitive: bool = True) -> str | None:
        """Where ``name`` is set: ``"the environment"``, an env file's name, or ``None``."""
        key = name if case_sensitive else self._find(name)
        if key is None:
            return None
        if key in self._environ:
            return "the environment"
        path = self._file_of.get(key)
        return str(path) if path is not None else None

    def _find(self, name: str) -> str | None:
        folded = name.casefold()
        return next((k for k in self._merged if k.casefold() == folded), None)

    def export(self) -> None:
        """Set in ``os.environ`` every env-file variable the process environment does not have."""
        for name, value in self._from_files.items():
            os.environ.setdefault(name, value)
