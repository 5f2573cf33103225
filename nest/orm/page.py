"""``Page[T]``: one page of a list, with the total count, as a response model."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Page"]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of results and the number of results on all pages.

    ``Repository.list`` returns ``Page[Entity]``; declare ``Page[EntityOut]`` as the
    route's response model to send it (``EntityOut`` with ``from_attributes=True``).

    Example:
        ```python
        @Get("/", response_model=Page[BookOut])
        async def list_books(self, limit: int = 20, offset: int = 0) -> Page[Book]:
            return await self.books.list(limit=limit, offset=offset)
        ```

    Attributes:
        items: The results on this page.
        total: The number of results on all pages.
        limit: The page size asked for (``None``: no limit).
        offset: How many results were skipped before this page.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, from_attributes=True)

    items: list[T]
    total: int = Field(ge=0)
    limit: int | None = None
    offset: int = 0
