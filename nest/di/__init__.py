"""Dependency injection: modules, providers, scopes and the container.

This package is pure Python: it imports nothing from fastapi, sqlalchemy or click.
"""

from nest.di.container import Container
from nest.di.context import ApplicationContext
from nest.di.decorators import Injectable, Module
from nest.di.dynamic_module import DynamicModule
from nest.di.errors import (
    CircularDependencyError,
    InvalidExportError,
    InvalidModuleError,
    InvalidProviderError,
    ModuleGraphError,
    NotBuiltError,
    ProviderNotExportedError,
    ProviderNotFoundError,
    ScopeViolationError,
    StartupValidationError,
    UnknownDependencyError,
)
from nest.di.lazy import Lazy
from nest.di.providers import ClassProvider, ExistingProvider, FactoryProvider, ValueProvider
from nest.di.reflector import Reflector, SetMetadata
from nest.di.request_scope import RequestScope, current_request_scope, request_scope
from nest.di.scope import Scope
from nest.di.tokens import ForwardRef, Inject, InjectionToken, forward_ref

__all__ = [
    "ApplicationContext",
    "CircularDependencyError",
    "ClassProvider",
    "Container",
    "DynamicModule",
    "ExistingProvider",
    "FactoryProvider",
    "ForwardRef",
    "Inject",
    "Injectable",
    "InjectionToken",
    "InvalidExportError",
    "InvalidModuleError",
    "InvalidProviderError",
    "Lazy",
    "Module",
    "ModuleGraphError",
    "NotBuiltError",
    "ProviderNotExportedError",
    "ProviderNotFoundError",
    "Reflector",
    "RequestScope",
    "Scope",
    "ScopeViolationError",
    "SetMetadata",
    "StartupValidationError",
    "UnknownDependencyError",
    "ValueProvider",
    "current_request_scope",
    "forward_ref",
    "request_scope",
]
