"""The book store of the PyNest async article, as a modular nest application.

Two variants share the entities, the Pydantic models, the settings and the
database set-up, and differ only where async and blocking code must differ:

* ``examples.bookstore.async_variant``: ``AsyncOrmProvider``, ``Repository`` and
  ``async def`` handlers;
* ``examples.bookstore.sync_variant``: the blocking ``OrmProvider`` and ``def``
  handlers, run by FastAPI in its thread pool.

Serve it with ``make run`` (async, SQLite ``./bookstore.db``) or
``python -m examples.run --example bookstore-sync``; set ``DATABASE_URL`` for
PostgreSQL or MySQL. :func:`examples.bookstore.app.create_app` builds either variant.
"""
