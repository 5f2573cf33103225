"""nest: a NestJS-style modular web framework on FastAPI, Pydantic v2 and SQLAlchemy 2.0."""

from nest.__about__ import __version__

__all__ = ["__version__"]
