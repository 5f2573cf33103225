"""An application without HTTP: the same modules and DI, for scripts, workers and CLI commands."""

from __future__ import annotations

from types import TracebackType
from typing import Any, TypeVar, overload

from nest.di.container import Container
from nest.di.lifecycle import (
    BEFORE_APPLICATION_SHUTDOWN,
    ON_APPLICATION_BOOTSTRAP,
    ON_APPLICATION_SHUTDOWN,
    ON_MODULE_DESTROY,
    ON_MODULE_INIT,
    call_hook,
    hook_targets,
)
from nest.di.tokens import InjectionToken

__all__ = ["ApplicationContext"]

T = TypeVar("T")
Self = TypeVar("Self", bound="ApplicationContext")


class ApplicationContext:
    """Owns a container and runs its start-up and shutdown.

    Use it as ``async with PyNestFactory.create_application_context(AppModule) as ctx:``.
    """

    def __init__(self, container: Container) -> None:
        self.container = container
        self._initialized = False
        self._closed = False

    @property
    def initialized(self) -> bool:
        return self._initialized

    async def init(self) -> None:
        """Build what needs an event loop, then run ``on_module_init`` and ``on_application_bootstrap``.

        Idempotent. If start-up fails, what was built is torn down before the error propagates.
        """
        if self._initialized:
            return
        try:
            await self.container.instantiate()
            targets = hook_targets(self.container)
            await call_hook(targets, ON_MODULE_INIT)
            await call_hook(targets, ON_APPLICATION_BOOTSTRAP)
        except BaseException:
            await self.container.aclose()
            self._closed = True
            raise
        self._initialized = True

    async def close(self, signal: str | None = None) -> None:
        """Run the shutdown hooks in reverse dependency order, then singleton teardowns. Idempotent."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._initialized:
                targets = list(reversed(hook_targets(self.container)))
                extra = (signal,) if signal is not None else ()
                await call_hook(targets, ON_MODULE_DESTROY)
                await call_hook(targets, BEFORE_APPLICATION_SHUTDOWN, *extra)
                await call_hook(targets, ON_APPLICATION_SHUTDOWN, *extra)
        finally:
            await self.container.aclose()

    @overload
    def get(self, token: type[T]) -> T: ...
    @overload
    def get(self, token: InjectionToken[T]) -> T: ...
    @overload
    def get(self, token: str) -> Any: ...

    def get(self, token: Any) -> Any:
        """The instance for ``token`` (see :meth:`Container.get`)."""
        return self.container.get(token)

    @overload
    async def resolve(self, token: type[T]) -> T: ...
    @overload
    async def resolve(self, token: InjectionToken[T]) -> T: ...
    @overload
    async def resolve(self, token: str) -> Any: ...

    async def resolve(self, token: Any) -> Any:
        """The instance for ``token``, building async and REQUEST providers (see :meth:`Container.resolve`)."""
        return await self.container.resolve(token)

    async def __aenter__(self: Self) -> Self:
        await self.init()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
