"""Finding the gateways of a module graph and checking how they are declared.

:func:`prepare_gateways` runs while the graph is prepared, before start-up validation: it
registers the enhancer classes gateways use (so that their dependencies are validated like any
provider's) and adds every problem with a gateway to the graph's errors, which validation then
reports together with the rest. :func:`find_gateways` reads the same plans again when the
gateways are mounted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from nest.di.records import ProviderRecord
from nest.di.scanner import ModuleGraph
from nest.di.scope import Scope
from nest.di.tokens import display_name
from nest.http.guards import is_legacy_guard
from nest.pipeline.enhancers import collect
from nest.pipeline.resolution import handler_entries, register_enhancers
from nest.websockets.decorators import gateway_path, get_gateway_metadata, get_message_events
from nest.websockets.errors import GatewayDefinitionError
from nest.websockets.params import HandlerParam, plan_parameters

__all__ = ["GatewayPlan", "MessageHandlerPlan", "find_gateways", "prepare_gateways"]


@dataclass
class MessageHandlerPlan:
    """One ``@SubscribeMessage`` method of a gateway."""

    event: str
    name: str
    func: Callable[..., Any]
    params: list[HandlerParam]


@dataclass
class GatewayPlan:
    """One gateway provider of one module, with its handlers by event."""

    record: ProviderRecord
    cls: type
    path: str
    handlers: dict[str, MessageHandlerPlan]


def message_methods(cls: type) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Message handlers of ``cls`` in definition order (a base class's first); overrides replace."""
    found: dict[str, Callable[..., Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if get_message_events(attr):
                found[name] = attr
            elif name in found:
                del found[name]
    yield from found.items()


def _plan(record: ProviderRecord, cls: type, problems: list[str]) -> GatewayPlan:
    meta = get_gateway_metadata(cls)
    assert meta is not None
    name = display_name(cls)
    where = f"gateway {name} (module {record.module.name})"
    if record.scope is not Scope.SINGLETON:
        problems.append(
            f"{where} is {record.scope.value}-scoped; a gateway lives as long as its connections: "
            "remove the scope (gateways are singletons)."
        )
    handlers: dict[str, MessageHandlerPlan] = {}
    for method, func in message_methods(cls):
        params, wrong = plan_parameters(func)
        problems.extend(f"{name}.{method} (module {record.module.name}): {p}." for p in wrong)
        for event in get_message_events(func):
            other = handlers.get(event)
            if other is not None and other.name != method:
                problems.append(
                    f"{where} answers event {event!r} with both {other.name}() and {method}(); "
                    "keep one @SubscribeMessage per event."
                )
                continue
            handlers[event] = MessageHandlerPlan(event, method, func, params)
    legacy = [g for g in collect("guards", cls, None) if is_legacy_guard(g)]
    for _, handler in handlers.items():
        legacy.extend(g for g in collect("guards", None, handler.func) if is_legacy_guard(g))
    for guard in dict.fromkeys(legacy):
        guard_name = display_name(guard if isinstance(guard, type) else type(guard))
        problems.append(
            f"{where} uses guard {guard_name}, which has PyNest's HTTP form "
            "can_activate(request, credentials); gateway guards take can_activate(context) and "
            "read the client with context.switch_to_ws().get_client()."
        )
    return GatewayPlan(record, cls, gateway_path(meta), handlers)


def find_gateways(graph: ModuleGraph) -> tuple[list[GatewayPlan], list[str]]:
    """Every gateway provider of the graph, and what is wrong with their declarations."""
    plans: list[GatewayPlan] = []
    problems: list[str] = []
    for module in graph.modules:
        for controller in module.controllers:
            if get_gateway_metadata(controller.use_class) is not None:
                problems.append(
                    f"{controller.name} is a gateway but module {module.name} lists it in "
                    f"controllers=[...]; list it in providers=[...] instead."
                )
        for record in module.providers.values():
            cls = record.use_class
            if record.kind == "class" and cls is not None and get_gateway_metadata(cls):
                plans.append(_plan(record, cls, problems))
    by_path: dict[str, GatewayPlan] = {}
    for plan in plans:
        other = by_path.setdefault(plan.path, plan)
        if other is not plan:
            problems.append(
                f"Gateways {display_name(other.cls)} (module {other.record.module.name}) and "
                f"{display_name(plan.cls)} (module {plan.record.module.name}) are both served at "
                f"{plan.path!r}. Give one of them another path or namespace, or provide the "
                "gateway in one module only (export it to share it)."
            )
    return plans, problems


def prepare_gateways(graph: ModuleGraph) -> None:
    """Register gateways' enhancer classes as providers and record declaration problems."""
    plans, problems = find_gateways(graph)
    for plan in plans:
        module = plan.record.module
        register_enhancers(graph, module, handler_entries(plan.cls, None))
        for handler in plan.handlers.values():
            register_enhancers(graph, module, handler_entries(plan.cls, handler.func))
    graph.errors.extend(GatewayDefinitionError(problem) for problem in problems)
