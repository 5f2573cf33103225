"""A click group whose commands also answer to short names (``g`` for ``generate``)."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["AliasGroup"]


class AliasGroup(click.Group):
    """A group that resolves aliases and leaves them out of ``--help``."""

    def __init__(self, *args: Any, aliases: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = dict(aliases or {})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Look a command up by its name or alias."""
        return super().get_command(ctx, self.aliases.get(cmd_name, cmd_name))

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Report the real name of an aliased command."""
        _, command, rest = super().resolve_command(ctx, args)
        return (command.name if command else None), command, rest
