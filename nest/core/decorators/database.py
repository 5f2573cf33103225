"""PyNest compatibility: ``from nest.core.decorators.database import async_db_request_handler``.

A re-export of :mod:`nest.orm.decorators`; new code imports from ``nest.orm``.
"""

from nest.orm.decorators import async_db_request_handler, db_request_handler

__all__ = ["async_db_request_handler", "db_request_handler"]
