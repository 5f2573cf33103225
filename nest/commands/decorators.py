"""``@CliController`` and ``@CliCommand``: they record metadata only.

:class:`~nest.commands.factory.CommandFactory` reads the records back when it builds the click
group. Nothing here imports click, so ``from nest.cli import CliCommand`` stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

__all__ = [
    "CliCommand",
    "CliCommandMetadata",
    "CliController",
    "CliControllerMetadata",
    "get_cli_command_metadata",
    "get_cli_controller_metadata",
]

_CLI_CONTROLLER = "__nest_cli_controller__"
_CLI_COMMAND = "__nest_cli_command__"

C = TypeVar("C", bound=type)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CliControllerMetadata:
    """What ``@CliController`` records: the group's name and ``click.Group`` options."""

    name: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CliCommandMetadata:
    """What ``@CliCommand`` records: the command's name and ``click.Command`` options."""

    name: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


def _check_name(decorator: str, name: object) -> None:
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise TypeError(f"{decorator}(name) takes a non-empty string, not {name!r}")


@overload
def CliController(name: C, /) -> C: ...
@overload
def CliController(name: str | None = None, /, **options: Any) -> Callable[[C], C]: ...


def CliController(name: Any = None, /, **options: Any) -> Any:
    """Mark a class as a group of CLI commands; its constructor is injected like any controller.

    List the class in a module's ``controllers=[...]``; ``CommandFactory`` makes it a click
    sub-group named ``name`` holding its ``@CliCommand`` methods.

    Args:
        name: The group's name on the command line; defaults to the class name without
            "Controller", lower-cased with dashes (``UserAdminController`` -> ``user-admin``).
        **options: Passed to ``click.Group`` (``help``, ``short_help``, ``epilog``, ``hidden``,
            ``context_settings``, ...). ``help`` defaults to the class docstring.
    """

    def decorate(cls: C) -> C:
        if not isinstance(cls, type):
            raise TypeError(f"@CliController decorates classes, not {cls!r}")
        setattr(cls, _CLI_CONTROLLER, CliControllerMetadata(name=name, options=dict(options)))
        return cls

    if isinstance(name, type):  # bare @CliController
        cls, name = name, None
        return decorate(cls)
    _check_name("CliController", name)
    return decorate


@overload
def CliCommand(name: F, /) -> F: ...
@overload
def CliCommand(name: str | None = None, /, **options: Any) -> Callable[[F], F]: ...


def CliCommand(name: Any = None, /, **options: Any) -> Any:
    """Make a method of a ``@CliController`` class a command; it may be ``async def``.

    Its parameters become the command's options and arguments: ``@click.option(...)`` and
    ``@click.argument(...)`` stacked on the method, a ``click.Option``/``click.Argument`` as a
    parameter's annotation or default, or a plain typed parameter (an option when it has a default,
    an argument when it has none).

    Args:
        name: The command's name; defaults to the method name with dashes for underscores.
        **options: Passed to ``click.Command`` (``help``, ``short_help``, ``epilog``, ``hidden``,
            ``deprecated``, ``context_settings``, ...). ``help`` defaults to the docstring.
    """

    def decorate(func: F) -> F:
        if not callable(func) or isinstance(func, type):
            raise TypeError(f"@CliCommand decorates methods, not {func!r}")
        if get_cli_command_metadata(func) is not None:
            raise TypeError(
                f"{getattr(func, '__qualname__', func)!r} already has @CliCommand: "
                "a method is one command; write another method for another command name"
            )
        setattr(func, _CLI_COMMAND, CliCommandMetadata(name=name, options=dict(options)))
        return func

    if callable(name):  # bare @CliCommand
        func, name = name, None
        return decorate(func)
    _check_name("CliCommand", name)
    return decorate


def get_cli_controller_metadata(cls: Any) -> CliControllerMetadata | None:
    """The ``@CliController`` record of ``cls`` itself (not inherited), or ``None``."""
    record = vars(cls).get(_CLI_CONTROLLER) if isinstance(cls, type) else None
    return record if isinstance(record, CliControllerMetadata) else None


def get_cli_command_metadata(func: Any) -> CliCommandMetadata | None:
    """The ``@CliCommand`` record of a function, or ``None``."""
    record = getattr(func, _CLI_COMMAND, None)
    return record if isinstance(record, CliCommandMetadata) else None
