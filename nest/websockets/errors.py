"""Errors of the WebSocket gateway layer; each says what failed, where and how to fix it."""

from __future__ import annotations

from nest.di.errors import ModuleGraphError
from nest.errors import NestError

__all__ = ["GatewayDefinitionError", "GatewayNotMountedError"]


class GatewayDefinitionError(ModuleGraphError):
    """A gateway is declared in a way that cannot work (reported with the other start-up errors)."""


class GatewayNotMountedError(NestError, RuntimeError):
    """A gateway's server handle was used before the application mounted the gateway."""
