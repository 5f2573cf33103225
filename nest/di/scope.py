"""Provider lifetimes."""

from __future__ import annotations

import enum

__all__ = ["Scope"]


class Scope(enum.Enum):
    """How long an instance made by a provider lives.

    Attributes:
        SINGLETON: One instance for the whole application, built once at start-up (the default).
        TRANSIENT: A new instance for every injection.
        REQUEST: One instance per HTTP request, built on first use in that request, shared by
            everything in it and torn down after the response.
    """

    SINGLETON = "singleton"
    TRANSIENT = "transient"
    REQUEST = "request"

    DEFAULT = "singleton"
