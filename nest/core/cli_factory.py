"""PyNest compatibility: ``from nest.core.cli_factory import CLIAppFactory`` (re-export only)."""

from nest.commands.factory import CLIAppFactory

__all__ = ["CLIAppFactory"]
