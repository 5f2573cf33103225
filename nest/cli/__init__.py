"""The ``pynest`` command line: project and resource generators, migrations, introspection.

``CliCommand`` and ``CliController`` (for CLI applications, see :mod:`nest.commands`) are
re-exported here because PyNest code imports them from ``nest.cli``.
"""

from nest.cli.errors import CliError
from nest.commands.decorators import CliCommand, CliController

__all__ = ["CliCommand", "CliController", "CliError"]
