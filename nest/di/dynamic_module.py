"""Modules configured at import time, such as ``ConfigModule.for_root(...)``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DynamicModule"]


@dataclass(eq=False)
class DynamicModule:
    """A module class plus providers, controllers, imports and exports chosen by a call.

    The module class's own ``@Module`` metadata (if any) is merged with these. Each
    ``DynamicModule`` object is one module in the graph.
    """

    module: type
    providers: Sequence[Any] = field(default_factory=tuple)
    controllers: Sequence[Any] = field(default_factory=tuple)
    imports: Sequence[Any] = field(default_factory=tuple)
    exports: Sequence[Any] = field(default_factory=tuple)
    is_global: bool = False
