"""The book feature module (sync)."""

from __future__ import annotations

from nest.di import Module

from ..author.author_module import AuthorModule
from .book_controller import BookController
from .book_service import BookService

__all__ = ["BookModule"]


@Module(imports=[AuthorModule], controllers=[BookController], providers=[BookService])
class BookModule:
    """Books; checks authors through the imported :class:`AuthorModule`."""
