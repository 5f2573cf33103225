"""``Repository[M]``: the common queries on one entity, on the current session."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.orm import DeclarativeBase

from nest.orm._queries import EntityQueries, InvalidFilterError
from nest.orm.async_provider import AsyncOrmProvider
from nest.orm.page import Page

__all__ = ["InvalidFilterError", "Repository"]

M = TypeVar("M", bound=DeclarativeBase)


class Repository(EntityQueries[M]):
    """Look up, list, add, change and remove one kind of entity.

    Every call runs on the current session (the request's, or that of the
    ``@Transactional`` call in progress), so it joins the caller's transaction; with no
    current session, the call runs and commits in a transaction of its own. ``add``,
    ``update`` and ``delete`` flush, so a unique or foreign-key violation is raised by
    the call that caused it (and answered 409).

    Get one by injection: ``OrmModule.for_feature([Book])`` and
    ``books: Annotated[Repository[Book], InjectRepository(Book)]``; or build one with
    ``Repository(Book, provider)``. :class:`nest.orm.SyncRepository` is the same on an
    ``OrmProvider``.

    Args:
        model: The entity class.
        provider: The asyncio provider whose database holds the entity.
    """

    def __init__(self, model: type[M], provider: AsyncOrmProvider) -> None:
        super().__init__(model)
        self.provider = provider

    def __repr__(self) -> str:
        return f"{type(self).__name__}[{self.model.__name__}](connection={self.provider.name!r})"

    async def get(self, ident: Any) -> M | None:
        """The entity with primary key ``ident``, or ``None``."""
        async with self.provider.session_scope() as session:
            return await session.get(self.model, ident)

    async def get_or_404(self, ident: Any) -> M:
        """The entity with primary key ``ident``.

        Raises:
            nest.http.NotFoundException: There is none (answered 404).
        """
        found = await self.get(ident)
        if found is None:
            self.not_found()
        return found

    async def find_one(self, *where: ColumnElement[bool], **filters: Any) -> M | None:
        """The first entity matching the filters, or ``None``."""
        async with self.provider.session_scope() as session:
            result = await session.execute(self.matching(where, filters).limit(1))
            return result.scalars().first()

    async def list(
        self,
        *where: ColumnElement[bool],
        limit: int | None = None,
        offset: int = 0,
        order_by: Iterable[Any] | None = None,
        **filters: Any,
    ) -> Page[M]:
        """A page of the entities matching the filters, and their total count.

        Args:
            *where: SQLAlchemy conditions, such as ``Book.price > 10``.
            limit: Page size; ``None`` returns every match.
            offset: Matches to skip.
            order_by: Sort keys; by default the primary key, so pages are stable.
            **filters: Column equalities, such as ``author_id=3``.
        """
        query, count = self.page(where, filters, limit=limit, offset=offset, order_by=order_by)
        async with self.provider.session_scope() as session:
            total = (await session.execute(count)).scalar_one()
            items = builtins.list((await session.execute(query)).scalars().all())
        return self.page_of(items, total, limit=limit, offset=offset)

    async def count(self, *where: ColumnElement[bool], **filters: Any) -> int:
        """The number of entities matching the filters."""
        async with self.provider.session_scope() as session:
            return int((await session.execute(self.counting(where, filters))).scalar_one())

    async def exists(self, *where: ColumnElement[bool], **filters: Any) -> bool:
        """Whether any entity matches the filters."""
        async with self.provider.session_scope() as session:
            return bool((await session.execute(self.existing(where, filters))).scalar())

    async def add(self, entity: M) -> M:
        """Add ``entity`` and flush, so its generated primary key is set."""
        async with self.provider.session_scope() as session:
            session.add(entity)
            await session.flush()
        return entity

    async def add_many(self, entities: Iterable[M]) -> builtins.list[M]:
        """Add several entities and flush once."""
        batch = builtins.list(entities)
        async with self.provider.session_scope() as session:
            session.add_all(batch)
            await session.flush()
        return batch

    async def update(self, entity_or_id: M | Any, /, **values: Any) -> M:
        """Set ``values`` on an entity (given, or looked up by primary key) and flush.

        Raises:
            nest.http.NotFoundException: No entity has that primary key.
            InvalidFilterError: A name in ``values`` is not a column.
        """
        self.check_columns(values)
        async with self.provider.session_scope() as session:
            entity = await self._load(entity_or_id)
            if entity not in session:
                entity = await session.merge(entity)
            for key, value in values.items():
                setattr(entity, key, value)
            await session.flush()
        return entity

    async def delete(self, entity_or_id: M | Any, /) -> None:
        """Delete an entity (given, or looked up by primary key) and flush.

        Raises:
            nest.http.NotFoundException: No entity has that primary key.
        """
        async with self.provider.session_scope() as session:
            entity = await self._load(entity_or_id)
            if entity not in session:
                entity = await session.merge(entity)
            await session.delete(entity)
            await session.flush()

    async def _load(self, entity_or_id: M | Any) -> M:
        if isinstance(entity_or_id, self.model):
            return entity_or_id
        return await self.get_or_404(entity_or_id)
