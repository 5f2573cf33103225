"""``Page`` results for blocking sessions (``Repository.list`` is asyncio-only)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, inspect, select
from sqlalchemy.orm import DeclarativeBase, Session

from nest.orm import Page

__all__ = ["paginate"]

M = TypeVar("M", bound=DeclarativeBase)


def paginate(
    session: Session, model: type[M], *where: ColumnElement[bool], limit: int, offset: int
) -> Page[M]:
    """A page of ``model`` rows matching ``where``, by primary key, with the total count."""
    order: list[Any] = list(inspect(model).primary_key)
    total = session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()
    rows = session.execute(select(model).where(*where).order_by(*order).limit(limit).offset(offset))
    return Page[M](items=list(rows.scalars().all()), total=total, limit=limit, offset=offset)
