"""``Test.create_testing_module``: build part of an application, with providers overridden."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from nest.di.context import ApplicationContext
from nest.di.decorators import Module
from nest.di.providers import ClassProvider, FactoryProvider, Provider, ValueProvider
from nest.di.scope import Scope
from nest.http.application import NestApplication
from nest.http.factory import build_container, create_application
from nest.http.routing import ControllerPlan

__all__ = ["OverrideBy", "Test", "TestingModule", "TestingModuleBuilder"]


class TestingModule(ApplicationContext):
    """A compiled testing module: ``get(T)``, ``await resolve(T)``, and an HTTP app on demand."""

    __test__ = False  # not a pytest test class

    def __init__(self, container: Any, plans: list[ControllerPlan]) -> None:
        super().__init__(container)
        self._plans = plans

    def create_nest_application(self, **fastapi_kwargs: Any) -> NestApplication:
        """An HTTP application over this module's container (run it with ``create_test_client``)."""
        return create_application(self.container, self._plans, **fastapi_kwargs)


class OverrideBy:
    """The second half of ``override_provider(token).use_value(...)``."""

    def __init__(self, builder: TestingModuleBuilder, token: Any) -> None:
        self._builder = builder
        self._token = token

    def use_value(self, value: Any) -> TestingModuleBuilder:
        return self._builder._override(ValueProvider(self._token, value))

    def use_class(self, cls: type, *, scope: Scope | None = None) -> TestingModuleBuilder:
        return self._builder._override(ClassProvider(self._token, cls, scope))

    def use_factory(
        self,
        factory: Callable[..., Any],
        *,
        inject: Sequence[Any] = (),
        scope: Scope = Scope.SINGLETON,
    ) -> TestingModuleBuilder:
        return self._builder._override(FactoryProvider(self._token, factory, tuple(inject), scope))


class TestingModuleBuilder:
    """Collects overrides, then ``compile()`` builds the testing module."""

    __test__ = False

    def __init__(self, root: type) -> None:
        self._root = root
        self._overrides: dict[Any, Provider] = {}

    def override_provider(self, token: Any) -> OverrideBy:
        """Replace the provider of ``token`` wherever it is declared."""
        return OverrideBy(self, token)

    def _override(self, provider: Provider) -> TestingModuleBuilder:
        self._overrides[provider.provide] = provider
        return self

    def compile(self) -> TestingModule:
        """Scan, validate (every problem at once) and build what can be built without an event loop."""
        container, plans = build_container(self._root, overrides=dict(self._overrides))
        container.instantiate_sync()
        return TestingModule(container, plans)


class Test:
    """Entry point of the testing kit."""

    __test__ = False

    @staticmethod
    def create_testing_module(
        *,
        imports: Iterable[Any] = (),
        providers: Iterable[Any] = (),
        controllers: Iterable[Any] = (),
        exports: Iterable[Any] = (),
    ) -> TestingModuleBuilder:
        """Declare a root module for a test, like ``@Module(...)``."""

        root = type("TestingRootModule", (), {"__module__": __name__})
        Module(imports=imports, providers=providers, controllers=controllers, exports=exports)(root)
        return TestingModuleBuilder(root)
