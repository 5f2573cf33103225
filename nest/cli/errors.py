"""The one error type the CLI raises: printed as a single line with a non-zero exit."""

from __future__ import annotations

from typing import IO, Any

import click

from nest.errors import NestError

__all__ = ["CliError"]


class CliError(NestError, click.ClickException):
    """A user-facing CLI failure.

    Click prints it as one ``Error: ...`` line on stderr and exits with status 1.
    The message says what failed and, where there is one, how to fix it.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        # Keep the error on one line whatever the caller passed.
        one_line = " ".join(message.split())
        click.ClickException.__init__(self, one_line)

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``Error: <message>`` on one line to stderr."""
        click.echo(f"Error: {self.format_message()}", err=True, file=file)
