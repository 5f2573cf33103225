"""The sync book store: the blocking ``OrmProvider`` and ``def`` handlers.

FastAPI runs ``def`` handlers in its thread pool (40 threads by default), and each
request's session is the provider's current session, found from the request
context as in the async variant. ``Repository`` is asyncio-only, so the services
query the session directly.
"""
