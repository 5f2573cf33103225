"""PyNest compatibility: ``from nest.common.decorators import Body, Param, Query, ...``."""

from typing import Any

from nest.di.reflector import SetMetadata
from nest.http.arguments import (
    Body,
    Headers,
    HostParam,
    Ip,
    Param,
    Query,
    Req,
    Res,
    create_param_decorator,
    createParamDecorator,
)
from nest.pipeline.context import ExecutionContext

__all__ = [
    "Body",
    "ExecutionContext",
    "Headers",
    "HostParam",
    "Ip",
    "Param",
    "Public",
    "Query",
    "Req",
    "Res",
    "Roles",
    "SetMetadata",
    "createParamDecorator",
    "create_param_decorator",
]


def Roles(*roles: str) -> Any:
    """``SetMetadata("roles", [...])``: the roles a handler or controller requires."""
    return SetMetadata("roles", list(roles))


def Public() -> Any:
    """``SetMetadata("is_public", True)``: mark a handler as open to every caller."""
    return SetMetadata("is_public", True)
