"""SetMetadata, Reflector and the built-in module that provides it everywhere."""

from typing import Any

from nest.core import Injectable, Module, PyNestFactory, Reflector, SetMetadata


@SetMetadata("roles", ["reader"])
@SetMetadata("audit", {"level": 1})
class Base:
    @SetMetadata("roles", ["admin"])
    def handler(self) -> None: ...

    def plain(self) -> None: ...


@SetMetadata("audit", {"target": "child"})
class Child(Base):
    pass


def test_get_reads_handlers_and_classes_with_inheritance() -> None:
    reflector = Reflector()
    assert reflector.get("roles", Base.handler) == ["admin"]
    assert reflector.get("roles", Base.plain) is None
    assert reflector.get("roles", Child) == ["reader"]  # inherited from Base
    assert reflector.get("audit", Child) == {"target": "child"}  # its own wins
    assert reflector.get("audit", Base) == {"level": 1}  # the base is unchanged
    assert reflector.get("roles", Base().handler) == ["admin"]  # a bound method


def test_override_and_merge() -> None:
    reflector = Reflector()
    assert reflector.get_all_and_override("roles", [Base.handler, Base]) == ["admin"]
    assert reflector.get_all_and_override("roles", [Base.plain, Base]) == ["reader"]
    assert reflector.get_all_and_merge("roles", [Base.handler, Base]) == ["admin", "reader"]
    assert reflector.get_all_and_merge("audit", [Base, Child]) == {"level": 1, "target": "child"}
    assert reflector.get_all_and_merge("missing", [Base]) is None


def test_created_decorators_carry_their_own_key() -> None:
    Roles = Reflector.create_decorator(transform=lambda value: [str(v) for v in value])

    class C:
        @Roles(["a", 1])
        def h(self) -> None: ...

    assert Reflector().get(Roles, C.h) == ["a", "1"]
    assert Reflector().get(Roles.KEY, C.h) == ["a", "1"]
    assert Reflector.create_decorator().KEY != Roles.KEY


def test_reflector_is_injectable_in_every_module_without_imports() -> None:
    @Injectable
    class UsesReflector:
        def __init__(self, reflector: Reflector) -> None:
            self.reflector = reflector

    @Module(providers=[UsesReflector], exports=[UsesReflector])
    class Feature:
        pass

    @Module(imports=[Feature])
    class Root:
        pass

    app = PyNestFactory.create(Root)
    made: Any = app.get(UsesReflector)
    assert isinstance(made.reflector, Reflector)
    assert made.reflector is app.get(Reflector)
