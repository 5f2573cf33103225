"""PyNest compatibility: ``from nest.core.decorators.cli import CliCommand`` (re-exports only)."""

from nest.commands.decorators import CliCommand, CliController

__all__ = ["CliCommand", "CliController"]
