"""PyNest compatibility: ``from nest.core.decorators.cli.cli_decorators import ...`` (re-exports only)."""

from nest.commands.decorators import CliCommand, CliController

__all__ = ["CliCommand", "CliController"]
