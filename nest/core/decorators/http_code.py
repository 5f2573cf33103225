"""PyNest compatibility layer (re-export)."""

from nest.http import HttpCode

__all__ = ["HttpCode"]
