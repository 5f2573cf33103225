"""PyNest compatibility layer (re-export)."""

from nest.http import NestApplication as PyNestApp

__all__ = ["PyNestApp"]
