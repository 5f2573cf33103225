"""The database layer: SQLAlchemy 2 providers, sessions, transactions and repositories.

* :class:`AsyncOrmProvider` / :class:`OrmProvider`: one database connection each
  (PostgreSQL, MySQL/MariaDB or SQLite), with its own declarative ``Base``.
* :class:`OrmModule`: registers connections and repositories with an application;
  each HTTP request gets its own session, committed by :class:`CommitMode`.
* :func:`Transactional` and ``provider.transaction()``: transactions with
  :class:`Propagation` ``REQUIRED``, ``REQUIRES_NEW`` or ``NESTED``.
* :class:`Repository` (:class:`SyncRepository`) and :class:`Page`: common queries and
  paginated results.
* :func:`install_database_error_handlers`: database failures as 404/409/422/503.
"""

from nest.orm._http import install_database_error_handlers
from nest.orm.async_provider import AsyncOrmProvider
from nest.orm.context import CommitMode, Propagation
from nest.orm.decorators import async_db_request_handler, db_request_handler
from nest.orm.dialects import InvalidDatabaseConfigError, build_url
from nest.orm.errors import (
    DatabaseErrorInfo,
    NoActiveSessionError,
    UnknownConnectionError,
    classify_database_error,
)
from nest.orm.module import (
    InjectRepository,
    OrmModule,
    connection_token,
    repository_token,
)
from nest.orm.page import Page
from nest.orm.provider import BaseOrmProvider
from nest.orm.repository import InvalidFilterError, Repository
from nest.orm.sync_provider import OrmProvider
from nest.orm.sync_repository import SyncRepository
from nest.orm.transactional import Transactional

__all__ = [
    "AsyncOrmProvider",
    "BaseOrmProvider",
    "CommitMode",
    "DatabaseErrorInfo",
    "InjectRepository",
    "InvalidDatabaseConfigError",
    "InvalidFilterError",
    "NoActiveSessionError",
    "OrmModule",
    "OrmProvider",
    "Page",
    "Propagation",
    "Repository",
    "SyncRepository",
    "Transactional",
    "UnknownConnectionError",
    "async_db_request_handler",
    "build_url",
    "classify_database_error",
    "connection_token",
    "db_request_handler",
    "install_database_error_handlers",
    "repository_token",
]
