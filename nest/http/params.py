"""Compile route handlers' parameters into FastAPI dependencies, once, at start-up.

Three things in a handler reach the container:

* ``x: Annotated[T, Inject()]`` (or ``Inject(token)``): resolved per request; REQUEST-scoped
  providers come from the request's scope, made on first use and torn down on FastAPI's
  request exit stack, after the response.
* ``x: T = Depends(T)`` where ``T`` is a provider: the container's instance, not a new one.
* PyNest's class attributes ``service: T = Depends(T)``: resolved per request onto a view of the
  (singleton) controller.

A handler with none of these is handed to FastAPI as the plain bound method: no wrapper, no
per-request work. Otherwise a copy of the function gets a rewritten ``__signature__``: still no
wrapper around the call.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, get_origin

from fastapi import Depends
from fastapi.params import Depends as DependsParam
from starlette.concurrency import run_in_threadpool

from nest.di.container import Container
from nest.di.dependencies import Dependency, dependency_from_hint
from nest.di.lazy import Lazy
from nest.di.records import ModuleRecord, ProviderRecord
from nest.di.request_scope import current_request_scope
from nest.di.scope import Scope
from nest.di.tokens import Inject

__all__ = ["HandlerPlan", "RequestScopedController", "compile_endpoint", "plan_handler"]

_EMPTY = inspect.Parameter.empty


@dataclass
class _Site:
    """Where in a handler a container dependency sits."""

    kind: typing.Literal["inject", "default", "annotated", "attribute"]
    name: str
    use_cache: bool = True


@dataclass
class HandlerPlan:
    """What a handler needs from the container; ``consumer`` is checked by start-up validation."""

    func: Callable[..., Any]
    consumer: ProviderRecord
    sites: list[_Site] = field(default_factory=list)
    attributes: dict[str, DependsParam] = field(default_factory=dict)
    #: Parameters ``Depends(function)`` whose function (or one it depends on) names a class:
    #: perhaps a provider, resolved from the container when routes are mounted.
    nested: list[str] = field(default_factory=list)

    @property
    def plain(self) -> bool:
        return not self.sites and not self.nested


def _hints(func: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func, include_extras=True)
    except Exception:  # names only under TYPE_CHECKING: FastAPI reports those itself
        return {}


def _depends_target(dep: Any, hint: Any = None) -> type | None:
    """The class a ``Depends`` names: its dependency, or for ``Depends()`` the annotated type."""
    if not isinstance(dep, DependsParam):
        return None
    if isinstance(dep.dependency, type):
        return dep.dependency
    if dep.dependency is None:
        base = typing.get_args(hint)[0] if get_origin(hint) is Annotated else hint
        if isinstance(base, type):
            return base
    return None


def _dependency_of(param: inspect.Parameter, hint: Any) -> DependsParam | None:
    """The ``Depends`` of a parameter: its default, or in its ``Annotated`` metadata."""
    if isinstance(param.default, DependsParam):
        return param.default
    if get_origin(hint) is Annotated:
        return next((m for m in hint.__metadata__ if isinstance(m, DependsParam)), None)
    return None


def _is_function(target: Any) -> bool:
    return isinstance(target, types.FunctionType)


def _names_classes(function: Any, seen: set[int]) -> bool:
    """Whether a dependency function, or one it depends on, has a ``Depends`` naming a class."""
    if not _is_function(function) or id(function) in seen:
        return False
    seen.add(id(function))
    hints = _hints(function)
    for param in inspect.signature(function).parameters.values():
        hint = hints.get(param.name, param.annotation)
        dep = _dependency_of(param, hint)
        if dep is None:
            continue
        if _depends_target(dep, hint) is not None or _names_classes(dep.dependency, seen):
            return True
    return False


def legacy_attributes(cls: type) -> dict[str, DependsParam]:
    """PyNest-style class attributes whose value is ``Depends(...)``."""
    found: dict[str, DependsParam] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, DependsParam):
                found[name] = value
            elif name in found:
                del found[name]
    return found


def plan_handler(
    func: Callable[..., Any], module: ModuleRecord, attributes: dict[str, DependsParam]
) -> HandlerPlan:
    """Find the container dependencies of one handler (and its controller's Depends attributes)."""
    consumer = ProviderRecord(
        token=func, kind="factory", scope=Scope.REQUEST, module=module, role="route", factory=func
    )
    plan = HandlerPlan(func=func, consumer=consumer, attributes=attributes)
    hints = _hints(func)
    params = list(inspect.signature(func).parameters.values())[1:]
    deps: list[Dependency] = []
    for param in params:
        hint = hints.get(param.name, param.annotation)
        marker = None
        if get_origin(hint) is Annotated:
            marker = next((m for m in hint.__metadata__ if isinstance(m, Inject)), None)
            annotated_dep = next(
                (m for m in hint.__metadata__ if isinstance(m, DependsParam)), None
            )
        else:
            annotated_dep = None
        if marker is not None:
            deps.append(
                dependency_from_hint(hint, name=param.name, index=len(deps), default=param.default)
            )
            plan.sites.append(_Site("inject", param.name))
        elif (target := _depends_target(param.default, hint)) is not None:
            deps.append(
                Dependency(
                    token=target,
                    name=param.name,
                    index=len(deps),
                    optional=True,
                    annotation=target.__qualname__,
                )
            )
            plan.sites.append(_Site("default", param.name, param.default.use_cache))
        elif (target := _depends_target(annotated_dep, hint)) is not None:
            assert annotated_dep is not None
            deps.append(
                Dependency(
                    token=target,
                    name=param.name,
                    index=len(deps),
                    optional=True,
                    annotation=target.__qualname__,
                )
            )
            plan.sites.append(_Site("annotated", param.name, annotated_dep.use_cache))
        else:
            dep = param.default if isinstance(param.default, DependsParam) else annotated_dep
            if dep is not None and _names_classes(dep.dependency, set()):
                plan.nested.append(param.name)
    for name, dep in attributes.items():
        target = _depends_target(dep)
        deps.append(
            Dependency(
                token=target,
                name=name,
                index=len(deps),
                optional=True,
                annotation=getattr(target, "__qualname__", ""),
            )
        )
        plan.sites.append(_Site("attribute", name, dep.use_cache))
    consumer.dependencies = deps
    return plan


def _dependency_function(
    container: Container, dep: Dependency, target: ProviderRecord | None
) -> Callable[..., Any]:
    if dep.lazy:
        handle = Lazy[Any](container, target)

        async def provide_lazy() -> Any:
            return handle

        return provide_lazy
    if target is None:
        default = None if dep.default is _EMPTY else dep.default

        async def provide_default() -> Any:
            return default

        return provide_default
    if target.scope is Scope.SINGLETON:

        async def provide_singleton() -> Any:
            return container.instance_of(target)

        return provide_singleton

    async def provide_scoped() -> Any:
        return await container.resolve_record(target, current_request_scope())

    return provide_scoped


def _copy_function(func: types.FunctionType) -> types.FunctionType:
    copy = types.FunctionType(
        func.__code__, func.__globals__, func.__name__, func.__defaults__, func.__closure__
    )
    copy.__kwdefaults__ = func.__kwdefaults__
    copy.__dict__.update(func.__dict__)
    copy.__qualname__ = func.__qualname__
    copy.__doc__ = func.__doc__
    copy.__module__ = func.__module__
    return copy


def _view(controller: Any, values: dict[str, Any]) -> Any:
    view = object.__new__(type(controller))
    view.__dict__.update(controller.__dict__)
    view.__dict__.update(values)
    return view


def _ready_value(container: Container, dep: Dependency, target: ProviderRecord | None) -> Any:
    """The value to inject, when it is fixed at start-up (a built singleton); else ``_EMPTY``."""
    if dep.lazy:
        return Lazy[Any](container, target)
    if target is not None and target.scope is Scope.SINGLETON and container.is_built(target):
        return container.instance_of(target)
    return _EMPTY


def _with_baked_defaults(func: types.FunctionType, baked: dict[str, Any]) -> types.FunctionType:
    """A copy of ``func`` whose ``baked`` parameters default to fixed values (no per-request work)."""
    copy = _copy_function(func)
    params = list(inspect.signature(func).parameters.values())
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    old = func.__defaults__ or ()
    defaults = dict(zip(positional[len(positional) - len(old) :], old, strict=True))
    defaults.update({name: value for name, value in baked.items() if name in positional})
    if defaults:
        first = min(positional.index(name) for name in defaults)
        # FastAPI passes every parameter it sees by keyword, so the fillers are never used.
        copy.__defaults__ = tuple(defaults.get(name) for name in positional[first:])
    keyword = {name: value for name, value in baked.items() if name not in positional}
    if keyword:
        copy.__kwdefaults__ = {**(func.__kwdefaults__ or {}), **keyword}
    return copy


def compile_endpoint(
    container: Container, plan: HandlerPlan, controller: Any
) -> Callable[..., Any]:
    """The callable FastAPI gets for one handler of one controller instance.

    Built singletons are fixed now: they become the defaults of a copy of the handler and leave
    its signature, so FastAPI does no work for them per request. Singleton class attributes are
    set on the controller once. Only REQUEST/TRANSIENT providers, singletons still to be built
    by the lifespan, and PyNest attributes that are not providers become FastAPI dependencies.
    """
    func = plan.func
    if isinstance(controller, RequestScopedController):
        return _scoped_controller_endpoint(container, plan, controller.record)
    if plan.plain:
        return types.MethodType(func, controller)
    signature = inspect.signature(func)
    params = dict(signature.parameters)
    bindings = plan.consumer.bindings
    baked: dict[str, Any] = {}
    attribute_params: list[inspect.Parameter] = []
    for index, (site, dep) in enumerate(zip(plan.sites, plan.consumer.dependencies, strict=True)):
        target = bindings[index] if index < len(bindings) else None
        if site.kind in ("default", "annotated", "attribute") and target is None:
            if site.kind == "attribute":  # not a provider: FastAPI resolves it per request
                attribute_params.append(_attribute_param(site.name, plan.attributes[site.name]))
            continue
        ready = _ready_value(container, dep, target)
        if site.kind == "attribute":
            if ready is not _EMPTY:
                vars(controller)[site.name] = ready
            else:
                provide = Depends(_dependency_function(container, dep, target))
                attribute_params.append(_attribute_param(site.name, provide))
            continue
        if ready is not _EMPTY:
            baked[site.name] = ready
            del params[site.name]
            continue
        provide = Depends(_dependency_function(container, dep, target), use_cache=site.use_cache)
        param = params[site.name]
        if site.kind == "default" or param.default is not _EMPTY:
            params[site.name] = param.replace(annotation=Any, default=provide)
        else:
            params[site.name] = param.replace(annotation=Annotated[Any, provide])
    if plan.nested:
        rewriter = _NestedRewriter(container, plan.consumer.module)
        hints = _hints(func)
        for name in plan.nested:
            param = params[name]
            declared = _dependency_of(param, hints.get(name, param.annotation))
            assert declared is not None
            inner = rewriter.rewrite(declared.dependency)
            if inner is not None:
                new = _replace_dependency(declared, inner)
                hint = hints.get(name, param.annotation)
                params[name] = _with_new_dependency(param, hint, declared, new)
    function = typing.cast(types.FunctionType, func)
    if attribute_params:
        if baked:
            function = _with_baked_defaults(function, baked)
        return _attribute_endpoint(
            function, controller, list(params.values())[1:], attribute_params
        )
    copy = _with_baked_defaults(function, baked)
    copy.__signature__ = signature.replace(parameters=list(params.values()))  # type: ignore[attr-defined]
    return types.MethodType(copy, controller)


@dataclass(frozen=True)
class RequestScopedController:
    """Stands for a controller made per request (it depends on a REQUEST-scoped provider)."""

    record: ProviderRecord


def _scoped_controller_endpoint(
    container: Container, plan: HandlerPlan, record: ProviderRecord
) -> Callable[..., Any]:
    """An endpoint that takes the request's instance of the controller, then calls the handler."""
    if plan.attributes:
        names = ", ".join(plan.attributes)
        raise TypeError(
            f"{record.name} (module {record.module.name}) is made per request, because it depends on "
            f"a REQUEST-scoped provider, and also has class attributes = Depends(...) ({names}). "
            "Inject those through the constructor instead."
        )
    holder = _Holder()
    bound = compile_endpoint(container, replace(plan, attributes={}), holder)
    function = typing.cast(types.MethodType, bound).__func__

    async def provide_controller() -> Any:
        return await container.resolve_record(record, current_request_scope())

    is_async = inspect.iscoroutinefunction(function)

    async def endpoint(**kwargs: Any) -> Any:
        instance = kwargs.pop(_CONTROLLER_KEY)
        if is_async:
            return await function(instance, **kwargs)
        return await run_in_threadpool(function, instance, **kwargs)

    signature = inspect.signature(bound)
    params = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) if p.kind is not p.VAR_KEYWORD else p
        for p in signature.parameters.values()
    ]
    extra = inspect.Parameter(
        _CONTROLLER_KEY, inspect.Parameter.KEYWORD_ONLY, default=Depends(provide_controller)
    )
    ordered = [p for p in params if p.kind is not p.VAR_KEYWORD]
    ordered += [extra, *(p for p in params if p.kind is p.VAR_KEYWORD)]
    endpoint.__signature__ = resolved_signature(  # type: ignore[attr-defined]
        signature.replace(parameters=ordered), _hints(plan.func)
    )
    endpoint.__name__ = function.__name__
    endpoint.__qualname__ = function.__qualname__
    endpoint.__doc__ = function.__doc__
    endpoint.__module__ = function.__module__
    return endpoint


