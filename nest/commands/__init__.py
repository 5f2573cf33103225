"""CLI applications on the DI container: ``@CliController``, ``@CliCommand``, ``CommandFactory``.

The decorators import nothing heavy; the factory (click, asyncio, the container) is imported on
first use, so ``from nest.cli import CliCommand`` stays cheap for the ``pynest`` tool.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nest.commands.decorators import CliCommand, CliController
from nest.commands.errors import CommandDefinitionError

if TYPE_CHECKING:
    from nest.commands.factory import CLIAppFactory, CommandFactory

__all__ = [
    "CLIAppFactory",
    "CliCommand",
    "CliController",
    "CommandDefinitionError",
    "CommandFactory",
]

_LAZY = {"CLIAppFactory", "CommandFactory"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module("nest.commands.factory"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
