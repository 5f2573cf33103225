"""Bare FastAPI, written the way a FastAPI user would: the service is a module-level object.

Run it with ``uvicorn benchmarks.apps.fastapi_app:app``.
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException

from benchmarks.apps.common import HELLO, Item, ItemIn, ItemStore

__all__ = ["app", "create_app"]

service = ItemStore()


def create_app() -> FastAPI:
    """A new FastAPI application with the benchmark's endpoints."""
    app = FastAPI(title="bench-fastapi")

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return HELLO

    @app.get("/items/{item_id}")
    async def get_item(item_id: int) -> Item:
        item = service.get(item_id)
        if item is None:
            raise HTTPException(status_code=404, detail=f"Item {item_id} not found")
        return item

    @app.post("/items", status_code=201)
    async def create_item(data: ItemIn) -> Item:
        return service.put(data)

    return app


app = create_app()
