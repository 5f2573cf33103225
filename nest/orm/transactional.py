"""``@Transactional``: run a service method in a database transaction."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast, overload

from nest.orm.async_provider import AsyncOrmProvider
from nest.orm.context import Propagation, active_providers, request_scope
from nest.orm.errors import UnknownConnectionError
from nest.orm.provider import BaseOrmProvider
from nest.orm.sync_provider import OrmProvider

__all__ = ["Propagation", "Transactional"]

F = TypeVar("F", bound=Callable[..., Any])
AnyProvider = BaseOrmProvider[Any, Any, Any]


def _provider_of(value: Any, name: str) -> AnyProvider | None:
    if isinstance(value, BaseOrmProvider):
        return value if value.name == name else None
    owner = getattr(value, "provider", None)  # a Repository, or anything holding a provider
    if isinstance(owner, BaseOrmProvider) and owner.name == name:
        return owner
    return None


def _resolve(connection: str | AnyProvider, instance: Any, where: str) -> AnyProvider:
    if isinstance(connection, BaseOrmProvider):
        return connection
    open_now: list[AnyProvider] = active_providers()
    for provider in reversed(open_now):
        if provider.name == connection:
            return provider
    scope = request_scope()
    found = scope.find(connection) if scope is not None else None
    if found is not None:
        return found
    if instance is not None:
        for value in vars(instance).values() if hasattr(instance, "__dict__") else ():
            found = _provider_of(value, connection)
            if found is not None:
                return found
    raise UnknownConnectionError(
        f"@Transactional on {where} cannot find the database connection {connection!r}: there "
        f"is no open transaction or request for it, and the object has no attribute holding "
        f"its provider or a Repository. Fix it with one of: inject the provider (or a "
        f"Repository) into the class; pass it, @Transactional(connection=config); or call the "
        f"method inside 'async with config.transaction():'."
    )


def _wrap(func: F, propagation: Propagation, connection: str | AnyProvider) -> F:
    where = func.__qualname__
    params = list(inspect.signature(func).parameters)
    bound_method = bool(params) and params[0] in ("self", "cls")

    def provider_for(args: tuple[Any, ...]) -> AnyProvider:
        return _resolve(connection, args[0] if bound_method and args else None, where)

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            provider = provider_for(args)
            if isinstance(provider, AsyncOrmProvider):
                async with provider.transaction(propagation):
                    return await func(*args, **kwargs)
            with cast(OrmProvider, provider).transaction(propagation):
                return await func(*args, **kwargs)

        return cast(F, run_async)

    @functools.wraps(func)
    def run_sync(*args: Any, **kwargs: Any) -> Any:
        provider = provider_for(args)
        if not isinstance(provider, OrmProvider):
            raise UnknownConnectionError(
                f"@Transactional on the plain function {where} found the asyncio provider "
                f"{provider!r}; make the method 'async def' or use an OrmProvider."
            )
        with provider.transaction(propagation):
            return func(*args, **kwargs)

    return cast(F, run_sync)


@overload
def Transactional(func: F, /) -> F: ...


@overload
def Transactional(
    propagation: Propagation | str = ...,
    /,
    *,
    connection: str | AnyProvider = ...,
) -> Callable[[F], F]: ...


def Transactional(
    propagation: Any = Propagation.REQUIRED,
    /,
    *,
    connection: str | AnyProvider = "default",
) -> Any:
    """Run the decorated method (sync or async) in a transaction.

    The transaction commits when the outermost transactional call returns and rolls
    back when it raises. Inside it, ``provider.current_session()``, repositories and
    ``Depends(config.get_db)`` all use the transaction's session. It works in HTTP
    requests (where the outermost transaction runs on the request's session) and in
    scripts and workers. Tasks started inside the call see the same session: one
    session runs one statement at a time, so concurrent tasks each open their own
    (``REQUIRES_NEW``, or ``provider.get_session()``).

    Example:
        ```python
        @Injectable
        class Transfers:
            def __init__(self, accounts: Annotated[Repository[Account], InjectRepository(Account)]):
                self.accounts = accounts

            @Transactional()
            async def move(self, src: int, dst: int, amount: int) -> None: ...

            @Transactional(Propagation.REQUIRES_NEW)
            async def audit(self, message: str) -> None: ...
        ```

    Args:
        propagation: ``REQUIRED`` (default), ``REQUIRES_NEW`` or ``NESTED``; see
            :class:`nest.orm.Propagation`.
        connection: The connection's name (``"default"``) or the provider itself. A name
            is looked up among open transactions, the current request's connections
            and the attributes of the instance the method is called on.
    """
    if callable(propagation) and not isinstance(propagation, str):
        return _wrap(propagation, Propagation.REQUIRED, connection)
    chosen = Propagation(propagation)

    def decorate(func: F) -> F:
        return _wrap(func, chosen, connection)

    return decorate
