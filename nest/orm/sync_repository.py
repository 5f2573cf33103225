"""``SyncRepository[M]``: :class:`nest.orm.Repository` for the blocking ``OrmProvider``."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.orm import DeclarativeBase

from nest.orm._queries import EntityQueries
from nest.orm.page import Page
from nest.orm.sync_provider import OrmProvider

__all__ = ["SyncRepository"]

M = TypeVar("M", bound=DeclarativeBase)


class SyncRepository(EntityQueries[M]):
    """The methods of :class:`nest.orm.Repository`, blocking, for ``def`` handlers.

    ``OrmModule.for_feature`` provides one per entity on an ``OrmProvider`` connection:
    ``books: Annotated[SyncRepository[Book], InjectRepository(Book)]``.
    """

    def __init__(self, model: type[M], provider: OrmProvider) -> None:
        super().__init__(model)
        self.provider = provider

    def __repr__(self) -> str:
        return f"{type(self).__name__}[{self.model.__name__}](connection={self.provider.name!r})"

    def get(self, ident: Any) -> M | None:
        """The entity with primary key ``ident``, or ``None``."""
        with self.provider.session_scope() as session:
            return session.get(self.model, ident)

    def get_or_404(self, ident: Any) -> M:
        """The entity with primary key ``ident``; ``NotFoundException`` (404) if none."""
        found = self.get(ident)
        if found is None:
            self.not_found()
        return found

    def find_one(self, *where: ColumnElement[bool], **filters: Any) -> M | None:
        """The first entity matching the filters, or ``None``."""
        with self.provider.session_scope() as session:
            return session.execute(self.matching(where, filters).limit(1)).scalars().first()

    def list(
        self,
        *where: ColumnElement[bool],
        limit: int | None = None,
        offset: int = 0,
        order_by: Iterable[Any] | None = None,
        **filters: Any,
    ) -> Page[M]:
        """A page of the entities matching the filters, and their total count."""
        query, count = self.page(where, filters, limit=limit, offset=offset, order_by=order_by)
        with self.provider.session_scope() as session:
            total = session.execute(count).scalar_one()
            items = builtins.list(session.execute(query).scalars().all())
        return self.page_of(items, total, limit=limit, offset=offset)

    def count(self, *where: ColumnElement[bool], **filters: Any) -> int:
        """The number of entities matching the filters."""
        with self.provider.session_scope() as session:
            return int(session.execute(self.counting(where, filters)).scalar_one())

    def exists(self, *where: ColumnElement[bool], **filters: Any) -> bool:
        """Whether any entity matches the filters."""
        with self.provider.session_scope() as session:
            return bool(session.execute(self.existing(where, filters)).scalar())

    def add(self, entity: M) -> M:
        """Add ``entity`` and flush, so its generated primary key is set."""
        with self.provider.session_scope() as session:
            session.add(entity)
            session.flush()
        return entity

    def add_many(self, entities: Iterable[M]) -> builtins.list[M]:
        """Add several entities and flush once."""
        batch = builtins.list(entities)
        with self.provider.session_scope() as session:
            session.add_all(batch)
            session.flush()
        return batch

    def update(self, entity_or_id: M | Any, /, **values: Any) -> M:
        """Set ``values`` on an entity (given, or looked up by primary key) and flush."""
        self.check_columns(values)
        with self.provider.session_scope() as session:
            entity = self._load(entity_or_id)
            if entity not in session:
                entity = session.merge(entity)
            for key, value in values.items():
                setattr(entity, key, value)
            session.flush()
        return entity

    def delete(self, entity_or_id: M | Any, /) -> None:
        """Delete an entity (given, or looked up by primary key) and flush."""
        with self.provider.session_scope() as session:
            entity = self._load(entity_or_id)
            if entity not in session:
                entity = session.merge(entity)
            session.delete(entity)
            session.flush()

    def _load(self, entity_or_id: M | Any) -> M:
        if isinstance(entity_or_id, self.model):
            return entity_or_id
        return self.get_or_404(entity_or_id)
