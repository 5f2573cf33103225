"""Loading at start-up: validate the schema and the namespaces, and collect every problem.

Nothing here raises on the first problem: each missing or invalid setting becomes a
:class:`ConfigProblem`, and one :class:`ConfigValidationError` lists them all.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import AliasChoices, AliasPath, BaseModel, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from nest.config.env import Environment, MissingVariableError
from nest.config.errors import ConfigProblem, ConfigValidationError
from nest.config.namespace import ConfigNamespace
from nest.di.tokens import display_name

__all__ = ["ConfigStore", "load_config", "load_namespaces"]

_PARSE_ERROR = re.compile(r'error parsing value for field "(?P<field>[^"]+)"')


@dataclass
class ConfigStore:
    """Everything a :class:`~nest.config.ConfigService` reads, loaded once per application.

    Attributes:
        env: The process environment over the env files, as it was at start-up.
        settings_kwargs: What a settings class is built with: ``{"_env_file": files}`` (the
            module's env files, or ``None`` for none), or nothing to keep the class's own.
        schema: The schema class, if any.
        settings: The validated schema instance, if any.
        namespaces: Each loaded namespace's value, by name.
    """

    env: Environment
    settings_kwargs: dict[str, Any] = field(default_factory=dict)
    schema: type[BaseModel] | None = None
    settings: BaseModel | None = None
    namespaces: dict[str, Any] = field(default_factory=dict)
    _by_variable: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.schema is not None:
            self._by_variable = field_variables(self.schema)

    def __repr__(self) -> str:  # names only: values may be secrets
        schema = self.schema.__name__ if self.schema is not None else None
        return f"<ConfigStore schema={schema} namespaces={sorted(self.namespaces)}>"

    def field_for_variable(self, name: str) -> str | None:
        """The schema field read from environment variable ``name``, if any."""
        if self.schema is None:
            return None
        found = self._by_variable.get(name)
        if found is None and not _case_sensitive(self.schema):
            found = self._by_variable.get(name.upper())
        return found


# -- field names and variable names --------------------------------------------------------


def _case_sensitive(cls: type[BaseModel]) -> bool:
    if not issubclass(cls, BaseSettings):
        return True
    return bool(cls.model_config.get("case_sensitive", False))


def _variables_of(cls: type[BaseModel], name: str) -> list[str]:
    """The variable names field ``name`` of ``cls`` is read from, as a user would write them."""
    info = cls.model_fields[name]
    alias = info.validation_alias
    names: list[str]
    if isinstance(alias, str):
        names = [alias]
    elif isinstance(alias, AliasPath):
        names = [str(alias.path[0])]
    elif isinstance(alias, AliasChoices):
        names = [c if isinstance(c, str) else str(c.path[0]) for c in alias.choices]
    elif info.alias:
        names = [info.alias]
    else:
        prefix = str(cls.model_config.get("env_prefix", "") or "") if _is_settings(cls) else ""
        names = [prefix + name]
    if not _case_sensitive(cls):
        names = [n.upper() for n in names]
    return names


def _is_settings(cls: type[BaseModel]) -> bool:
    return issubclass(cls, BaseSettings)


def field_variables(cls: type[BaseModel]) -> dict[str, str]:
    """Map each variable name of ``cls``'s fields to the field's name."""
    found: dict[str, str] = {}
    for name in cls.model_fields:
        for variable in _variables_of(cls, name):
            found.setdefault(variable, name)
    return found


def _field_named(cls: type[BaseModel], key: str) -> str | None:
    if key in cls.model_fields:
        return key
    folded = key if _case_sensitive(cls) else key.upper()
    return field_variables(cls).get(folded)


def _variable_for(cls: type[BaseModel], loc: Sequence[str | int]) -> str | None:
    if not loc:
        return None
    name = _field_named(cls, str(loc[0]))
    if name is None:
        return None
    variable = _variables_of(cls, name)[0]
    delimiter = cls.model_config.get("env_nested_delimiter") if _is_settings(cls) else None
    if len(loc) > 1 and delimiter:
        rest = [str(part) for part in loc[1:]]
        if not _case_sensitive(cls):
            rest = [part.upper() for part in rest]
        variable = str(delimiter).join([variable, *rest])
    return variable


# -- validation ----------------------------------------------------------------------------


def _problems_of(
    error: ValidationError, cls: type[BaseModel] | None, env: Environment, where: str
) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    for detail in error.errors(include_url=False, include_input=False, include_context=False):
        loc = detail["loc"]
        variable = _variable_for(cls, loc) if cls is not None else None
        dotted = ".".join(str(part) for part in loc)
        location = f"{where}.{dotted}" if dotted else where
        missing = detail["type"] == "missing"
        source = None
        if variable is not None and not missing:
            source = env.source_of(variable, case_sensitive=cls is None or _case_sensitive(cls))
        message = "not set" if missing else detail["msg"]
        problems.append(ConfigProblem(variable, location, message, missing, source))
    return problems


@functools.cache
def _sharing_env_files(cls: type[BaseSettings]) -> type[BaseSettings]:
    """``cls``, or a subclass of it that ignores the env-file variables it does not declare."""
    if cls.model_config.get("extra", "forbid") != "forbid":
        return cls
    namespace = {
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "model_config": SettingsConfigDict(extra="ignore"),
    }
    metaclass: Any = type(cls)
    made: type[BaseSettings] = metaclass(cls.__name__, (cls,), namespace)
    return made


def _build_settings(cls: type[BaseModel], settings_kwargs: dict[str, Any]) -> BaseModel:
    # An env file is shared by the schema, the namespaces and ConfigService.get, but
    # pydantic-settings (extra='forbid', its default) refuses any variable of the file that the
    # class does not declare. So the class is built as a subclass ignoring those, and the instance
    # is then given the class itself (same fields and layout): equality, repr and type() are the
    # user's class.
    assert issubclass(cls, BaseSettings)
    built = _sharing_env_files(cls)(**settings_kwargs)
    built.__class__ = cls
    return built


def validate_model(
    cls: type[BaseModel],
    env: Environment,
    settings_kwargs: dict[str, Any],
    where: str,
) -> tuple[BaseModel | None, list[ConfigProblem]]:
    """Build ``cls`` from the environment; return it, or the problems found."""
    try:
        if _is_settings(cls):
            return _build_settings(cls, settings_kwargs), []
        return cls.model_validate(dict(env)), []
    except ValidationError as error:
        return None, _problems_of(error, cls, env, where)
    except ValueError as error:
        # pydantic-settings' SettingsError (a ValueError, importable from a different module
        # in each version): a value that is not valid JSON for a complex field.
        match = _PARSE_ERROR.search(str(error))
        if match is None:
            raise
        name = match.group("field")
        variable = _variable_for(cls, [name])
        location = f"{where}.{name}"
        message = "is not valid JSON (complex fields such as lists and models are read as JSON)"
        source = env.source_of(variable, case_sensitive=_case_sensitive(cls)) if variable else None
        return None, [ConfigProblem(variable, location, message, False, source)]


def _load_namespace(
    namespace: ConfigNamespace[Any],
    env: Environment,
    settings_kwargs: dict[str, Any],
) -> tuple[Any, list[ConfigProblem]]:
    where = f"namespace {namespace.name!r}"
    cls = namespace.settings_class
    if cls is not None:
        return validate_model(cls, env, settings_kwargs, f"{where}: {display_name(cls)}")
    factory = display_name(namespace.factory)
    location = f"{where} ({factory})"
    try:
        if namespace.takes_env:
            return namespace.factory(env), []
        return namespace.factory(), []
    except MissingVariableError as missing:
        return None, [ConfigProblem(missing.name, location, "not set", missing=True)]
    except ValidationError as error:
        return None, _problems_of(error, None, env, f"{location}: {error.title}")
    except KeyError as error:
        key = error.args[0] if error.args else None
        hint = (
            f"; if {key} is an environment variable, set it, and read it as "
            f"`lambda env: env[{key!r}]` so that env files count too"
            if isinstance(key, str)
            else ""
        )
        message = f"the factory raised KeyError({key!r}){hint}"
        return None, [ConfigProblem(None, location, message)]
    except Exception as error:
        message = (
            f"the factory raised {type(error).__name__} "
            "(its message is not shown: it may contain a secret value)"
        )
        return None, [ConfigProblem(None, location, message)]


def _owner(schema: type[BaseModel] | None, namespaces: Sequence[ConfigNamespace[Any]]) -> str:
    parts = [display_name(schema)] if schema is not None else []
    parts += [f"namespace {ns.name!r}" for ns in namespaces]
    return ", ".join(parts) or "the configuration"


def _raise(problems: list[ConfigProblem], owner: str, env: Environment) -> None:
    if problems:
        raise ConfigValidationError(
            problems,
            owner=owner,
            env_files=[str(f) for f in env.files],
            missing_files=[str(f) for f in env.missing_files],
            files_ignored=env.files_ignored,
        )


def load_config(
    *,
    env: Environment,
    settings_kwargs: dict[str, Any],
    schema: type[BaseModel] | None,
    namespaces: Sequence[ConfigNamespace[Any]],
) -> ConfigStore:
    """Validate the schema and every namespace; raise one error listing every problem.

    Raises:
        ConfigValidationError: A setting is missing or invalid.
    """
    problems: list[ConfigProblem] = []
    settings: BaseModel | None = None
    if schema is not None:
        settings, found = validate_model(schema, env, settings_kwargs, display_name(schema))
        problems += found
    values = {}
    for namespace in namespaces:
        value, found = _load_namespace(namespace, env, settings_kwargs)
        problems += found
        values[namespace.name] = value
    _raise(problems, _owner(schema, namespaces), env)
    return ConfigStore(env, settings_kwargs, schema, settings, values)


def load_namespaces(
    namespaces: Sequence[ConfigNamespace[Any]], store: ConfigStore | None
) -> dict[str, Any]:
    """Load ``namespaces`` with the env files of ``store`` (else the process environment alone).

    Raises:
        ConfigValidationError: A setting is missing or invalid.
    """
    env = store.env if store is not None else Environment()
    settings_kwargs = store.settings_kwargs if store is not None else {}
    problems: list[ConfigProblem] = []
    values = {}
    for namespace in namespaces:
        value, found = _load_namespace(namespace, env, settings_kwargs)
        problems += found
        values[namespace.name] = value
    _raise(problems, _owner(None, namespaces), env)
    return values
