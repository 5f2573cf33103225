"""The ``pynest`` command line: project and resource generators, migrations, introspection."""

from nest.cli.errors import CliError

__all__ = ["CliError"]