class _Holder:
    """The placeholder a per-request controller's handler is compiled against."""


_CONTROLLER_KEY = "nest_controller__"


def _replace_dependency(dep: DependsParam, function: Callable[..., Any]) -> DependsParam:
    if dataclasses.is_dataclass(dep):
        return dataclasses.replace(dep, dependency=function)
    made = copy.copy(dep)  # FastAPI before its dataclass Depends
    made.dependency = function
    return made


def _with_new_dependency(
    param: inspect.Parameter, hint: Any, old: DependsParam, new: DependsParam
) -> inspect.Parameter:
    if param.default is old:
        return param.replace(default=new)
    base, *extras = typing.get_args(hint)  # Annotated[T, ..., old, ...]
    metadata = [new if m is old else m for m in extras]
    return param.replace(annotation=Annotated[tuple([base, *metadata])])


class _NestedRewriter:
    """Rewrites dependency functions whose ``Depends(SomeClass)`` names a provider the module sees.

    The provider comes from the container, as for a handler's own parameters: a built
    singleton becomes the default of a copy of the function (no per-request work), anything
    else a FastAPI dependency resolving it. Functions naming no visible provider stay as they
    are, for FastAPI.
    """

    def __init__(self, container: Container, module: ModuleRecord) -> None:
        self.container = container
        self.module = module
        self._done: dict[int, Callable[..., Any] | None] = {}

    def rewrite(self, function: Any) -> Callable[..., Any] | None:
        """A rewritten copy of ``function``, or ``None`` when nothing in it changes."""
        if not _is_function(function):
            return None
        key = id(function)
        if key in self._done:
            return self._done[key]
        self._done[key] = None  # a cycle stops here
        hints = _hints(function)
        signature = inspect.signature(function)
        params: list[inspect.Parameter] = []
        baked: dict[str, Any] = {}
        changed = False
        for param in signature.parameters.values():
            hint = hints.get(param.name, param.annotation)
            dep = _dependency_of(param, hint)
            if dep is None:
                params.append(param)
                continue
            target = _depends_target(dep, hint)
            record = (
                self.container.resolver.visible(self.module, target) if target is not None else None
            )
            if target is not None and record is not None:
                changed = True
                need = Dependency(
                    token=target,
                    name=param.name,
                    index=0,
                    optional=True,
                    annotation=target.__qualname__,
                )
                ready = _ready_value(self.container, need, record)
                if ready is not _EMPTY:
                    baked[param.name] = ready
                    continue
                provide = Depends(
                    _dependency_function(self.container, need, record), use_cache=dep.use_cache
                )
                params.append(param.replace(annotation=Any, default=provide))
                continue
            inner = self.rewrite(dep.dependency)
            if inner is None:
                params.append(param)
                continue
            changed = True
            new = _replace_dependency(dep, inner)
            params.append(_with_new_dependency(param, hint, dep, new))
        if not changed:
            return None
        made = _with_baked_defaults(typing.cast(types.FunctionType, function), baked)
        made.__signature__ = resolved_signature(  # type: ignore[attr-defined]
            signature.replace(parameters=params), hints
        )
        self._done[key] = made
        return made


