from __future__ import annotations

from typing import Annotated, Any

import pytest

from nest.di import (
    Container,
    DynamicModule,
    Inject,
    Injectable,
    Module,
    UnknownDependencyError,
    forward_ref,
)


def built(root: Any) -> Container:
    container = Container.create(root)
    container.instantiate_sync()
    return container


@Injectable
class Engine:
    pass


@Injectable
class Car:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine


def test_a_module_sees_the_exports_of_what_it_imports() -> None:
    @Module(providers=[Engine], exports=[Engine])
    class EngineModule:
        pass

    @Module(imports=[EngineModule], providers=[Car])
    class CarModule:
        pass

    container = built(CarModule)
    assert container.get(Car).engine is container.get(Engine)


def test_an_unexported_provider_is_not_visible() -> None:
    @Module(providers=[Engine])
    class EngineModule:
        pass

    @Module(imports=[EngineModule], providers=[Car])
    class CarModule:
        pass

    with pytest.raises(Exception, match="not exported"):
        Container.create(CarModule)


def test_imports_are_not_transitive_without_re_export() -> None:
    @Module(providers=[Engine], exports=[Engine])
    class EngineModule:
        pass

    @Module(imports=[EngineModule])
    class Middle:
        pass

    @Module(imports=[Middle], providers=[Car])
    class CarModule:
        pass

    with pytest.raises(UnknownDependencyError, match="add EngineModule to CarModule's imports"):
        Container.create(CarModule)


def test_re_exporting_an_imported_module() -> None:
    @Module(providers=[Engine], exports=[Engine])
    class EngineModule:
        pass

    @Module(imports=[EngineModule], exports=[EngineModule])
    class Middle:
        pass

    @Module(imports=[Middle], providers=[Car])
    class CarModule:
        pass

    assert isinstance(built(CarModule).get(Car).engine, Engine)


def test_re_exporting_an_imported_provider_token() -> None:
    @Module(providers=[Engine], exports=[Engine])
    class EngineModule:
        pass

    @Module(imports=[EngineModule], exports=[Engine])
    class Middle:
        pass

    @Module(imports=[Middle], providers=[Car])
    class CarModule:
        pass

    assert isinstance(built(CarModule).get(Car).engine, Engine)


def test_global_modules_are_visible_everywhere() -> None:
    @Module(providers=[Engine], exports=[Engine], is_global=True)
    class EngineModule:
        pass

    @Module(providers=[Car])
    class CarModule:
        pass

    @Module(imports=[EngineModule, CarModule])
    class Root:
        pass

    assert isinstance(built(Root).get(Car).engine, Engine)


class ConfigModule:
    """A dynamic module: for_root returns options as a provider."""

    @classmethod
    def for_root(cls, **options: Any) -> DynamicModule:
        return DynamicModule(
            module=cls,
            providers=[{"provide": "CONFIG", "use_value": dict(options)}],
            exports=["CONFIG"],
        )

    @classmethod
    def for_root_async(cls, *, use_factory: Any, inject: list[Any]) -> DynamicModule:
        return DynamicModule(
            module=cls,
            providers=[{"provide": "CONFIG", "use_factory": use_factory, "inject": inject}],
            exports=["CONFIG"],
            is_global=True,
        )


@Injectable
class UsesConfig:
    def __init__(self, config: Annotated[dict[str, Any], Inject("CONFIG")]) -> None:
        self.config = config


def test_for_root_dynamic_module() -> None:
    @Module(imports=[ConfigModule.for_root(debug=True, name="shop")], providers=[UsesConfig])
    class Root:
        pass

    assert built(Root).get(UsesConfig).config == {"debug": True, "name": "shop"}


async def test_for_root_async_with_an_async_factory_and_inject() -> None:
    async def load(env: str) -> dict[str, Any]:
        return {"env": env}

    @Module(providers=[{"provide": "ENV", "use_value": "prod"}], exports=["ENV"])
    class EnvModule:
        pass

    @Module(providers=[UsesConfig])
    class Feature:
        pass

    config = ConfigModule.for_root_async(use_factory=load, inject=["ENV"])
    config.imports = [EnvModule]

    @Module(imports=[config, Feature])
    class Root:
        pass

    from nest.di import ApplicationContext

    async with ApplicationContext(built(Root)) as context:
        assert context.get(UsesConfig).config == {"env": "prod"}


def test_two_dynamic_modules_of_one_class_are_two_modules() -> None:
    @Module(imports=[ConfigModule.for_root(name="a")], providers=[UsesConfig], exports=[UsesConfig])
    class A:
        pass

    @Module(
        imports=[ConfigModule.for_root(name="b")],
        providers=[{"provide": "B", "use_class": UsesConfig}],
        exports=["B"],
    )
    class B:
        pass

    @Module(imports=[A, B])
    class Root:
        pass

    container = built(Root)
    assert container.get(UsesConfig).config == {"name": "a"}
    assert container.get("B").config == {"name": "b"}


@Module(imports=[forward_ref(lambda: SecondModule)], providers=[Engine], exports=[Engine])
class FirstModule:
    pass


@Injectable
class Garage:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine


@Module(imports=[FirstModule], providers=[Garage], exports=[Garage])
class SecondModule:
    pass


def test_forward_ref_between_modules_that_import_each_other() -> None:
    container = built(FirstModule)
    assert container.get(Garage).engine is container.get(Engine)


@Injectable
class Chicken:
    def __init__(self, egg: Annotated[Egg, Inject(forward_ref(lambda: Egg))]) -> None:
        self.egg = egg


@Injectable
class Egg:
    def __init__(self, chicken: Chicken) -> None:
        self.chicken = chicken


def test_forward_ref_between_providers_closes_a_cycle() -> None:
    @Module(providers=[Chicken, Egg])
    class Farm:
        pass

    container = built(Farm)
    chicken, egg = container.get(Chicken), container.get(Egg)
    assert chicken.egg is egg
    assert egg.chicken is chicken


def test_module_classes_are_instantiated_with_injection() -> None:
    @Module(providers=[Engine])
    class Root:
        def __init__(self, engine: Engine) -> None:
            self.engine = engine

    container = built(Root)
    assert container.instance_of(container.graph.root.instance).engine is container.get(Engine)  # type: ignore[arg-type]
