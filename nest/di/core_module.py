"""The built-in global module: providers every application has without importing anything."""

from __future__ import annotations

from nest.di.decorators import Module
from nest.di.reflector import Reflector

__all__ = ["NestCoreModule"]


@Module(providers=[Reflector], exports=[Reflector], is_global=True)
class NestCoreModule:
    """Added to every module graph by the scanner; provides :class:`Reflector`."""
