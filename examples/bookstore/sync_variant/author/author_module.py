"""The author feature module (sync)."""

from __future__ import annotations

from nest.di import Module

from .author_controller import AuthorController
from .author_service import AuthorService

__all__ = ["AuthorModule"]


@Module(controllers=[AuthorController], providers=[AuthorService], exports=[AuthorService])
class AuthorModule:
    """Authors; exports :class:`AuthorService` for the book module's checks."""
