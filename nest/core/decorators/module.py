"""PyNest compatibility layer (re-export)."""

from nest.di import Module

__all__ = ["Module"]
