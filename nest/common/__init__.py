"""PyNest compatibility layer: ``nest.common.exceptions`` and ``nest.common.decorators``.

Thin re-exports only; the implementations live in :mod:`nest.http` and :mod:`nest.pipeline`.
"""
