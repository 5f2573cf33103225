"""The four kinds of provider, and how module entries become one of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nest.di.metadata import get_injectable_metadata
from nest.di.scope import Scope
from nest.di.tokens import ForwardRef, InjectionToken, resolve_token

__all__ = [
    "ClassProvider",
    "ExistingProvider",
    "FactoryProvider",
    "Provider",
    "ValueProvider",
    "normalize_provider",
]


@dataclass(frozen=True)
class ClassProvider:
    """Build ``use_class`` (its constructor injected) for ``provide``."""

    provide: Any
    use_class: type
    scope: Scope | None = None


@dataclass(frozen=True)
class ValueProvider:
    """Provide a ready-made value."""

    provide: Any
    use_value: Any


@dataclass(frozen=True)
class FactoryProvider:
    """Call ``use_factory`` with the providers named in ``inject``.

    The factory may be a plain or ``async`` function, or a (async) generator function whose
    code after ``yield`` is teardown, run when the instance's scope ends.
    """

    provide: Any
    use_factory: Callable[..., Any]
    inject: Sequence[Any] = field(default_factory=tuple)
    scope: Scope = Scope.SINGLETON


@dataclass(frozen=True)
class ExistingProvider:
    """Make ``provide`` an alias of the provider of ``use_existing``."""

    provide: Any
    use_existing: Any


Provider = ClassProvider | ValueProvider | FactoryProvider | ExistingProvider

_KEYS = {
    "provide": "provide",
    "use_value": "use_value",
    "useValue": "use_value",
    "use_class": "use_class",
    "useClass": "use_class",
    "use_factory": "use_factory",
    "useFactory": "use_factory",
    "use_existing": "use_existing",
    "useExisting": "use_existing",
    "inject": "inject",
    "scope": "scope",
}


class ProviderFormatError(ValueError):
    """A provider entry has an unusable shape; the text says which and why."""


def _scope_of(cls: type) -> Scope:
    meta = get_injectable_metadata(cls)
    return meta.scope if meta else Scope.SINGLETON


def _is_token(value: Any) -> bool:
    return isinstance(value, type | str | InjectionToken | ForwardRef)


def _from_mapping(entry: Mapping[str, Any]) -> Provider:
    spec: dict[str, Any] = {}
    for key, value in entry.items():
        if key not in _KEYS:
            known = ", ".join(
                sorted(k for k in _KEYS if "_" in k or k in {"provide", "inject", "scope"})
            )
            raise ProviderFormatError(f"unknown key {key!r} (known keys: {known})")
        spec[_KEYS[key]] = value
    if "provide" not in spec:
        raise ProviderFormatError("a provider dict needs a 'provide' token")
    provide = resolve_token(spec["provide"])
    if not _is_token(provide):
        raise ProviderFormatError(
            f"'provide' must be a class, a string or an InjectionToken, not {provide!r}"
        )
    kinds = [k for k in ("use_value", "use_class", "use_factory", "use_existing") if k in spec]
    if len(kinds) != 1:
        raise ProviderFormatError(
            "a provider dict needs exactly one of use_value, use_class, use_factory, use_existing"
            f" (found {', '.join(kinds) or 'none'})"
        )
    scope = spec.get("scope")
    if scope is not None and not isinstance(scope, Scope):
        raise ProviderFormatError(f"'scope' must be a nest.di.Scope, not {scope!r}")
    kind = kinds[0]
    if kind == "use_value":
        return ValueProvider(provide, spec["use_value"])
    if kind == "use_class":
        use_class = spec["use_class"]
        if not isinstance(use_class, type):
            raise ProviderFormatError(f"'use_class' must be a class, not {use_class!r}")
        return ClassProvider(provide, use_class, scope)
    if kind == "use_factory":
        factory = spec["use_factory"]
        if not callable(factory):
            raise ProviderFormatError(f"'use_factory' must be callable, not {factory!r}")
        return FactoryProvider(
            provide, factory, tuple(spec.get("inject", ())), scope or Scope.SINGLETON
        )
    return ExistingProvider(provide, spec["use_existing"])


def normalize_provider(entry: Any) -> Provider:
    """Turn a ``providers=[...]`` entry (a class, a dict or a provider object) into a provider.

    Raises:
        ProviderFormatError: The entry has no usable shape.
    """
    entry = resolve_token(entry)
    if isinstance(entry, ClassProvider | ValueProvider | FactoryProvider | ExistingProvider):
        if isinstance(entry, ClassProvider) and entry.scope is None:
            return ClassProvider(entry.provide, entry.use_class, _scope_of(entry.use_class))
        return entry
    if isinstance(entry, type):
        return ClassProvider(entry, entry, _scope_of(entry))
    if isinstance(entry, Mapping):
        provider = _from_mapping(entry)
        if isinstance(provider, ClassProvider) and provider.scope is None:
            return ClassProvider(
                provider.provide, provider.use_class, _scope_of(provider.use_class)
            )
        return provider
    raise ProviderFormatError(
        f"{entry!r} is not a provider: use a class, a dict such as "
        "{'provide': TOKEN, 'use_value': ...}, or a ClassProvider/ValueProvider/FactoryProvider/"
        "ExistingProvider"
    )
