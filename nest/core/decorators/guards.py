"""PyNest compatibility layer (re-exports)."""

from nest.http.guards import BaseGuard, UseGuards

__all__ = ["BaseGuard", "UseGuards"]
