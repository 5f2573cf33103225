"""A plan of file writes: computed in full first, then shown (``--dry-run``) or applied.

Nothing is written until every new file is rendered and every edit is computed, so a
failure part-way leaves the project as it was.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import click

from nest.cli.errors import CliError

__all__ = ["FileChange", "Plan"]


@dataclass(frozen=True)
class FileChange:
    """One file to write.

    Attributes:
        path: Where to write it.
        content: Its full new text.
        edit: True when the content was derived from the file's current text (an edit such
            as registering a module), which is always safe to write.
    """

    path: Path
    content: str
    edit: bool = False

    def status(self) -> str:
        """``create``, ``update``, ``unchanged`` or ``conflict`` (exists with other content)."""
        if not self.path.exists():
            return "create"
        if self.path.read_text(encoding="utf-8") == self.content:
            return "unchanged"
        return "update" if self.edit else "conflict"


@dataclass
class Plan:
    """An ordered set of file writes under one root folder.

    Attributes:
        root: Paths are shown relative to this folder.
        changes: The writes, in order.
    """

    root: Path
    changes: list[FileChange] = field(default_factory=list)

    def add(self, path: Path, content: str, *, edit: bool = False) -> None:
        """Add a write; a later write to the same path replaces the earlier one."""
        self.changes = [c for c in self.changes if c.path != path]
        self.changes.append(FileChange(path, content, edit))

    def content_of(self, path: Path) -> str | None:
        """The planned content of ``path``, or None if the plan does not write it."""
        for change in self.changes:
            if change.path == path:
                return change.content
        return None

    def _show(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def apply(self, *, dry_run: bool = False, force: bool = False) -> list[tuple[str, Path]]:
        """Write the plan, or only print it.

        Args:
            dry_run: Print what would be written and write nothing.
            force: Overwrite existing files whose content differs.

        Returns:
            ``(status, path)`` for every change.

        Raises:
            CliError: If a file exists with other content and ``force`` is not set; nothing
                is written then.
        """
        statuses = [(change.status(), change) for change in self.changes]
        conflicts = [self._show(c.path) for s, c in statuses if s == "conflict"]
        if conflicts and not force:
            raise CliError(
                f"refusing to overwrite existing file(s): {', '.join(conflicts)} "
                "(use --force to overwrite)"
            )
        prefix = "would " if dry_run else ""
        result: list[tuple[str, Path]] = []
        for status, change in statuses:
            if status == "conflict":
                status = "overwrite"
            result.append((status, change.path))
            shown = "unchanged" if status == "unchanged" else f"{prefix}{status}"
            click.echo(f"{shown:>16}  {self._show(change.path)}")
            if not dry_run and status != "unchanged":
                _write_atomically(change.path, change.content)
        return result


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
