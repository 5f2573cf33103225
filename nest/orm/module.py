"""``OrmModule``: database connections and repositories as injectable providers."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from nest.di import DynamicModule, Inject, InjectionToken, Lazy, Scope
from nest.orm._http import ConnectionSlot, RequestSessionMiddleware, mark_request_failed
from nest.orm.async_provider import AsyncOrmProvider
from nest.orm.context import CommitMode
from nest.orm.errors import NoActiveSessionError
from nest.orm.provider import BaseOrmProvider
from nest.orm.repository import Repository
from nest.orm.sync_provider import OrmProvider
from nest.orm.sync_repository import SyncRepository

if TYPE_CHECKING:
    from nest.http import NestApplication

__all__ = [
    "InjectRepository",
    "OrmFeatureModule",
    "OrmModule",
    "connection_token",
    "repository_token",
]

AnyProvider = BaseOrmProvider[Any, Any, Any]
_FAILURE_FLAG = "nest_orm_failure_dependency"


def connection_token(name: str = "default") -> InjectionToken[AnyProvider]:
    """The token of the connection called ``name`` (``Annotated[AsyncOrmProvider, Inject(...)]``)."""
    return _connection_token(name)


def repository_token(model: type, connection: str = "default") -> InjectionToken[Any]:
    """The token under which ``OrmModule.for_feature`` provides ``Repository[model]``."""
    return _repository_token(model, connection)


# Tokens compare by identity: one per name, whichever way the arguments were passed.
@functools.cache
def _connection_token(name: str) -> InjectionToken[AnyProvider]:
    return InjectionToken(f"nest.orm.connection:{name}")


@functools.cache
def _repository_token(model: type, connection: str) -> InjectionToken[Any]:
    return InjectionToken(
        f"nest.orm.repository:{connection}:{model.__module__}.{model.__qualname__}"
    )


def InjectRepository(model: type, *, connection: str = "default") -> Inject:
    """Mark a constructor parameter as the repository of ``model``.

    Example:
        ```python
        @Injectable
        class BookService:
            def __init__(self, books: Annotated[Repository[Book], InjectRepository(Book)]):
                self.books = books
        ```
    """
    return Inject(repository_token(model, connection))


def _commit_mode(value: CommitMode | str) -> CommitMode:
    try:
        return CommitMode(value)
    except ValueError:
        known = ", ".join(repr(m.value) for m in CommitMode)
        raise ValueError(f"Unknown commit_mode {value!r}; use one of {known}.") from None


class OrmModule:
    """Registers a database connection with an application.

    Import ``OrmModule.for_root(...)`` once per database in the root module, and
    ``OrmModule.for_feature([...])`` in each module that needs repositories. The
    connection is global: every module can inject it. Each HTTP request gets its own
    session per connection, committed by ``commit_mode`` before the response is sent,
    and the engine is disposed of at application shutdown.

    The request's session belongs to the request's task: code that runs several
    database calls at once (``asyncio.gather``) opens a session per task with
    ``provider.get_session()``, as seed 003 does. Background tasks that run after the
    response and WebSocket handlers use ``@Transactional`` or ``provider.transaction()``.
    """

    def __init__(self, slot: Lazy[ConnectionSlot], commit_mode: CommitMode) -> None:
        self._slot = slot  # lazy: the provider may come from an async factory, at start-up
        self._commit_mode = commit_mode

    def configure(self, app: NestApplication) -> None:
        """Install the request-session middleware for this connection (called by the factory)."""
        server = app.get_server()
        server.add_middleware(RequestSessionMiddleware, slot=self._slot)
        if self._commit_mode is CommitMode.MANUAL:
            return  # nothing commits by itself: no need to watch handlers for exceptions
        if not getattr(server.state, _FAILURE_FLAG, False):
            # Notes a handler's exception even when an exception handler answers it 2xx,
            # so that the request still rolls back.
            setattr(server.state, _FAILURE_FLAG, True)
            app.add_route_wrapper(mark_request_failed)

    @classmethod
    def for_root(
        cls,
        provider: AnyProvider | None = None,
        /,
        *,
        name: str | None = None,
        commit_mode: CommitMode | str = CommitMode.MANUAL,
        sync: bool = False,
        is_global: bool = True,
        **options: Any,
    ) -> DynamicModule:
        """A module providing one connection.

        Example:
            ```python
            OrmModule.for_root(db_type="postgresql", config_params={...}, commit_mode="autocommit")
            OrmModule.for_root(url="sqlite+aiosqlite:///app.db")
            OrmModule.for_root(config)  # a provider made elsewhere (PyNest's config.py)
            OrmModule.for_root(url=REPORTS_URL, name="reports")
            ```

        Args:
            provider: An existing provider; otherwise one is built from ``options``.
            name: The connection name (default: the provider's, else ``"default"``).
            commit_mode: ``"manual"`` (PyNest), ``"autocommit"`` or
                ``"autocommit_include_redirect"``; see :class:`nest.orm.CommitMode`.
            sync: Build a blocking :class:`OrmProvider` instead of an ``AsyncOrmProvider``.
            is_global: Make the connection injectable in every module.
            **options: Arguments of :class:`AsyncOrmProvider` (``db_type``, ``url``, ...).
        """
        chosen = name or (provider.name if provider is not None else "default")
        if provider is not None:
            if options:
                raise TypeError("Pass either a provider or provider options, not both.")
            made = provider
            if made.name != chosen:
                made.name = chosen

            def build() -> AnyProvider:
                return made

        else:
            kind: type[AnyProvider] = OrmProvider if sync else AsyncOrmProvider

            def build() -> AnyProvider:
                return kind(name=chosen, **options)

        is_async = provider.is_async if provider is not None else not sync
        return cls._module(chosen, _commit_mode(commit_mode), build, (), is_async, is_global)

    @classmethod
    def for_root_async(
        cls,
        *,
        use_factory: Callable[..., Any],
        inject: Sequence[Any] = (),
        imports: Sequence[Any] = (),
        name: str = "default",
        commit_mode: CommitMode | str = CommitMode.MANUAL,
        sync: bool = False,
        is_global: bool = True,
    ) -> DynamicModule:
        """A module providing one connection configured from other providers.

        ``use_factory`` (plain or ``async``) receives the providers named in ``inject``
        (visible from global modules or from ``imports``) and returns provider options (a mapping of :class:`AsyncOrmProvider` arguments)
        or a ready provider. It runs when the application starts.

        Example:
            ```python
            OrmModule.for_root_async(
                use_factory=lambda settings: {"url": settings.database_url, "pool_size": 10},
                inject=[Settings],
            )
            ```
        """
        kind: type[AnyProvider] = OrmProvider if sync else AsyncOrmProvider

        async def build(*dependencies: Any) -> AnyProvider:
            made = use_factory(*dependencies)
            if inspect.isawaitable(made):
                made = await made
            if isinstance(made, BaseOrmProvider):
                made.name = name
                return made
            if not isinstance(made, Mapping):
                raise TypeError(
                    f"for_root_async(use_factory={use_factory!r}) returned {made!r}; return a "
                    f"mapping of provider options or an AsyncOrmProvider/OrmProvider."
                )
            return kind(**{"name": name, **made})

        module = cls._module(name, _commit_mode(commit_mode), build, inject, not sync, is_global)
        module.imports = tuple(imports)
        return module

    @classmethod
    def _module(
        cls,
        name: str,
        commit_mode: CommitMode,
        build: Callable[..., Any],
        inject: Sequence[Any],
        is_async: bool,
        is_global: bool,
    ) -> DynamicModule:
        token = connection_token(name)

        def slot(provider: AnyProvider) -> ConnectionSlot:
            return ConnectionSlot(name, commit_mode, provider)

        session_type = AsyncSession if is_async else Session
        providers: list[Any] = [
            # The slot follows the token, so overriding the connection in a test reaches the
            # request sessions as well.
            {"provide": ConnectionSlot, "use_factory": slot, "inject": [token]},
            {"provide": CommitMode, "use_value": commit_mode},
            {"provide": token, "use_factory": build, "inject": list(inject)},
        ]
        exports: list[Any] = [token]
        if name == "default":
            providers += [
                {"provide": AsyncOrmProvider if is_async else OrmProvider, "use_existing": token},
                {
                    "provide": session_type,
                    "use_factory": _current_session,
                    "inject": [token],
                    # TRANSIENT, not REQUEST: the session comes from the request's context,
                    # so routes need no DI request scope (a dependency on every route).
                    "scope": Scope.TRANSIENT,
                },
            ]
            exports += [AsyncOrmProvider if is_async else OrmProvider, session_type]
        return DynamicModule(module=cls, providers=providers, exports=exports, is_global=is_global)

    @classmethod
    def for_feature(cls, entities: Sequence[type], *, connection: str = "default") -> DynamicModule:
        """A module providing a repository for each entity, on ``connection``.

        Inject them with ``Annotated[Repository[Book], InjectRepository(Book)]``
        (``SyncRepository[Book]`` on an ``OrmProvider`` connection).
        """
        token = connection_token(connection)
        providers: list[Any] = []
        for entity in entities:
            providers.append(
                {
                    "provide": repository_token(entity, connection),
                    "use_factory": functools.partial(_repository, entity),
                    "inject": [token],
                }
            )
        exports = [p["provide"] for p in providers]
        return DynamicModule(module=OrmFeatureModule, providers=providers, exports=exports)


class OrmFeatureModule:
    """The module class behind ``OrmModule.for_feature``."""


def _current_session(provider: AnyProvider) -> Any:
    try:
        return provider.current_session()
    except NoActiveSessionError as error:
        raise NoActiveSessionError(
            f"{error} To reach the request's session from a singleton, inject "
            f"Lazy[AsyncSession] and call 'await session.get()' in the method, or call "
            f"provider.current_session() there."
        ) from None


def _repository(entity: type, provider: AnyProvider) -> Repository[Any] | SyncRepository[Any]:
    if isinstance(provider, OrmProvider):
        return SyncRepository(entity, provider)
    if not isinstance(provider, AsyncOrmProvider):
        raise TypeError(
            f"A repository of {entity.__name__} needs an AsyncOrmProvider or an OrmProvider; "
            f"connection {provider.name!r} is a {type(provider).__name__}."
        )
    return Repository(entity, provider)
