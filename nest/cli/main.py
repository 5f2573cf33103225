"""The ``pynest`` entry point."""

from __future__ import annotations

from collections.abc import Sequence

import click

from nest.__about__ import __version__
from nest.cli.aliases import AliasGroup
from nest.cli.commands.db import db
from nest.cli.commands.generate import create_nest_app, generate
from nest.cli.commands.inspect import info, routes

__all__ = ["cli", "main"]


@click.group(
    cls=AliasGroup,
    aliases={"g": "generate"},
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="pynest")
def cli() -> None:
    """pynest: create and grow nest applications."""


cli.add_command(generate)
cli.add_command(create_nest_app)
cli.add_command(db)
cli.add_command(routes)
cli.add_command(info)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``)."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="pynest")
