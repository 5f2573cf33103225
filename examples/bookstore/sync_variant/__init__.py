"""The sync book store: the blocking ``OrmProvider`` and ``def`` handlers.

FastAPI runs ``def`` handlers in its thread pool (40 threads by default), and each
request's session is the provider's current session, found from the request
context as in the async variant. ``Repository`` is asyncio-only, so the services
query the session directly.

Every service method is ``@Transactional``: the request's work commits (or rolls
back) in the handler's own worker thread, and its connection goes back to the pool
before the thread is released. Left to the end of the request, the commit would
wait for a free worker thread while holding its connection; with more requests
in flight than threads and an exhausted pool, threads would then wait for
connections held by commits waiting for threads, until ``pool_timeout``.
"""
