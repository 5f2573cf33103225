"""PyNest compatibility layer (re-export)."""

from nest.http import PyNestFactory

__all__ = ["PyNestFactory"]
