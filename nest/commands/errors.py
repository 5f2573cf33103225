"""The error raised when CLI controllers or commands are declared wrongly."""

from __future__ import annotations

from collections.abc import Sequence

from nest.errors import NestError

__all__ = ["CommandDefinitionError"]


class CommandDefinitionError(NestError, TypeError):
    """One or more CLI controllers or commands cannot be built; ``problems`` lists each.

    Raised by ``CommandFactory.create`` at start-up, before any command runs. Every problem names
    the class, the method or parameter, and the module, and says how to fix it.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            body = "\n\n".join(f"[{i}] {p}" for i, p in enumerate(self.problems, 1))
            message = f"The CLI application has {len(self.problems)} definition errors:\n\n{body}"
        super().__init__(message)
