"""Where "the current session" comes from: context variables, no globals.

Two context variables carry sessions through a call chain without anyone
passing them along:

* the request scope, set for the length of one HTTP request by the ORM
  middleware; it opens one session per connection, lazily, on first use;
* the active transactions, set by ``@Transactional`` and ``provider.transaction()``
  for the length of the decorated call.

Concurrent requests and tasks each see their own values, because asyncio gives
every task a copy of the context it was created in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nest.orm.provider import BaseOrmProvider

__all__ = [
    "CommitMode",
    "Propagation",
    "RequestScope",
    "active_providers",
    "active_transaction",
    "bind_transaction",
    "enter_request_scope",
    "request_scope",
]


class CommitMode(str, enum.Enum):
    """When the session of an HTTP request is committed.

    Attributes:
        MANUAL: Never by nest: code calls ``commit()`` itself (PyNest's behaviour).
            Whatever was not committed is rolled back when the request ends.
        AUTOCOMMIT: Commit before the response is sent when its status is 2xx;
            roll back otherwise.
        AUTOCOMMIT_INCLUDE_REDIRECT: As ``AUTOCOMMIT``, and commit on 3xx as well.
    """

    MANUAL = "manual"
    AUTOCOMMIT = "autocommit"
    AUTOCOMMIT_INCLUDE_REDIRECT = "autocommit_include_redirect"

    def commits(self, status_code: int) -> bool:
        """Whether a response with ``status_code`` commits the request's work."""
        if self is CommitMode.AUTOCOMMIT:
            return 200 <= status_code < 300
        if self is CommitMode.AUTOCOMMIT_INCLUDE_REDIRECT:
            return 200 <= status_code < 400
        return False


class Propagation(str, enum.Enum):
    """How a transactional call relates to a transaction already open.

    Attributes:
        REQUIRED: Join the open transaction, or start one (committed when the
            outermost call returns, rolled back if it raises).
        REQUIRES_NEW: Always run in a transaction of its own, on its own session and
            connection, committed or rolled back independently of the caller's. (SQLite
            allows one writer at a time: there, a REQUIRES_NEW write made while the caller
            holds the write lock waits for it until the busy timeout and fails.)
        NESTED: Run inside a SAVEPOINT of the open transaction, so a failure undoes
            only this call's work; with no open transaction, as ``REQUIRED``.
    """

    REQUIRED = "required"
    REQUIRES_NEW = "requires_new"
    NESTED = "nested"


@dataclass(eq=False, slots=True)
class RequestScope:
    """The sessions of one HTTP request.

    Attributes:
        modes: The commit mode of each connection the application registered.
        sessions: The sessions opened so far, by provider (created on first use).
        failed: Set when the handler raised, whatever response was sent for it.
    """

    modes: dict[BaseOrmProvider[Any, Any, Any], CommitMode]
    sessions: dict[BaseOrmProvider[Any, Any, Any], Any] = field(default_factory=dict)
    failed: bool = False

    def session_for(self, provider: BaseOrmProvider[Any, Any, Any]) -> Any:
        """The request's session for ``provider``, opened on first use."""
        session = self.sessions.get(provider)
        if session is None:
            session = self.sessions[provider] = provider.session_factory()
        return session

    def find(self, name: str) -> BaseOrmProvider[Any, Any, Any] | None:
        """The registered provider called ``name``, if any."""
        return next((p for p in self.modes if p.name == name), None)


_request_scope: ContextVar[RequestScope | None] = ContextVar("nest_orm_request", default=None)
_transactions: ContextVar[Mapping[BaseOrmProvider[Any, Any, Any], Any]] = ContextVar(
    "nest_orm_transactions", default=MappingProxyType({})
)


def request_scope() -> RequestScope | None:
    """The scope of the HTTP request being handled, or ``None`` outside one."""
    return _request_scope.get()


@contextmanager
def enter_request_scope(scope: RequestScope) -> Iterator[RequestScope]:
    """Make ``scope`` the current request scope until the block ends."""
    token = _request_scope.set(scope)
    try:
        yield scope
    finally:
        _request_scope.reset(token)


def active_transaction(provider: BaseOrmProvider[Any, Any, Any]) -> Any | None:
    """The session of the innermost ``@Transactional`` call on ``provider``, if any."""
    return _transactions.get().get(provider)


def active_providers() -> list[BaseOrmProvider[Any, Any, Any]]:
    """Providers with a transaction open in this context, innermost last."""
    return list(_transactions.get())


@contextmanager
def bind_transaction(provider: BaseOrmProvider[Any, Any, Any], session: Any) -> Iterator[None]:
    """Make ``session`` the active transaction of ``provider`` until the block ends."""
    token = _transactions.set({**_transactions.get(), provider: session})
    try:
        yield
    finally:
        _transactions.reset(token)
