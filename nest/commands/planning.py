"""Reading CLI controllers and their commands out of a scanned module graph.

Nothing is built here: the plans say which controller record backs each click group and how each
command's parameters map to the method, and every declaration problem is collected at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from nest.commands.decorators import (
    CliCommandMetadata,
    get_cli_command_metadata,
    get_cli_controller_metadata,
)
from nest.commands.params import ParameterPlan, plan_parameters
from nest.di.records import ProviderRecord
from nest.di.scanner import ModuleGraph

__all__ = ["CliControllerPlan", "CommandPlan", "command_methods", "plan_cli_controllers"]

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass
class CommandPlan:
    """One ``@CliCommand`` method: its command name, click options and parameters."""

    name: str
    method: str
    func: Callable[..., Any]
    options: dict[str, Any]
    parameters: ParameterPlan


@dataclass
class CliControllerPlan:
    """One ``@CliController`` of one module: the record the container builds, and its commands."""

    record: ProviderRecord
    name: str
    options: dict[str, Any]
    commands: list[CommandPlan]


def command_methods(cls: type) -> Iterator[tuple[str, Callable[..., Any], CliCommandMetadata]]:
    """``@CliCommand`` methods of ``cls`` in definition order (a base class's first); overrides replace."""
    found: dict[str, Callable[..., Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if get_cli_command_metadata(attr) is not None:
                found[name] = attr
            elif name in found:
                del found[name]
    for name, func in found.items():
        meta = get_cli_command_metadata(func)
        assert meta is not None
        yield name, func, meta


def default_group_name(cls: type) -> str:
    """``UserAdminController`` -> ``user-admin``."""
    stem = cls.__name__.removesuffix("Controller") or cls.__name__
    return _CAMEL_BOUNDARY.sub("-", stem).replace("_", "-").lower()


def _plan_commands(record: ProviderRecord, cls: type, problems: list[str]) -> list[CommandPlan]:
    module = record.module.name
    commands: list[CommandPlan] = []
    by_name: dict[str, str] = {}
    for method, func, meta in command_methods(cls):
        where = f"{cls.__name__}.{method} (module {module})"
        name = meta.name or method.replace("_", "-")
        if name in by_name:
            problems.append(
                f"CliController {cls.__name__} (module {module}) has two commands named {name!r}: "
                f"{by_name[name]}() and {method}(). Give one of them another name: "
                f"@CliCommand('other-name')."
            )
            continue
        by_name[name] = method
        parameters, found = plan_parameters(func, where)
        problems.extend(found)
        commands.append(CommandPlan(name, method, func, dict(meta.options), parameters))
    if not by_name:
        problems.append(
            f"CliController {cls.__name__} (module {module}) has no commands. Mark the methods "
            "that are commands with @CliCommand('name'), or remove the class from the module's "
            "controllers=[...]."
        )
    return commands


def plan_cli_controllers(graph: ModuleGraph) -> tuple[list[CliControllerPlan], list[str]]:
    """Plan every ``@CliController`` listed in a module's ``controllers=[...]``.

    Controllers without ``@CliController`` (HTTP controllers) are left out. Returns the plans
    and one message per problem found.
    """
    plans: list[CliControllerPlan] = []
    problems: list[str] = []
    groups: dict[str, CliControllerPlan] = {}
    for module in graph.modules:
        for record in module.providers.values():
            if record.use_class is not None and get_cli_controller_metadata(record.use_class):
                problems.append(
                    f"CliController {record.use_class.__name__} is listed in providers=[...] of "
                    f"module {module.name}; list it in controllers=[...] instead."
                )
        for record in module.controllers:
            cls = record.use_class
            assert cls is not None
            meta = get_cli_controller_metadata(cls) or get_cli_controller_metadata(record.token)
            if meta is None:
                stray = next((m for m, _, _ in command_methods(cls)), None)
                if stray is not None:
                    problems.append(
                        f"{cls.__name__}.{stray} (module {module.name}) is a @CliCommand, but "
                        f"{cls.__name__} is not a CLI controller. Decorate the class with "
                        "@CliController('name')."
                    )
                continue
            plan = CliControllerPlan(
                record=record,
                name=meta.name or default_group_name(cls),
                options=dict(meta.options),
                commands=_plan_commands(record, cls, problems),
            )
            other = groups.get(plan.name)
            if other is not None:
                problems.append(
                    f"Two CLI controllers are named {plan.name!r}: {_where(other.record)} and "
                    f"{_where(record)}. Give one of them another name: @CliController('other-name')."
                )
                continue
            groups[plan.name] = plan
            plans.append(plan)
    return plans, problems


def _where(record: ProviderRecord) -> str:
    cls = record.use_class
    name = cls.__name__ if cls is not None else record.name
    return f"{name} (module {record.module.name})"
