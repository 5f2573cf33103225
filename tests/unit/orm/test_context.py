"""Commit modes, @Transactional's forms, and importing nest without touching logging."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nest.orm import CommitMode, Propagation, Transactional


@pytest.mark.parametrize(
    ("mode", "committed"),
    [
        (CommitMode.MANUAL, set()),
        (CommitMode.AUTOCOMMIT, {200, 201, 204}),
        (CommitMode.AUTOCOMMIT_INCLUDE_REDIRECT, {200, 201, 204, 302, 303}),
    ],
)
def test_commit_modes(mode: CommitMode, committed: set[int]) -> None:
    statuses = {200, 201, 204, 302, 303, 400, 404, 409, 500, 503}
    assert {s for s in statuses if mode.commits(s)} == committed


def test_transactional_forms_keep_the_function() -> None:
    async def work() -> int:
        """Docs."""
        return 1

    for decorated in (
        Transactional(work),
        Transactional()(work),
        Transactional(Propagation.NESTED)(work),
        Transactional("requires_new")(work),
    ):
        assert decorated.__name__ == "work"
        assert decorated.__doc__ == "Docs."
    with pytest.raises(ValueError):
        Transactional("sometimes")


def test_importing_nest_leaves_logging_alone() -> None:
    script = (
        "import logging, fastapi, sqlalchemy\n"
        "names = ('', 'sqlalchemy', 'sqlalchemy.engine', 'uvicorn', 'fastapi')\n"
        "def state():\n"
        "    return [(list(logging.getLogger(n).handlers), logging.getLogger(n).level) for n in names]\n"
        "before = state()\n"
        "import nest, nest.orm, nest.core, nest.core.database.orm_provider\n"
        "assert state() == before\n"
        "for name in ('nest', 'nest.orm'):\n"
        "    logger = logging.getLogger(name)\n"
        "    assert not logger.handlers and logger.level == logging.NOTSET, name\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_tokens_are_one_per_name_however_they_are_asked_for() -> None:
    from nest.orm import connection_token, repository_token

    class Book:
        pass

    assert connection_token() is connection_token("default") is connection_token(name="default")
    assert connection_token("reports") is not connection_token()
    assert repository_token(Book) is repository_token(Book, "default")
    assert repository_token(Book) is repository_token(Book, connection="default")
    assert repository_token(Book, "reports") is not repository_token(Book)
