"""What both applications share: the Pydantic models and the service's logic.

Keeping one copy of the work done behind each endpoint means that any difference in throughput
comes from the framework layer, not from the handlers.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

__all__ = ["HELLO", "Item", "ItemIn", "ItemStore"]

HELLO: dict[str, str] = {"message": "Hello, World!"}
"""The body of ``GET /hello``."""


class ItemIn(BaseModel):
    """The validated body of ``POST /items``: six fields with constraints."""

    name: str = Field(min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=500)
    price: float = Field(gt=0)
    tax: float | None = Field(default=None, ge=0)
    quantity: int = Field(ge=0, le=1_000_000)
    tags: list[str] = Field(default_factory=list, max_length=10)


class Item(ItemIn):
    """An item as the API returns it."""

    id: int


class ItemStore:
    """An in-memory catalogue seeded with 100 items; ``put`` upserts by name.

    Upserting keeps memory flat under load (the load generator posts the same body over and
    over) and makes every answer deterministic, so the two applications can be compared
    byte for byte.
    """

    def __init__(self) -> None:
        self._items: dict[int, Item] = {}
        self._ids_by_name: dict[str, int] = {}
        for number in range(1, 101):
            self.put(
                ItemIn(
                    name=f"item-{number}",
                    description=f"The item number {number}.",
                    price=round(1.5 * number, 2),
                    tax=round(0.2 * number, 2),
                    quantity=number * 3,
                    tags=["seed", f"group-{number % 7}"],
                )
            )

    def get(self, item_id: int) -> Item | None:
        """The item with ``item_id``, or ``None``."""
        return self._items.get(item_id)

    def put(self, data: ItemIn) -> Item:
        """Store ``data`` under its name (a new id for a new name) and return the stored item."""
        item_id = self._ids_by_name.setdefault(data.name, len(self._ids_by_name) + 1)
        item = Item(id=item_id, **data.model_dump())
        self._items[item_id] = item
        return item
