"""PyNest compatibility: ``from nest.core.decorators.filters import Catch, UseFilters``."""

from nest.pipeline import Catch, UseFilters

__all__ = ["Catch", "UseFilters"]