def resolved_signature(signature: inspect.Signature, hints: dict[str, Any]) -> inspect.Signature:
    """``signature`` with string annotations replaced by the handler's resolved type hints.

    A wrapper defined in nest's modules gets nest's ``__globals__``: FastAPI would resolve the
    strings of ``from __future__ import annotations`` there, not in the handler's module.
    """
    params = [
        p.replace(annotation=hints[p.name])
        if isinstance(p.annotation, str) and p.name in hints
        else p
        for p in signature.parameters.values()
    ]
    return_annotation = signature.return_annotation
    if isinstance(return_annotation, str):
        return_annotation = hints.get("return", return_annotation)
    return signature.replace(parameters=params, return_annotation=return_annotation)


def _attribute_param(name: str, default: DependsParam) -> inspect.Parameter:
    return inspect.Parameter(
        f"nest_attribute__{name}", inspect.Parameter.KEYWORD_ONLY, default=default
    )


def _attribute_endpoint(
    func: Callable[..., Any],
    controller: Any,
    params: list[inspect.Parameter],
    extra: list[inspect.Parameter],
) -> Callable[..., Any]:
    names = [p.name.removeprefix("nest_attribute__") for p in extra]
    keys = [p.name for p in extra]

    def split(kwargs: dict[str, Any]) -> Any:
        return _view(
            controller, {name: kwargs.pop(key) for name, key in zip(names, keys, strict=True)}
        )

    endpoint: Callable[..., Any]
    if inspect.iscoroutinefunction(func):

        async def endpoint(*args: Any, **kwargs: Any) -> Any:
            view = split(kwargs)
            return await func(view, *args, **kwargs)

    else:

        def endpoint(*args: Any, **kwargs: Any) -> Any:
            view = split(kwargs)
            return func(view, *args, **kwargs)

    var_keyword = [p for p in params if p.kind is p.VAR_KEYWORD]
    ordinary = [p for p in params if p.kind is not p.VAR_KEYWORD]
    endpoint.__signature__ = resolved_signature(  # type: ignore[union-attr]
        inspect.Signature(
            [*ordinary, *extra, *var_keyword],
            return_annotation=inspect.signature(func).return_annotation,
        ),
        _hints(func),
    )
    endpoint.__name__ = func.__name__
    endpoint.__qualname__ = func.__qualname__
    endpoint.__doc__ = func.__doc__
    endpoint.__module__ = func.__module__
    return endpoint
