"""The async application's root module."""

from __future__ import annotations

from nest.di import DynamicModule, Module
from nest.orm import CommitMode, OrmModule

from ..app_info import AppController, AppService
from ..database import DatabaseSetup
from ..entities import Base
from ..settings import BookstoreSettings, settings_module
from .author.author_module import AuthorModule
from .book.book_module import BookModule

__all__ = ["AppModule"]


@Module(
    imports=[AuthorModule, BookModule],
    controllers=[AppController],
    providers=[AppService, DatabaseSetup],
)
class AppModule:
    """Authors, books and the info endpoint, on an ``AsyncOrmProvider``."""

    @classmethod
    def for_root(cls, settings: BookstoreSettings) -> DynamicModule:
        """The root module for ``settings``: their provider, and the database connection.

        Each request's session commits before a 2xx response and rolls back otherwise.
        """
        return DynamicModule(
            module=cls,
            imports=[
                settings_module(settings),
                OrmModule.for_root(
                    **settings.orm_options(), base=Base, commit_mode=CommitMode.AUTOCOMMIT
                ),
            ],
        )
