"""The request pipeline: guards, interceptors, pipes and exception filters.

Transport-agnostic building blocks; :mod:`nest.http` runs them for routes (and the WebSocket
layer for gateways) in NestJS's order: guards, interceptors (before), pipes, the handler,
interceptors (after), and exception filters around all of it.
"""

from nest.di.reflector import ReflectableDecorator, Reflector, SetMetadata
from nest.pipeline.context import (
    ArgumentsHost,
    ContextType,
    ExecutionContext,
    HttpArgumentsHost,
    WsArgumentsHost,
)
from nest.pipeline.enhancers import (
    APP_FILTER,
    APP_GUARD,
    APP_INTERCEPTOR,
    APP_PIPE,
    UseFilters,
    UseGuards,
    UseInterceptors,
    UsePipes,
)
from nest.pipeline.filters import Catch, ExceptionFilter
from nest.pipeline.guards import CanActivate
from nest.pipeline.interceptors import CallHandler, NestInterceptor
from nest.pipeline.pipes import (
    ArgumentMetadata,
    DefaultValuePipe,
    ParseBoolPipe,
    ParseEnumPipe,
    ParseFloatPipe,
    ParseIntPipe,
    ParseUUIDPipe,
    PipeTransform,
    ValidationPipe,
)

__all__ = [
    "APP_FILTER",
    "APP_GUARD",
    "APP_INTERCEPTOR",
    "APP_PIPE",
    "ArgumentMetadata",
    "ArgumentsHost",
    "CallHandler",
    "CanActivate",
    "Catch",
    "ContextType",
    "DefaultValuePipe",
    "ExceptionFilter",
    "ExecutionContext",
    "HttpArgumentsHost",
    "NestInterceptor",
    "ParseBoolPipe",
    "ParseEnumPipe",
    "ParseFloatPipe",
    "ParseIntPipe",
    "ParseUUIDPipe",
    "PipeTransform",
    "ReflectableDecorator",
    "Reflector",
    "SetMetadata",
    "UseFilters",
    "UseGuards",
    "UseInterceptors",
    "UsePipes",
    "ValidationPipe",
    "WsArgumentsHost",
]
