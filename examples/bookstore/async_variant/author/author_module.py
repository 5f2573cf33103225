"""The author feature module (async)."""

from __future__ import annotations

from nest.di import Module
from nest.orm import OrmModule

from ...entities import Author, Book
from .author_controller import AuthorController
from .author_service import AuthorService

__all__ = ["AuthorModule"]


@Module(
    imports=[OrmModule.for_feature([Author, Book])],
    controllers=[AuthorController],
    providers=[AuthorService],
    exports=[AuthorService],
)
class AuthorModule:
    """Authors; exports :class:`AuthorService` for the book module's checks."""
