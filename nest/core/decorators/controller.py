"""PyNest compatibility layer (re-export)."""

from nest.http import Controller

__all__ = ["Controller"]
