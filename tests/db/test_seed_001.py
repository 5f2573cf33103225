"""Seed 001's example application, unchanged, on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import importlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType

import pytest

from nest.testing import create_test_client

from .conftest import Backend

SEED = Path(__file__).parent / "seed001"


def _forget_seed_modules() -> None:
    for name in [n for n in sys.modules if n == "src" or n.startswith("src.")]:
        del sys.modules[name]


@pytest.fixture
async def seed_app(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[ModuleType]:
    """``src.app_module`` of the seed, configured for the backend through its env vars."""
    params = backend.config_params()
    env = {
        "DB_TYPE": backend.db_type,
        "POSTGRESQL_HOST": str(params.get("host") or ""),
        "POSTGRESQL_DB_NAME": str(tmp_path / "seed")
        if backend.db_type == "sqlite"
        else params["db_name"],
        "POSTGRESQL_USER": str(params.get("user") or ""),
        "POSTGRESQL_PASSWORD": str(params.get("password") or ""),
        "POSTGRESQL_PORT": str(params.get("port") or 0),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.syspath_prepend(str(SEED))
    _forget_seed_modules()
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):
        module = importlib.import_module("src.app_module")
    config = importlib.import_module("src.config").config
    await config.drop_all()  # a clean slate, whatever an interrupted run left
    try:
        yield module
    finally:
        await config.drop_all()
        await config.dispose()
        _forget_seed_modules()


@pytest.mark.filterwarnings("ignore:The `dict` method is deprecated:DeprecationWarning")
async def test_seed_001_application_runs_unchanged(seed_app: ModuleType, backend: Backend) -> None:
    config = importlib.import_module("src.config").config
    assert config.dialect_name == backend.db_type
    async with create_test_client(seed_app.app) as client:
        info = await client.get("/")
        assert info.json() == {"app_name": "AsyncOrmApp", "app_version": "1.0.0"}

        # First style: the controller hands Depends(config.get_db) to the service.
        first = await client.post("/example/", json={"name": "first"})
        second = await client.post("/example/", json={"name": "second"})
        assert (first.status_code, second.status_code) == (
            201,
            201,
        )  # POST answers 201, as in NestJS
        assert second.json() == first.json() + 1
        listed = await client.get("/example/")
        assert [e["name"] for e in listed.json()] == ["first", "second"]
        duplicate = await client.post("/example/", json={"name": "first"})
        assert duplicate.status_code == 409
        assert duplicate.json() == {"detail": "The request conflicts with existing data."}

        # Second style: the service opens its own sessions with config.get_session.
        created = await client.post("/examples/", json={"name": "own-session"})
        assert created.status_code == 201
        assert isinstance(created.json(), int)
        assert [e["name"] for e in (await client.get("/examples/")).json()] == ["own-session"]
        again = await client.post("/examples/", json={"name": "own-session"})
        assert again.status_code == 409
    assert config.pool.checkedout() == 0
