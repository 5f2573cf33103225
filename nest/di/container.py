"""Phase 3 of start-up: build instances, and resolve providers afterwards.

One engine builds everything. It is written as a generator that yields only when it must
await (an async factory, an async-generator factory, another task building the same REQUEST
instance); a synchronous driver runs it at ``create()`` time for everything that never awaits,
and an asynchronous driver runs it in the server's event loop for the rest and for requests.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Generator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from typing import Any, TypeVar, overload

from nest.di.errors import ModuleGraphError, NotBuiltError, ProviderNotFoundError
from nest.di.lazy import Lazy
from nest.di.records import ModuleRecord, ProviderRecord
from nest.di.request_scope import RequestScope, current_request_scope
from nest.di.scanner import ModuleGraph, class_record, scan
from nest.di.scope import Scope
from nest.di.tokens import InjectionToken, resolve_token
from nest.di.validator import (
    Resolver,
    bind_record,
    build_edges,
    final_target,
    is_deferred_edge,
    raise_if_errors,
    validate,
)

__all__ = ["Container"]

T = TypeVar("T")
_Steps = Generator[Awaitable[Any], Any, Any]
_MISSING = object()


def _run_sync(steps: _Steps, record: ProviderRecord) -> Any:
    try:
        awaitable = steps.send(None)
    except StopIteration as stop:
        return stop.value
    if inspect.iscoroutine(awaitable):
        awaitable.close()
    steps.close()
    raise NotBuiltError(
        f"{record.where} needs an event loop to build (an async factory returned an awaitable); "
        "it is built by `await app.init()`, which a server runs in its lifespan. "
        "Use `await container.resolve(...)` to build it from async code."
    )


async def _run_async(steps: _Steps) -> Any:
    send: Any = None
    error: BaseException | None = None
    while True:
        try:
            awaitable = steps.throw(error) if error is not None else steps.send(send)
        except StopIteration as stop:
            return stop.value
        send = error = None
        try:
            send = await awaitable
        except BaseException as exc:  # thrown back in, so the engine's own cleanup runs
            error = exc


class Container:
    """Holds every provider record and singleton instance of one application.

    Build one with :meth:`Container.create`; ``PyNestFactory`` does it for you.
    """

    def __init__(self, graph: ModuleGraph, resolver: Resolver) -> None:
        self.graph = graph
        self.resolver = resolver
        self._instances: dict[int, Any] = {}
        self._shells: dict[int, Any] = {}
        self._exit_stack = AsyncExitStack()
        self._by_token: dict[Any, ProviderRecord] = {}
        for module in graph.modules:  # root first: the root's provider wins a lookup by token
            for record in (*module.providers.values(), *module.controllers):
                self._by_token.setdefault(record.token, record)
        self.build_order = self._topological_order()
        self.has_request_scope = any(
            r.scope is Scope.REQUEST and r.role != "route" for r in graph.all_records()
        )

    @classmethod
    def create(
        cls,
        root: Any,
        *,
        overrides: dict[Any, Any] | None = None,
        prepare: Callable[[ModuleGraph], None] | None = None,
    ) -> Container:
        """Scan and validate the graph under ``root``; raise every configuration error at once.

        Args:
            root: The root module.
            overrides: Providers replacing those of the same token (the testing module uses this).
            prepare: Called with the scanned graph before validation, to add consumers that must
                be checked too (the HTTP layer adds route handlers' injected parameters).
        """
        graph = scan(root, overrides=overrides)
        if prepare is not None:
            prepare(graph)
        return cls(graph, validate(graph))

    # -- start-up -------------------------------------------------------------------------

    def _topological_order(self) -> list[ProviderRecord]:
        order: list[ProviderRecord] = []
        seen: set[int] = set()

        def visit(record: ProviderRecord) -> None:
            if id(record) in seen:
                return
            seen.add(id(record))
            for target in build_edges(record):
                visit(target)
            if record.scope is Scope.SINGLETON and record.kind != "existing":
                order.append(record)

        for record in self.graph.all_records():
            visit(record)
        return order

    def instantiate_sync(self) -> None:
        """Build every singleton that can be built without an event loop."""
        for record in self.build_order:
            if not record.needs_async and id(record) not in self._instances:
                self._instances[id(record)] = _run_sync(self._create(record, None), record)

    async def instantiate(self) -> None:
        """Build every singleton not built yet (async factories and what depends on them)."""
        for record in self.build_order:
            if id(record) not in self._instances:
                self._instances[id(record)] = await _run_async(self._create(record, None))

    def shell(self, record: ProviderRecord) -> Any:
        """The instance a singleton class provider will have, allocated before its constructor runs.

        Used for ``forward_ref`` cycles and to bind controller routes before the lifespan builds them.
        """
        key = id(record)
        if key in self._instances:
            return self._instances[key]
        if key not in self._shells:
            cls: Any = record.use_class
            self._shells[key] = cls.__new__(cls)
        return self._shells[key]

    def is_built(self, record: ProviderRecord) -> bool:
        return id(record) in self._instances

    def instance_of(self, record: ProviderRecord) -> Any:
        try:
            return self._instances[id(record)]
        except KeyError:
            raise NotBuiltError(
                f"{record.where} is not built yet: it needs an event loop (an async factory). "
                "Run `await app.init()` first, or let the server's lifespan do it."
            ) from None

    def singletons(self) -> Iterator[tuple[ProviderRecord, Any]]:
        """Built singletons in build order (dependencies first)."""
        for record in self.build_order:
            key = id(record)
            if key in self._instances:
                yield record, self._instances[key]

    async def aclose(self) -> None:
        """Run the teardown of generator factories of singletons, in reverse order."""
        await self._exit_stack.aclose()

    # -- the engine -----------------------------------------------------------------------

    def _resolve(self, record: ProviderRecord, scope: RequestScope | None) -> _Steps:
        if record.scope is Scope.SINGLETON:
            return self.instance_of(record)
        if record.scope is Scope.REQUEST:
            if scope is None:
                raise NotBuiltError(
                    f"{record.where} is REQUEST-scoped and there is no active request. Resolve it "
                    "inside a request (a route parameter `Annotated[T, Inject()]` or `Lazy[T]`), or "
                    "open a scope with `async with nest.di.request_scope(): ...`."
                )
            key = id(record)
            cached = scope.cache.get(key, _MISSING)
            if cached is not _MISSING:
                return cached
            if not record.needs_async:  # nothing awaits while it is built: no task can interleave
                value = yield from self._create(record, scope)
                scope.cache[key] = value
                return value
            pending = scope.pending.get(key)
            if pending is not None:
                return (yield pending)
            future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            scope.pending[key] = future
            try:
                value = yield from self._create(record, scope)
            except BaseException as exc:
                future.set_exception(exc)
                future.exception()  # retrieved here: waiters, if any, still receive it
                raise
            finally:
                del scope.pending[key]
            scope.cache[key] = value
            future.set_result(value)
            return value
        return (yield from self._create(record, scope))

    def _create(self, record: ProviderRecord, scope: RequestScope | None) -> _Steps:
        if record.kind == "value":
            return record.value
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for index, dep in enumerate(record.dependencies):
            target = record.bindings[index]
            if dep.lazy:
                value: Any = Lazy(self, target)
            elif target is None:
                value = dep.default
            elif is_deferred_edge(record, index):
                value = self.shell(final_target(target))
            else:
                value = yield from self._resolve(target, scope)
            if dep.keyword:
                kwargs[dep.name] = value
            else:
                args.append(value)
        if record.kind == "existing":
            return args[0]
        if record.kind == "class":
            assert record.use_class is not None
            shell = self._shells.pop(id(record), None) if record.scope is Scope.SINGLETON else None
            if shell is not None:
                shell.__init__(*args, **kwargs)
                return shell
            return record.use_class(*args, **kwargs)
        stack = scope.exit_stack if scope is not None else self._exit_stack
        factory = record.factory
        if inspect.isasyncgenfunction(factory):
            return (yield stack.enter_async_context(asynccontextmanager(factory)(*args)))
        if inspect.isgeneratorfunction(factory):
            return stack.enter_context(contextmanager(factory)(*args))
        result = factory(*args)
        if inspect.isawaitable(result):
            result = yield result
        return result

    def construct(self, cls: type[T], module: ModuleRecord) -> T:
        """Build ``cls`` now, its constructor injected with what ``module`` sees; not registered.

        For objects made after start-up on a module's behalf (middleware classes). Raises the
        same errors as start-up validation when a dependency cannot be resolved.
        """
        record = class_record(module, cls, cls, Scope.TRANSIENT)
        errors: list[ModuleGraphError] = []
        bind_record(self.resolver, record, errors)
        raise_if_errors(errors)
        for target in record.bindings:
            if target is not None:
                final = final_target(target)
                if final.scope is Scope.SINGLETON and not self.is_built(final):
                    raise NotBuiltError(
                        f"{cls.__name__} (module {module.name}) needs {final.where}, which an async "
                        "factory builds when the server starts. Inject it with Lazy[...] instead."
                    )
        value: T = _run_sync(self._create(record, None), record)
        return value

    # -- look-ups -------------------------------------------------------------------------

    def find(self, token: Any) -> ProviderRecord:
        """The record of ``token`` in any module (the root's first)."""
        record = self._by_token.get(resolve_token(token))
        if record is None:
            raise ProviderNotFoundError(token)
        return record

    @overload
    def get(self, token: type[T]) -> T: ...
    @overload
    def get(self, token: InjectionToken[T]) -> T: ...
    @overload
    def get(self, token: str) -> Any: ...

    def get(self, token: Any) -> Any:
        """The instance for ``token``: the singleton, or a new TRANSIENT instance.

        Raises:
            ProviderNotFoundError: No module provides ``token``.
            NotBuiltError: The provider is REQUEST-scoped, or needs ``await app.init()`` first.
        """
        record = self.find(token)
        if record.scope is Scope.SINGLETON:
            return self.instance_of(record)
        if record.request_bound:
            return _run_sync(self._resolve(record, None), record)  # raises the no-request error
        return _run_sync(self._create(record, None), record)

    @overload
    async def resolve(self, token: type[T]) -> T: ...
    @overload
    async def resolve(self, token: InjectionToken[T]) -> T: ...
    @overload
    async def resolve(self, token: str) -> Any: ...

    async def resolve(self, token: Any) -> Any:
        """Like :meth:`get`, and also builds async factories and REQUEST providers of the current scope."""
        return await self.resolve_record(self.find(token))

    async def resolve_record(
        self, record: ProviderRecord, scope: RequestScope | None = None
    ) -> Any:
        """Resolve ``record`` in ``scope`` (default: the current request's scope, if any)."""
        if record.scope is Scope.SINGLETON:
            return self.instance_of(record)
        return await _run_async(self._resolve(record, scope or current_request_scope()))

    def __repr__(self) -> str:
        return f"<Container root={self.graph.root.name} modules={len(self.graph.modules)}>"
