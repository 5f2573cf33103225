"""``pynest generate``/``g``/``create-nest-app`` run in-process with CliRunner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Invoke, snapshot

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; 3.10 reads TOML with tomli

RUFF = Path(sys.executable).with_name("ruff")
APP_FILES = {
    "main.py",
    "pyproject.toml",
    "README.md",
    ".gitignore",
    ".env.example",
    "src/__init__.py",
    "src/config.py",
    "src/app_module.py",
    "src/app_controller.py",
    "src/app_service.py",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/test_app.py",
}
DRIVERS = {
    "postgresql": ("asyncpg", "psycopg"),
    "mysql": ("aiomysql", "pymysql"),
    "sqlite": ("aiosqlite", None),
}


def _ruff(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RUFF), *(command or ("check",)), "--no-cache", "."],
        cwd=root,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("db_type", ["postgresql", "mysql", "sqlite"])
@pytest.mark.parametrize("is_async", [True, False], ids=["async", "sync"])
def test_application_layout_settings_and_lint(
    invoke: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch, db_type: str, is_async: bool
) -> None:
    mode = "--is-async" if is_async else "--is-sync"
    invoke(["generate", "application", "-n", "BookStore", "--db-type", db_type, mode])
    root = workdir / "book_store"
    assert set(snapshot(root)) == APP_FILES

    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert pyproject["tool"]["pynest"]["db_type"] == db_type
    assert pyproject["tool"]["pynest"]["is_async"] is is_async
    dependencies = " ".join(pyproject["project"]["dependencies"])
    driver = DRIVERS[db_type][0 if is_async else 1]
    if driver:
        assert driver in dependencies
    assert "nest-framework" in dependencies and "uvicorn" in dependencies

    config = (root / "src" / "config.py").read_text()
    assert ("AsyncOrmProvider" in config) is is_async
    assert f'db_type="{db_type}"' in config
    assert "debug=True" not in "".join(snapshot(root).values())

    monkeypatch.chdir(root)
    invoke(["g", "resource", "-n", "book"])
    invoke(["g", "resource", "-n", "book-store-item"])
    service = (root / "src" / "book" / "book_service.py").read_text()
    assert ("async def find_all" in service) is is_async
    for command in ("check", "format --check"):
        result = _ruff(root, *command.split())
        assert result.returncode == 0, result.stdout + result.stderr


def test_seed_spelling_create_nest_app(invoke: Invoke, workdir: Path) -> None:
    invoke(["create-nest-app", "-n", "my_app_name", "-db", "postgresql", "--is-async"])
    pyproject = tomllib.loads((workdir / "my_app_name" / "pyproject.toml").read_text())
    assert pyproject["tool"]["pynest"] == {
        "db_type": "postgresql",
        "is_async": True,
        "source_dir": "src",
        "app": "src.app_module:app",
        "config": "src.config:config",
        "migrations_dir": "migrations",
    }


def test_resource_files_and_registration(invoke: Invoke, project: Path) -> None:
    result = invoke(["g", "resource", "-n", "book-store"])
    package = project / "src" / "book_store"
    assert sorted(p.name for p in package.iterdir()) == [
        "__init__.py",
        "book_store_controller.py",
        "book_store_entity.py",
        "book_store_model.py",
        "book_store_module.py",
        "book_store_service.py",
    ]
    assert (project / "tests" / "test_book_store.py").is_file()
    controller = (package / "book_store_controller.py").read_text()
    assert '@Controller("book-store"' in controller
    assert "class BookStoreController" in controller
    for verb in ("@Get(", "@Post(", "@Patch(", "@Delete("):
        assert verb in controller
    app_module = (project / "src" / "app_module.py").read_text()
    assert "from .book_store.book_store_module import BookStoreModule" in app_module
    assert "imports=[BookStoreModule]" in app_module
    assert "update  src/app_module.py" in result.output


def test_same_resource_twice_changes_nothing(invoke: Invoke, project: Path) -> None:
    invoke(["g", "resource", "-n", "book"])
    before = snapshot(project)
    for spelling in ("book", "Book", "BOOK"):
        result = invoke(["generate", "resource", "-n", spelling])
        assert "create" not in result.output and "update" not in result.output
    assert snapshot(project) == before


def test_dry_run_writes_nothing(invoke: Invoke, workdir: Path, project: Path) -> None:
    before = snapshot(workdir)
    result = invoke(["g", "resource", "-n", "book", "--dry-run"])
    assert "would create  src/book/book_entity.py" in result.output
    assert "would update  src/app_module.py" in result.output
    invoke(["g", "module", "-n", "billing", "--dry-run"])
    invoke(["g", "controller", "-n", "billing", "--dry-run"])
    invoke(["g", "service", "-n", "billing", "--dry-run"])
    invoke(["generate", "application", "-n", "other", "--path", str(workdir), "--dry-run"])
    assert snapshot(workdir) == before


def test_refuses_to_overwrite_without_force(invoke: Invoke, project: Path) -> None:
    invoke(["g", "resource", "-n", "book"])
    entity = project / "src" / "book" / "book_entity.py"
    entity.write_text("# my own edits\n")
    app_module = (project / "src" / "app_module.py").read_text()

    result = invoke(["g", "resource", "-n", "book"], ok=False)
    assert result.stderr.strip().splitlines() == [
        "Error: refusing to overwrite existing file(s): src/book/book_entity.py "
        "(use --force to overwrite)"
    ]
    assert entity.read_text() == "# my own edits\n"

    result = invoke(["g", "resource", "-n", "book", "--force"])
    assert "overwrite  src/book/book_entity.py" in result.output
    assert "class Book(" in entity.read_text()
    assert (project / "src" / "app_module.py").read_text() == app_module


def test_module_makes_pynest_s_full_file_set(invoke: Invoke, project: Path) -> None:
    invoke(["g", "module", "-n", "examples"])
    package = project / "src" / "examples"
    for suffix in ("controller", "service", "model", "entity", "module"):
        assert (package / f"examples_{suffix}.py").is_file(), suffix
    assert (package / "__init__.py").is_file()
    assert "imports=[ExamplesModule]" in (project / "src" / "app_module.py").read_text()
    assert _ruff(project).returncode == 0


def test_module_controller_and_service_register_where_they_belong(
    invoke: Invoke, project: Path
) -> None:
    invoke(["g", "module", "-n", "billing", "--empty"])
    invoke(["g", "controller", "-n", "billing"])
    invoke(["g", "service", "-n", "billing"])
    module = (project / "src" / "billing" / "billing_module.py").read_text()
    assert "controllers=[BillingController]" in module
    assert "providers=[BillingService]" in module
    assert "from .billing_controller import BillingController" in module
    app_module = (project / "src" / "app_module.py").read_text()
    assert "imports=[BillingModule]" in app_module
    assert "BillingController" not in app_module

    invoke(["g", "service", "-n", "mailer"])  # no mailer_module.py: goes to the root module
    app_module = (project / "src" / "app_module.py").read_text()
    assert "from .mailer.mailer_service import MailerService" in app_module
    assert "providers=[AppService, MailerService]" in app_module
    assert _ruff(project).returncode == 0


def test_path_option_nests_the_package(invoke: Invoke, project: Path) -> None:
    invoke(["g", "resource", "-n", "book", "--path", "src/catalog"])
    assert (project / "src" / "catalog" / "book" / "book_module.py").is_file()
    app_module = (project / "src" / "app_module.py").read_text()
    assert "from .catalog.book.book_module import BookModule" in app_module
    result = invoke(["g", "resource", "-n", "author", "--path", "elsewhere"], ok=False)
    assert "outside the project's source folder" in result.stderr


def test_broken_app_module_is_left_untouched(invoke: Invoke, project: Path) -> None:
    app_module = project / "src" / "app_module.py"
    app_module.write_text("from nest.core import Module\n\nclass AppModule:\n    pass\n")
    result = invoke(["g", "resource", "-n", "book"], ok=False)
    assert "no class decorated with @Module(...) in src/app_module.py" in result.stderr
    assert app_module.read_text() == "from nest.core import Module\n\nclass AppModule:\n    pass\n"
    assert not (project / "src" / "book").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["g", "resource", "-n", "book"], "Error: not inside a pynest project"),
        (["generate", "application", "-n", "9lives"], "Error: invalid application name '9lives'"),
        (
            ["generate", "application", "-n", "x", "--db-type", "oracle"],
            "Error: unknown db type 'oracle'",
        ),
        (["create-nest-app", "-n", "x", "-db", "mongo"], "Error: unknown db type 'mongo'"),
    ],
)
def test_errors_are_one_line_with_non_zero_exit(
    invoke: Invoke, workdir: Path, args: list[str], message: str
) -> None:
    result = invoke(args, ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert list(workdir.iterdir()) == []


def test_invalid_resource_name_inside_a_project(invoke: Invoke, project: Path) -> None:
    before = snapshot(project)
    result = invoke(["g", "resource", "-n", "class"], ok=False)
    assert result.stderr.strip() == (
        "Error: invalid resource name 'class': 'class' is a Python keyword; choose another name"
    )
    assert snapshot(project) == before


def test_project_settings_in_dot_pynest_toml(
    invoke: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(["generate", "application", "-n", "shop", "--is-sync"])
    root = workdir / "shop"
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().split("# Settings of the pynest CLI")[0])
    (root / ".pynest.toml").write_text('db_type = "sqlite"\nis_async = false\n')
    monkeypatch.chdir(root / "src")
    invoke(["g", "resource", "-n", "book"])
    assert "def find_all" in (root / "src" / "book" / "book_service.py").read_text()
    assert "async def" not in (root / "src" / "book" / "book_service.py").read_text()


def test_pynest_era_project_without_settings_is_recognised(
    invoke: Invoke, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = workdir / "legacy" / "src"
    src.mkdir(parents=True)
    (src / "config.py").write_text(
        "from nest.core.database.orm_provider import AsyncOrmProvider\n\n"
        'config = AsyncOrmProvider(db_type="mysql", config_params={})\n'
    )
    (src / "app_module.py").write_text(
        "from nest.core import Module\n\n\n@Module(imports=[])\nclass AppModule:\n    pass\n"
    )
    monkeypatch.chdir(workdir / "legacy")
    invoke(["g", "module", "-n", "examples"])
    assert "imports=[ExamplesModule]" in (src / "app_module.py").read_text()
    invoke(["g", "resource", "-n", "book"])
    assert "async def find_all" in (src / "book" / "book_service.py").read_text()


def test_name_as_argument_or_option(invoke: Invoke, project: Path) -> None:
    invoke(["g", "resource", "book"])
    assert (project / "src" / "book" / "book_module.py").is_file()
    invoke(["g", "resource", "-n", "book", "book"])  # the same name twice is fine
    result = invoke(["g", "resource", "-n", "book", "author"], ok=False)
    assert result.stderr.strip() == "Error: two names given, 'author' and -n 'book': give one"
    result = invoke(["g", "service"], ok=False)
    assert result.stderr.strip() == "Error: missing name: give it as -n NAME (e.g. -n book)"
