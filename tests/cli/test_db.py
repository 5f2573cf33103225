"""``pynest db``: a migration that creates a table, then one that adds a column, per backend."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import Invoke, snapshot
from .databases import scratch_database

CASES = [
    pytest.param(db_type, is_async, id=f"{db_type}-{'async' if is_async else 'sync'}", marks=marks)
    for db_type, marks in (
        ("sqlite", ()),
        ("postgresql", (pytest.mark.postgres,)),
        ("mysql", (pytest.mark.mysql,)),
    )
    for is_async in (True, False)
]


def _migrations(root: Path) -> list[str]:
    return sorted(p.read_text() for p in (root / "migrations" / "versions").glob("*.py"))


@pytest.mark.parametrize(("db_type", "is_async"), CASES)
def test_migration_adds_a_column(
    invoke: Invoke,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    db_type: str,
    is_async: bool,
) -> None:
    mode = "--is-async" if is_async else "--is-sync"
    invoke(["generate", "application", "-n", "shop", "--db-type", db_type, mode])
    root = workdir / "shop"
    monkeypatch.chdir(root)
    invoke(["g", "resource", "-n", "book"])
    with scratch_database(db_type, workdir) as database:
        for key, value in database.env.items():
            monkeypatch.setenv(key, value)

        invoke(["db", "init"])
        assert (root / "migrations" / "env.py").is_file()
        invoke(["db", "revision", "-m", "create book", "--autogenerate"])
        (first,) = _migrations(root)
        assert "op.create_table(" in first and "'book'" in first
        invoke(["db", "upgrade"])
        assert database.columns("book") == {"id", "name", "description"}

        entity = root / "src" / "book" / "book_entity.py"
        entity.write_text(
            entity.read_text()
            + "    isbn: Mapped[str | None] = mapped_column(String(32), default=None)\n"
        )
        invoke(["db", "revision", "-m", "add isbn", "--autogenerate"])
        second = next(m for m in _migrations(root) if m != first)
        assert re.search(r"op\.(batch_op\.)?add_column\(.*'isbn'", second, re.S) or (
            "add_column" in second and "'isbn'" in second
        ), second
        invoke(["db", "upgrade", "head"])
        assert database.columns("book") == {"id", "name", "description", "isbn"}

        head = re.search(r"^revision: str = '(\w+)'", second, re.M)
        assert head is not None
        assert head.group(1) in invoke(["db", "current"]).output
        history = invoke(["db", "history"]).output
        assert "add isbn" in history and "create book" in history

        invoke(["db", "downgrade", "-1"])
        assert database.columns("book") == {"id", "name", "description"}


def test_db_init_dry_run_and_errors(invoke: Invoke, project: Path) -> None:
    before = snapshot(project)
    result = invoke(["db", "init", "--dry-run"])
    assert "would create  migrations/env.py" in result.output
    assert snapshot(project) == before
    result = invoke(["db", "upgrade"], ok=False)
    assert result.stderr.strip().startswith("Error: no migrations in ")
    assert result.stderr.strip().endswith("run 'pynest db init' first")


def test_a_failing_migration_is_one_error_line(invoke: Invoke, project: Path) -> None:
    invoke(["db", "init"])
    (project / "migrations" / "versions" / "0001_broken.py").write_text(
        'revision = "0001"\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade() -> None:\n    raise RuntimeError('boom\\nsecond line')\n\n\n"
        "def downgrade() -> None:\n    pass\n"
    )
    result = invoke(["db", "upgrade"], ok=False)
    assert result.stderr.strip().splitlines() == [
        "Error: migration failed: RuntimeError: boom second line"
    ]
