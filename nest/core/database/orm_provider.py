"""PyNest compatibility: ``from nest.core.database.orm_provider import AsyncOrmProvider``.

A re-export of :mod:`nest.orm`; new code imports from there.
"""

from nest.orm import AsyncOrmProvider, BaseOrmProvider, OrmProvider

__all__ = ["AsyncOrmProvider", "BaseOrmProvider", "OrmProvider"]
