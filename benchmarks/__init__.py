"""Benchmarks of nest's core against bare FastAPI: ``make bench`` (``python -m benchmarks.run``)."""
