"""PyNest compatibility layer (re-export)."""

from nest.di import Injectable

__all__ = ["Injectable"]
