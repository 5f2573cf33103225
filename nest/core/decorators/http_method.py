"""PyNest compatibility layer (re-exports)."""

from nest.http import Delete, Get, Head, Options, Patch, Post, Put

__all__ = ["Delete", "Get", "Head", "Options", "Patch", "Post", "Put"]
