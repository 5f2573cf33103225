from __future__ import annotations

import pytest

from nest.di import Injectable, Module, Scope
from nest.di.metadata import (
    InjectableMetadata,
    ModuleMetadata,
    get_injectable_metadata,
    get_module_metadata,
)


def test_injectable_bare_records_singleton_and_returns_the_class() -> None:
    class Service:
        pass

    assert Injectable(Service) is Service
    assert get_injectable_metadata(Service) == InjectableMetadata(scope=Scope.SINGLETON)


def test_injectable_with_scope() -> None:
    @Injectable(scope=Scope.REQUEST)
    class PerRequest:
        pass

    assert get_injectable_metadata(PerRequest) == InjectableMetadata(scope=Scope.REQUEST)


def test_metadata_is_not_inherited() -> None:
    @Injectable(scope=Scope.TRANSIENT)
    class Base:
        pass

    @Module(providers=[Base])
    class BaseModule:
        pass

    class Child(Base):
        pass

    class ChildModule(BaseModule):
        pass

    assert get_injectable_metadata(Child) is None
    assert get_module_metadata(ChildModule) is None


def test_module_records_every_field_as_tuples() -> None:
    class A:
        pass

    @Module(imports=[], controllers=[], providers=[A], exports=[A], is_global=True)
    class M:
        pass

    assert get_module_metadata(M) == ModuleMetadata(providers=(A,), exports=(A,), is_global=True)


def test_decorators_reject_non_classes() -> None:
    with pytest.raises(TypeError, match="decorates classes"):
        Injectable(lambda: None)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="Scope"):
        Injectable(scope="request")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="decorates classes"):
        Module()(42)  # type: ignore[type-var]


def test_scope_default_alias() -> None:
    assert Scope.DEFAULT is Scope.SINGLETON
