"""PyNest compatibility layer: ``from nest.core import Module, Controller, Get, ...``.

Thin re-exports only; the implementations live in :mod:`nest.di` and :mod:`nest.http`.
"""

from typing import TYPE_CHECKING, Any

from fastapi import Depends

from nest.di import (
    Container,
    DynamicModule,
    Inject,
    Injectable,
    InjectionToken,
    Lazy,
    Module,
    Reflector,
    Scope,
    SetMetadata,
    forward_ref,
)
from nest.http import (
    BadRequestException,
    BaseGuard,
    Body,
    ConflictException,
    Controller,
    Delete,
    ForbiddenException,
    Get,
    Head,
    Headers,
    HostParam,
    HttpCode,
    HttpException,
    Ip,
    NestApplication,
    NotFoundException,
    Options,
    Param,
    Patch,
    Post,
    Put,
    PyNestFactory,
    Query,
    Req,
    Res,
    UnauthorizedException,
    UseGuards,
    createParamDecorator,
)
from nest.http.middleware import MiddlewareConsumer, NestMiddleware, RouteInfo
from nest.pipeline import (
    APP_FILTER,
    APP_GUARD,
    APP_INTERCEPTOR,
    APP_PIPE,
    ArgumentsHost,
    CallHandler,
    CanActivate,
    Catch,
    DefaultValuePipe,
    ExceptionFilter,
    ExecutionContext,
    NestInterceptor,
    ParseBoolPipe,
    ParseEnumPipe,
    ParseFloatPipe,
    ParseIntPipe,
    ParseUUIDPipe,
    PipeTransform,
    UseFilters,
    UseInterceptors,
    UsePipes,
    ValidationPipe,
)

if TYPE_CHECKING:
    from nest.websockets import (
        ConnectedSocket as ConnectedSocket,
    )
    from nest.websockets import (
        MessageBody as MessageBody,
    )
    from nest.websockets import (
        SubscribeMessage as SubscribeMessage,
    )
    from nest.websockets import (
        WebSocketGateway as WebSocketGateway,
    )
    from nest.websockets import (
        WebSocketServer as WebSocketServer,
    )
    from nest.websockets import (
        WsClient as WsClient,
    )
    from nest.websockets import (
        WsResponse as WsResponse,
    )

# Gateways are turned on by importing nest.websockets: these names load it on first use only,
# so that applications without gateways do not.
_WEBSOCKET_NAMES = frozenset(
    {
        "ConnectedSocket",
        "MessageBody",
        "SubscribeMessage",
        "WebSocketGateway",
        "WebSocketServer",
        "WsClient",
        "WsResponse",
    }
)


def __getattr__(name: str) -> Any:
    if name in _WEBSOCKET_NAMES:
        import nest.websockets

        return getattr(nest.websockets, name)
    raise AttributeError(f"module 'nest.core' has no attribute {name!r}")


#: PyNest's names for the application and the container.
PyNestApp = NestApplication
PyNestContainer = Container

__all__ = [
    "APP_FILTER",
    "APP_GUARD",
    "APP_INTERCEPTOR",
    "APP_PIPE",
    "ArgumentsHost",
    "BadRequestException",
    "BaseGuard",
    "Body",
    "CallHandler",
    "CanActivate",
    "Catch",
    "ConflictException",
    "Container",
    "Controller",
    "DefaultValuePipe",
    "Delete",
    "Depends",
    "DynamicModule",
    "ExceptionFilter",
    "ExecutionContext",
    "ForbiddenException",
    "Get",
    "Head",
    "Headers",
    "HostParam",
    "HttpCode",
    "HttpException",
    "Inject",
    "Injectable",
    "InjectionToken",
    "Ip",
    "Lazy",
    "MiddlewareConsumer",
    "Module",
    "NestApplication",
    "NestInterceptor",
    "NestMiddleware",
    "NotFoundException",
    "Options",
    "Param",
    "ParseBoolPipe",
    "ParseEnumPipe",
    "ParseFloatPipe",
    "ParseIntPipe",
    "ParseUUIDPipe",
    "Patch",
    "PipeTransform",
    "Post",
    "Put",
    "PyNestApp",
    "PyNestContainer",
    "PyNestFactory",
    "Query",
    "Reflector",
    "Req",
    "Res",
    "RouteInfo",
    "Scope",
    "SetMetadata",
    "UnauthorizedException",
    "UseFilters",
    "UseGuards",
    "UseInterceptors",
    "UsePipes",
    "ValidationPipe",
    "createParamDecorator",
    "forward_ref",
]
