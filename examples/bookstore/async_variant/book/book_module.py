"""The book feature module (async)."""

from __future__ import annotations

from nest.di import Module
from nest.orm import OrmModule

from ...entities import Book
from ..author.author_module import AuthorModule
from .book_controller import BookController
from .book_service import BookService

__all__ = ["BookModule"]


@Module(
    imports=[OrmModule.for_feature([Book]), AuthorModule],
    controllers=[BookController],
    providers=[BookService],
)
class BookModule:
    """Books; checks authors through the imported :class:`AuthorModule`."""
