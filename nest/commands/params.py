"""How a command method's parameters become click options and arguments.

Four ways to declare one, in this order of precedence:

1. ``@click.option(...)`` / ``@click.argument(...)`` stacked on the method (click keeps them in
   ``__click_params__``); they come first, in click's own order.
2. A ``click.Option``/``click.Argument`` as the parameter's default.
3. A ``click.Option``/``click.Argument`` as the parameter's annotation (PyNest's style), or inside
   ``Annotated[T, click.Option(...)]``.
4. A plain typed parameter: an option ``--name-with-dashes`` when it has a default (a flag for
   ``bool``), a positional argument when it has none.

A parameter annotated ``click.Context`` receives the current context.
"""

from __future__ import annotations

import inspect
import pathlib
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import click

__all__ = ["ParameterPlan", "plan_parameters"]

_SCALARS: dict[Any, click.ParamType[Any]] = {
    str: click.STRING,
    int: click.INT,
    float: click.FLOAT,
    bool: click.BOOL,
    pathlib.Path: click.Path(path_type=pathlib.Path),
}
_KINDS = "str, int, float, bool, pathlib.Path, a Literal of strings, a list of these, or X | None"


@dataclass
class ParameterPlan:
    """The click parameters of one command and how their values reach the method."""

    params: list[click.Parameter] = field(default_factory=list)
    #: click's name of each parameter -> the method's keyword that receives it.
    keywords: dict[str, str] = field(default_factory=dict)
    #: Keyword -> conversion of click's value (click gives tuples for ``list[...]`` parameters).
    converters: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    #: The keyword that receives the ``click.Context``, if any.
    context_keyword: str | None = None
    #: The method takes ``**kwargs``: values with no keyword of their own go there.
    pass_extra: bool = False

    def arguments(self, values: dict[str, Any]) -> dict[str, Any]:
        """The method's keyword arguments from the values click parsed."""
        kwargs: dict[str, Any] = {}
        for name, value in values.items():
            keyword = self.keywords.get(name)
            if keyword is None:
                if not self.pass_extra:
                    continue
                keyword = name
            convert = self.converters.get(keyword)
            kwargs[keyword] = convert(value) if convert is not None and value is not None else value
        if self.context_keyword is not None:
            kwargs[self.context_keyword] = click.get_current_context()
        return kwargs


class _Unresolved:
    """A string annotation that could not be evaluated."""

    def __init__(self, text: str, error: Exception) -> None:
        self.text = text
        self.error = error


def _evaluate(func: Callable[..., Any], annotation: Any) -> Any:
    if not isinstance(annotation, str):
        return annotation
    try:
        # What typing.get_type_hints does, without its check that the result is a type: PyNest
        # annotates parameters with click.Option instances.
        return eval(annotation, getattr(func, "__globals__", {}))
    except Exception as exc:
        return _Unresolved(annotation, exc)


def _explicit(annotation: Any, default: Any) -> click.Parameter | None:
    if isinstance(default, click.Parameter):
        return default
    if isinstance(annotation, click.Parameter):
        return annotation
    if get_origin(annotation) is Annotated:
        return next((m for m in annotation.__metadata__ if isinstance(m, click.Parameter)), None)
    return None


