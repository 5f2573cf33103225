"""``ConfigModule``: settings from the environment and env files, validated at start-up."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from nest.config.env import Environment, env_file_list
from nest.config.loader import ConfigStore, load_config, load_namespaces
from nest.config.namespace import ConfigNamespace
from nest.config.service import ConfigService
from nest.di import DynamicModule, ExistingProvider, Inject, InjectionToken

__all__ = ["CONFIG_STORE", "ConfigFeatureModule", "ConfigModule"]

#: The loaded configuration of ``ConfigModule.for_root`` (what ``for_feature`` builds on).
CONFIG_STORE: InjectionToken[ConfigStore] = InjectionToken("nest.config:store")

EnvFile = str | os.PathLike[str]


def _load_root(
    *,
    files: tuple[Path, ...],
    ignore_env_file: bool,
    update_environ: bool,
    schema: type[BaseModel] | None,
    namespaces: tuple[ConfigNamespace[Any], ...],
) -> ConfigStore:
    env = Environment(() if ignore_env_file else files, files_ignored=ignore_env_file)
    if update_environ:
        env.export()
    # A settings class reads the env files itself (pydantic-settings), told which ones here;
    # given no file, it keeps its own model_config['env_file'].
    settings_kwargs: dict[str, Any] = {}
    if ignore_env_file or files:
        settings_kwargs["_env_file"] = None if ignore_env_file else files
    return load_config(
        env=env, settings_kwargs=settings_kwargs, schema=schema, namespaces=namespaces
    )


def _check_schema(schema: object) -> None:
    if schema is not None and not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        raise TypeError(
            f"ConfigModule.for_root(schema={schema!r}): the schema must be a pydantic-settings "
            "BaseSettings class (or a pydantic BaseModel class), not an instance or another type."
        )


def _check_namespaces(call: str, entries: Sequence[object]) -> tuple[ConfigNamespace[Any], ...]:
    checked: list[ConfigNamespace[Any]] = []
    for entry in entries:
        if not isinstance(entry, ConfigNamespace):
            raise TypeError(
                f"{call} got {entry!r}, which is not a namespace. Make one with "
                "register_as('name', factory) and pass that; its values are then read as "
                "config.get('name.key')."
            )
        checked.append(entry)
    return tuple(checked)


def _pick(name: str, values: dict[str, Any]) -> Any:
    return values[name]


def _namespace_providers(
    namespaces: Sequence[ConfigNamespace[Any]], source: Any, exclude: type | None = None
) -> tuple[list[Any], list[Any]]:
    providers: list[Any] = []
    exports: list[Any] = []
    for namespace in namespaces:
        providers.append(
            {
                "provide": namespace.token,
                "use_factory": functools.partial(_pick, namespace.name),
                "inject": [source],
            }
        )
        exports.append(namespace.token)
        cls = namespace.settings_class
        if cls is not None and cls is not exclude:
            providers.append({"provide": cls, "use_existing": namespace.token})
            exports.append(cls)
    return providers, exports


def _store_namespaces(store: ConfigStore) -> dict[str, Any]:
    return store.namespaces


def _settings_of(store: ConfigStore) -> Any:
    return store.settings


class ConfigModule:
    """Settings read from the environment and env files, validated when the application is created.

    Import ``ConfigModule.for_root(...)`` once, in the root module; feature modules that
    have settings of their own import ``ConfigModule.for_feature(namespace)``.
    """

    @classmethod
    def for_root(
        cls,
        *,
        schema: type[BaseModel] | None = None,
        env_file: EnvFile | Sequence[EnvFile] | None = ".env",
        load: Sequence[ConfigNamespace[Any]] = (),
        is_global: bool = True,
        ignore_env_file: bool = False,
        update_environ: bool = False,
    ) -> DynamicModule:
        """A module providing :class:`ConfigService`, the validated ``schema`` and namespaces.

        Everything is read and validated when the application is created
        (``PyNestFactory.create``, ``Test.create_testing_module(...).compile()``); every
        missing or invalid setting is listed in one :class:`~nest.config.ConfigValidationError`.

        Example:
            ```python
            @Module(imports=[ConfigModule.for_root(schema=AppSettings, load=[database_config])])
            class AppModule: ...
            ```

        Args:
            schema: A pydantic-settings ``BaseSettings`` class (its ``env_prefix``, aliases
                and ``case_sensitive`` apply), or a plain pydantic ``BaseModel`` whose field
                names (or aliases) are the variable names. Injectable by itself, and as
                ``ConfigService[schema]``.
            env_file: The env file, or files, to read (relative paths from the working
                directory; missing files are skipped). A later file wins over an earlier one;
                the process environment wins over every file. ``None`` reads no file (a
                settings class then keeps its own ``env_file``).
            load: Namespaces made by :func:`~nest.config.register_as`, each injectable by its
                token and readable as ``config.get("name.key")``.
            is_global: Make the providers visible in every module without importing this one
                (the default; NestJS's ``isGlobal`` defaults to false).
            ignore_env_file: Read no env file at all, whatever ``env_file`` and the schema say.
            update_environ: Also set in ``os.environ`` the env-file variables it does not have
                yet (off by default: reading settings changes nothing in the process).
        """
        _check_schema(schema)
        namespaces = _check_namespaces("ConfigModule.for_root(load=[...])", load)
        load_store = functools.partial(
            _load_root,
            files=env_file_list(env_file),
            ignore_env_file=ignore_env_file,
            update_environ=update_environ,
            schema=schema,
            namespaces=namespaces,
        )
        providers: list[Any] = [
            {"provide": CONFIG_STORE, "use_factory": load_store},
            {"provide": ConfigService, "use_factory": ConfigService, "inject": [CONFIG_STORE]},
        ]
        exports: list[Any] = [CONFIG_STORE, ConfigService]
        if schema is not None:
            typed_service = ConfigService[schema]  # type: ignore[valid-type]
            providers += [
                {"provide": schema, "use_factory": _settings_of, "inject": [CONFIG_STORE]},
                # The DI container matches tokens by equality, and ConfigService[X] == ConfigService[X].
                ExistingProvider(typed_service, ConfigService),
            ]
            exports += [schema, typed_service]
        namespaces_token = InjectionToken[dict[str, Any]]("nest.config:root-namespaces")
        if namespaces:
            providers.append(
                {
                    "provide": namespaces_token,
                    "use_factory": _store_namespaces,
                    "inject": [CONFIG_STORE],
                }
            )
            more, names = _namespace_providers(namespaces, namespaces_token, exclude=schema)
            providers += more
            exports += names
        return DynamicModule(module=cls, providers=providers, exports=exports, is_global=is_global)

    @classmethod
    def for_feature(cls, *namespaces: ConfigNamespace[Any]) -> DynamicModule:
        """A module providing the given namespaces to the module that imports it.

        They are loaded when the application is created, with the env files of
        ``ConfigModule.for_root`` when it is visible (global, or imported), else from the
        process environment alone. The module also provides a :class:`ConfigService` that
        sees these namespaces besides everything of ``for_root``.

        Example:
            ```python
            @Module(imports=[ConfigModule.for_feature(database_config)], providers=[Db])
            class DatabaseModule: ...
            ```
        """
        if not namespaces:
            raise TypeError("ConfigModule.for_feature() needs at least one namespace.")
        _check_namespaces("ConfigModule.for_feature(...)", namespaces)
        names = ", ".join(ns.name for ns in namespaces)
        values_token = InjectionToken[dict[str, Any]](f"nest.config:feature-namespaces({names})")
        store = Inject(CONFIG_STORE, optional=True)
        providers: list[Any] = [
            {
                "provide": values_token,
                "use_factory": functools.partial(load_namespaces, namespaces),
                "inject": [store],
            },
            {
                "provide": ConfigService,
                "use_factory": _feature_service,
                "inject": [store, values_token],
            },
        ]
        more, exports = _namespace_providers(namespaces, values_token)
        return DynamicModule(
            module=ConfigFeatureModule,
            providers=[*providers, *more],
            exports=[*exports, ConfigService],
        )


def _feature_service(store: ConfigStore | None, values: dict[str, Any]) -> ConfigService:
    base = store if store is not None else ConfigStore(Environment())
    return ConfigService(base, values)


class ConfigFeatureModule:
    """The module class behind ``ConfigModule.for_feature``."""
