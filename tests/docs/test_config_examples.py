"""The samples of docs/config.md, run against real env files in a temporary directory."""

from pathlib import Path

import pytest
from sqlalchemy import text

from nest.config import ConfigValidationError
from nest.http import PyNestFactory
from nest.orm import AsyncOrmProvider
from nest.testing import Test, create_test_client

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
VARIABLES = (
    "DATABASE_URL",
    "DB_POOL_SIZE",
    "DEBUG",
    "GREETING",
    "MAIL_HOST",
    "MAIL_SENDER",
    "PORT",
    "SECRET_KEY",
)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


async def test_config_basic(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docs.examples.config_basic import create_app

    (workdir / ".env").write_text("DATABASE_URL=sqlite://\nSECRET_KEY=k\nPORT=9000\n")
    monkeypatch.setenv("PORT", "9001")  # the environment wins over .env
    monkeypatch.setenv("DEBUG", "true")
    async with create_test_client(create_app()) as client:
        response = await client.get("/status/")
    assert response.json() == {"port": 9001, "debug": True, "greeting": "hello"}


def test_config_error_text_is_the_real_one(workdir: Path) -> None:
    from docs.examples.config_basic import create_app

    (workdir / ".env").write_text("PORT=eighty\n")
    with pytest.raises(ConfigValidationError) as caught:
        create_app()
    expected = (EXAMPLES / "config_error.txt").read_text(encoding="utf-8")
    assert str(caught.value) == expected.rstrip("\n")


def test_config_namespaces(monkeypatch: pytest.MonkeyPatch) -> None:
    from docs.examples import config_namespaces as ns

    monkeypatch.setenv("DATABASE_URL", "sqlite:///reports.db")
    monkeypatch.setenv("MAIL_HOST", "smtp.example.org")
    module = Test.create_testing_module(imports=[ns.AppModule]).compile()
    reports = module.get(ns.Reports)
    assert (reports.url, reports.pool_size, reports.same) == ("sqlite:///reports.db", 5, True)
    mailer = module.get(ns.Mailer)
    assert (mailer.host, mailer.sender) == ("smtp.example.org", "noreply@example.org")

    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("MAIL_HOST")
    with pytest.raises(ConfigValidationError) as caught:
        Test.create_testing_module(imports=[ns.AppModule]).compile()
    assert [p.variable for p in caught.value.problems] == ["DATABASE_URL"]  # the root's first


async def test_config_orm(workdir: Path) -> None:
    from docs.examples.config_orm import AppModule

    database = workdir / "app.db"
    (workdir / ".env").write_text(f"DATABASE_URL=sqlite+aiosqlite:///{database}\nDB_POOL_SIZE=3\n")
    async with PyNestFactory.create_application_context(AppModule) as context:
        orm = context.get(AsyncOrmProvider)
        async with orm.get_session() as session:
            assert (await session.execute(text("SELECT 41 + 1"))).scalar_one() == 42
        assert orm.engine.url.database == str(database)
    assert database.is_file()
