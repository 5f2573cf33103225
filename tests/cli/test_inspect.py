"""``pynest routes`` and ``pynest info`` on a generated project."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import Invoke


def test_routes_lists_method_path_and_handler(invoke: Invoke, project: Path) -> None:
    invoke(["g", "resource", "-n", "book-store"])
    output = invoke(["routes"]).output
    lines = [" ".join(line.split()) for line in output.strip().splitlines()]
    assert "GET / AppController.get_app_info" in lines
    assert "GET /book-store BookStoreController.find_all" in lines
    assert "GET /book-store/{book_store_id} BookStoreController.find_one" in lines
    assert "POST /book-store BookStoreController.create" in lines
    assert "PATCH /book-store/{book_store_id} BookStoreController.update" in lines
    assert "DELETE /book-store/{book_store_id} BookStoreController.remove" in lines


def test_info_shows_versions_database_and_modules(invoke: Invoke, project: Path) -> None:
    invoke(["g", "resource", "-n", "book"])
    invoke(["g", "module", "-n", "billing"])
    output = invoke(["info"]).output
    assert re.search(r"^fastapi\s+\d+\.\d+", output, re.M)
    assert re.search(r"^sqlalchemy\s+\d+\.\d+", output, re.M)
    assert re.search(r"^database\s+sqlite \(async\) sqlite\+aiosqlite:///shop\.db$", output, re.M)
    assert re.search(r"^modules\s+BookModule, BillingModule$", output, re.M)


def test_info_outside_a_project_shows_versions_only(invoke: Invoke, workdir: Path) -> None:
    output = invoke(["info"]).output
    assert re.search(r"^nest\s+\d+\.\d+", output, re.M)
    assert "(not inside a pynest project)" in output


def test_routes_outside_a_project_is_one_error_line(invoke: Invoke, workdir: Path) -> None:
    result = invoke(["routes"], ok=False)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error: not inside a pynest project")


def test_routes_reports_a_broken_app_in_one_line(invoke: Invoke, project: Path) -> None:
    (project / "src" / "app_service.py").write_text("raise RuntimeError('boom')\n")
    result = invoke(["routes"], ok=False)
    assert result.stderr.strip() == (
        "Error: cannot import src.app_module to load the application: RuntimeError: boom"
    )