def _describe(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return f"option {'/'.join(param.opts)}"
    return f"argument {param.name}"


def _strip(hint: Any) -> tuple[Any, bool]:
    """``hint`` without ``Annotated`` and ``| None``, and whether it allowed ``None``."""
    if get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(args) < len(get_args(hint)):
            return args[0], True
    return hint, False


def _click_type(hint: Any) -> click.ParamType[Any] | None:
    if hint in _SCALARS:
        return _SCALARS[hint]
    if get_origin(hint) is Literal:
        values = get_args(hint)
        if values and all(isinstance(v, str) for v in values):
            return click.Choice(list(values))
    return None


def _sequence_item(hint: Any) -> tuple[Any, Callable[[Any], Any] | None] | None:
    """For ``list[X]`` or ``tuple[X, ...]``: ``X`` and how to convert click's tuple."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is list and len(args) == 1:
        return args[0], list
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0], None
    return None


def _from_signature(
    parameter: inspect.Parameter, hint: Any
) -> tuple[click.Parameter, Callable[[Any], Any] | None] | str:
    """A click parameter made from a plain parameter, or why none can be made."""
    name = parameter.name
    has_default = parameter.default is not inspect.Parameter.empty
    default = parameter.default if has_default else None
    if hint is inspect.Parameter.empty:
        hint = type(default) if type(default) in _SCALARS else str
    if isinstance(hint, _Unresolved):
        return (
            f"its annotation {hint.text!r} cannot be evaluated ({hint.error}); import the names it "
            "uses at module level"
        )
    hint, _ = _strip(hint)
    converter: Callable[[Any], Any] | None = None
    multiple = False
    item = _sequence_item(hint)
    if item is not None:
        (hint, converter), multiple = item, True
    click_type = _click_type(hint)
    if click_type is None:
        return f"its type {getattr(hint, '__name__', hint)!r} cannot be read from the command line"
    if not has_default:
        return click.Argument(
            [name], type=click_type, required=True, nargs=-1 if multiple else 1
        ), (converter)
    flag = "--" + name.strip("_").replace("_", "-")
    if hint is bool and not multiple:
        if default is True or default is None:
            decls = [f"{flag}/--no-{flag[2:]}", name]
            return click.Option(decls, default=default, show_default=default is not None), None
        return click.Option([flag, name], is_flag=True, default=bool(default)), None
    if multiple:
        return click.Option(
            [flag, name],
            type=click_type,
            multiple=True,
            default=tuple(default or ()),
            show_default=bool(default),
        ), converter
    return click.Option(
        [flag, name], type=click_type, default=default, show_default=default is not None
    ), None


def plan_parameters(func: Callable[..., Any], where: str) -> tuple[ParameterPlan, list[str]]:
    """Read the click parameters of the command method ``func``.

    Args:
        func: The method, with ``self`` first.
        where: How problems name the method, e.g. ``"AppController.version (module AppModule)"``.

    Returns:
        The plan, and one message per problem found (all of them, not only the first).
    """
    plan = ParameterPlan()
    problems: list[str] = []
    parameters = list(inspect.signature(func).parameters.values())
    if not parameters or parameters[0].kind not in (
        inspect.Parameter.POSITIONAL_ONLY,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
    ):
        return plan, [f"{where}: a command must be a method that takes self first."]
    parameters = parameters[1:]
    names = {p.name for p in parameters}
    plan.pass_extra = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)

    def add(param: click.Parameter, keyword: str, converter: Callable[[Any], Any] | None) -> None:
        if param.name in plan.keywords:
            problems.append(
                f"{where}: parameters {plan.keywords[param.name]!r} and {keyword!r} both declare "
                f"the {_describe(param)} (click name {param.name!r}); give each its own option."
            )
            return
        plan.params.append(param)
        if param.name is not None:
            plan.keywords[param.name] = keyword
        if converter is not None:
            plan.converters[keyword] = converter

    for param in reversed(getattr(func, "__click_params__", [])):
        if not param.expose_value or param.name is None:
            plan.params.append(param)
        elif param.name in names or plan.pass_extra:
            add(param, param.name, None)
        else:
            problems.append(
                f"{where}: the {_describe(param)} given by @click.{param.param_type_name}(...) "
                f"passes a value named {param.name!r}, but the method has no parameter "
                f"{param.name!r}. Add `{param.name}` to its parameters (or `**kwargs`)."
            )
    taken = set(plan.keywords.values())

    for parameter in parameters:
        name = parameter.name
        if name in taken or parameter.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            problems.append(
                f"{where}: parameter *{name} cannot be filled from the command line; declare "
                f"`{name}: list[str]` (a positional argument taking any number of values) instead."
            )
            continue
        if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            problems.append(
                f"{where}: parameter {name!r} is positional-only; commands receive their values "
                "by keyword, so remove the `/` from the signature."
            )
            continue
        annotation = _evaluate(func, parameter.annotation)
        explicit = _explicit(annotation, parameter.default)
        if explicit is not None:
            add(explicit, name, None)
            continue
        if isinstance(annotation, type) and issubclass(annotation, click.Context):
            plan.context_keyword = name
            continue
        made = _from_signature(parameter, annotation)
        if isinstance(made, str):
            problems.append(
                f"{where}: parameter {name!r}: {made}. Declare it with @click.option(...) or "
                f"@click.argument(...) and a click type, or annotate it as {_KINDS}."
            )
            continue
        add(made[0], name, made[1])
    return plan, problems
