"""Lifecycle hooks: called on providers, controllers and module instances in dependency order."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from nest.di.container import Container
from nest.di.scope import Scope

__all__ = [
    "BEFORE_APPLICATION_SHUTDOWN",
    "ON_APPLICATION_BOOTSTRAP",
    "ON_APPLICATION_SHUTDOWN",
    "ON_MODULE_DESTROY",
    "ON_MODULE_INIT",
    "call_hook",
    "hook_targets",
]

ON_MODULE_INIT = "on_module_init"
ON_APPLICATION_BOOTSTRAP = "on_application_bootstrap"
ON_MODULE_DESTROY = "on_module_destroy"
BEFORE_APPLICATION_SHUTDOWN = "before_application_shutdown"
ON_APPLICATION_SHUTDOWN = "on_application_shutdown"


def hook_targets(container: Container) -> list[Any]:
    """Instances that receive hooks, dependencies before dependants.

    Providers and controllers come in build order; module instances follow, the most deeply
    imported module first. Values and aliases are not hook targets; neither are TRANSIENT and
    REQUEST instances, which the application does not own.
    """
    members: list[Any] = []
    modules: list[tuple[int, Any]] = []
    for record, instance in container.singletons():
        if record.kind in ("value", "existing") or record.scope is not Scope.SINGLETON:
            continue
        if record.role == "module":
            modules.append((record.module.depth, instance))
        else:
            members.append(instance)
    modules.sort(key=lambda item: -item[0])  # stable: equal depths keep build order
    seen: set[int] = set()
    targets: list[Any] = []
    for instance in [*members, *(m for _, m in modules)]:
        if id(instance) not in seen:  # one instance provided under two tokens gets each hook once
            seen.add(id(instance))
            targets.append(instance)
    return targets


async def call_hook(targets: Iterable[Any], hook: str, *args: Any) -> None:
    """Call ``hook`` on each target that defines it, awaiting async hooks one by one."""
    for target in targets:
        method = getattr(target, hook, None)
        if method is None or not callable(method):
            continue
        result = method(*args)
        if inspect.isawaitable(result):
            await result
