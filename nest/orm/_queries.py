"""The statements behind both repositories, built once for the async and the sync one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, NoReturn, TypeVar

from sqlalchemy import ColumnElement, Select, func, inspect, select
from sqlalchemy.orm import DeclarativeBase

from nest.errors import NestError
from nest.orm.page import Page

__all__ = ["EntityQueries", "InvalidFilterError"]

M = TypeVar("M", bound=DeclarativeBase)


class InvalidFilterError(NestError, ValueError):
    """A repository filter names something the entity does not have."""


class EntityQueries(Generic[M]):
    """Statements on one entity class: filters, counts, existence and pages."""

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def where(
        self, conditions: tuple[ColumnElement[bool], ...], filters: Mapping[str, Any]
    ) -> list[ColumnElement[bool]]:
        """SQLAlchemy conditions plus ``column=value`` equalities (``None`` is ``IS NULL``)."""
        columns = inspect(self.model).columns
        clauses = list(conditions)
        for key, value in filters.items():
            if key not in columns:
                known = ", ".join(sorted(columns.keys()))
                raise InvalidFilterError(
                    f"{self.model.__name__} has no column {key!r} to filter on; "
                    f"columns are: {known}."
                )
            column = getattr(self.model, key)
            clauses.append(column.is_(None) if value is None else column == value)
        return clauses

    def matching(
        self, conditions: tuple[ColumnElement[bool], ...], filters: Mapping[str, Any]
    ) -> Select[M]:
        """``SELECT`` the entities that match."""
        return select(self.model).where(*self.where(conditions, filters))

    def counting(
        self, conditions: tuple[ColumnElement[bool], ...], filters: Mapping[str, Any]
    ) -> Select[int]:
        """``SELECT count(*)`` of the entities that match."""
        return select(func.count()).select_from(self.model).where(*self.where(conditions, filters))

    def existing(
        self, conditions: tuple[ColumnElement[bool], ...], filters: Mapping[str, Any]
    ) -> Select[bool]:
        """``SELECT EXISTS (...)`` of the entities that match."""
        return select(self.matching(conditions, filters).exists())

    def page(
        self,
        conditions: tuple[ColumnElement[bool], ...],
        filters: Mapping[str, Any],
        *,
        limit: int | None,
        offset: int,
        order_by: Iterable[Any] | None,
    ) -> tuple[Select[M], Select[int]]:
        """The statement of one page (ordered by primary key by default) and of the total."""
        if (limit is not None and limit < 0) or offset < 0:
            raise InvalidFilterError("limit and offset cannot be negative.")
        clauses = self.where(conditions, filters)
        order = list(order_by) if order_by is not None else list(inspect(self.model).primary_key)
        query = select(self.model).where(*clauses).order_by(*order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        total = select(func.count()).select_from(self.model).where(*clauses)
        return query, total

    def page_of(self, items: list[M], total: int, *, limit: int | None, offset: int) -> Page[M]:
        """A :class:`Page` of ``items``.

        Built unparametrized: ``Page[M]`` with the type variable asks pydantic for a
        parametrized class on every call, and its cache of those holds them weakly, so
        under load it rebuilds the class (about a millisecond) whenever the garbage
        collector has freed it. ``items`` are validated as a list either way.
        """
        return Page(items=items, total=total, limit=limit, offset=offset)

    def check_columns(self, values: Mapping[str, Any]) -> None:
        """Refuse values for names that are not columns of the entity."""
        unknown = sorted(set(values) - set(inspect(self.model).columns.keys()))
        if unknown:
            raise InvalidFilterError(f"{self.model.__name__} has no column(s) {unknown}.")

    def not_found(self) -> NoReturn:
        """Raise the 404 of a missing entity (its class name; never its table's)."""
        from nest.http.exceptions import NotFoundException

        raise NotFoundException(f"{self.model.__name__} not found.")
