from __future__ import annotations

import os
from pathlib import Path

import pytest

from nest.cli.errors import CliError
from nest.cli.plan import Plan


def test_statuses_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    same = tmp_path / "same.txt"
    same.write_text("x")
    edited = tmp_path / "edited.txt"
    edited.write_text("old")
    plan = Plan(root=tmp_path)
    plan.add(tmp_path / "a" / "new.txt", "new")
    plan.add(same, "x")
    plan.add(edited, "new", edit=True)
    result = plan.apply()
    assert [status for status, _ in result] == ["create", "unchanged", "update"]
    assert (tmp_path / "a" / "new.txt").read_text() == "new"
    assert edited.read_text() == "new"
    assert "create  a/new.txt" in capsys.readouterr().out
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_a_conflict_writes_nothing_at_all(tmp_path: Path) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("mine")
    plan = Plan(root=tmp_path)
    plan.add(tmp_path / "first.txt", "first")
    plan.add(mine, "theirs")
    with pytest.raises(CliError, match="refusing to overwrite existing file"):
        plan.apply()
    assert not (tmp_path / "first.txt").exists()
    assert mine.read_text() == "mine"


def test_force_overwrites_and_keeps_the_file_mode(tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text("old")
    os.chmod(script, 0o755)
    plan = Plan(root=tmp_path)
    plan.add(script, "new")
    assert plan.apply(force=True) == [("overwrite", script)]
    assert script.read_text() == "new"
    assert script.stat().st_mode & 0o777 == 0o755


def test_dry_run_only_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = Plan(root=tmp_path)
    plan.add(tmp_path / "new.txt", "new")
    plan.apply(dry_run=True)
    assert "would create  new.txt" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
