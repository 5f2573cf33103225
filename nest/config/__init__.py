"""Configuration: settings from the environment and env files, validated at start-up.

Built on pydantic-settings and python-dotenv. Import ``ConfigModule.for_root(...)`` in the
root module, inject :class:`ConfigService` (or the schema class itself) where settings are
needed, and group module-level settings with :func:`register_as`.
"""

from nest.config.env import Environment, MissingVariableError
from nest.config.errors import (
    ConfigKeyError,
    ConfigProblem,
    ConfigValidationError,
    NoConfigSchemaError,
)
from nest.config.loader import ConfigStore
from nest.config.module import CONFIG_STORE, ConfigFeatureModule, ConfigModule
from nest.config.namespace import ConfigNamespace, register_as
from nest.config.service import ConfigService

__all__ = [
    "CONFIG_STORE",
    "ConfigFeatureModule",
    "ConfigKeyError",
    "ConfigModule",
    "ConfigNamespace",
    "ConfigProblem",
    "ConfigService",
    "ConfigStore",
    "ConfigValidationError",
    "Environment",
    "MissingVariableError",
    "NoConfigSchemaError",
    "register_as",
]
