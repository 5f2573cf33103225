"""Build the book store: ``create_app(settings, variant="async" | "sync")``.

``create_server`` and ``create_sync_server`` are uvicorn factories
(``uvicorn --factory examples.bookstore.app:create_server``) reading the
settings from the environment.
"""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI

from nest.http import NestApplication, PyNestFactory

from .settings import BookstoreSettings

__all__ = ["Variant", "create_app", "create_server", "create_sync_server"]

Variant = Literal["async", "sync"]


def create_app(
    settings: BookstoreSettings | None = None, *, variant: Variant = "async"
) -> NestApplication:
    """The book store application (nothing touches the database until it starts).

    Args:
        settings: Database and behaviour; by default read from the environment.
        variant: ``"async"`` (``AsyncOrmProvider``, ``async def`` handlers) or
            ``"sync"`` (``OrmProvider``, ``def`` handlers in the thread pool).
    """
    settings = settings if settings is not None else BookstoreSettings.from_env()
    if variant == "async":
        from .async_variant.app_module import AppModule
    elif variant == "sync":
        from .sync_variant.app_module import AppModule  # type: ignore[assignment]
    else:
        raise ValueError(f"Unknown variant {variant!r}; use 'async' or 'sync'.")
    return PyNestFactory.create(
        AppModule.for_root(settings),
        title="Book Store Management Application",
        description=f"The PyNest article's book store on nest ({variant} variant).",
        version="1.0.0",
    )


def create_server() -> FastAPI:
    """The async variant's FastAPI app, configured from the environment."""
    return create_app(variant="async").get_server()


def create_sync_server() -> FastAPI:
    """The sync variant's FastAPI app, configured from the environment."""
    return create_app(variant="sync").get_server()
