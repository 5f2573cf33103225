"""The PyNest article's async-vs-sync experiment, on nest's book store.

``python -m benchmarks.bookstore`` starts the async and the sync book store (see
``examples/bookstore``) under uvicorn on PostgreSQL, drives each with 10, 50 and
200 clients looping the article's 11-request mix, and writes the requests per
minute, the async/sync ratio and the ceiling to ``docs/benchmarks.md`` with a chart.
``--quick`` runs a smaller version in about a minute.
"""
