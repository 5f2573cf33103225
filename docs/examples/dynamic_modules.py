"""Dynamic modules: for_root(**options) and for_root_async(use_factory=..., inject=[...])."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from nest.di import DynamicModule, Inject, Injectable, InjectionToken, Module

CONFIG = InjectionToken[dict[str, Any]]("CONFIG")


@Injectable
class ConfigService:
    def __init__(self, options: Annotated[dict[str, Any], Inject(CONFIG)]) -> None:
        self.options = options

    def get(self, key: str) -> Any:
        return self.options[key]


class ConfigModule:
    @classmethod
    def for_root(cls, **options: Any) -> DynamicModule:
        return DynamicModule(
            module=cls,
            providers=[{"provide": CONFIG, "use_value": options}, ConfigService],
            exports=[ConfigService],
            is_global=True,
        )

    @classmethod
    def for_root_async(
        cls, *, use_factory: Callable[..., Awaitable[dict[str, Any]]], inject: Sequence[Any] = ()
    ) -> DynamicModule:
        return DynamicModule(
            module=cls,
            providers=[
                {"provide": CONFIG, "use_factory": use_factory, "inject": list(inject)},
                ConfigService,
            ],
            exports=[ConfigService],
            is_global=True,
        )


@Module(imports=[ConfigModule.for_root(currency="EUR")])
class ShopModule:
    pass


async def load_settings() -> dict[str, Any]:
    return {"currency": "USD"}  # read a vault, a file, a remote service...


@Module(imports=[ConfigModule.for_root_async(use_factory=load_settings)])
class AsyncShopModule:
    pass
