"""PyNest compatibility: ``nest.core.database`` re-exports from :mod:`nest.orm`.

New code imports from ``nest.orm``.
"""

from nest.orm import AsyncOrmProvider, BaseOrmProvider, OrmProvider

__all__ = ["AsyncOrmProvider", "BaseOrmProvider", "OrmProvider"]
