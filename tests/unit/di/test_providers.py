from __future__ import annotations

import pytest

from nest.di import (
    ClassProvider,
    ExistingProvider,
    FactoryProvider,
    Injectable,
    InjectionToken,
    Scope,
    ValueProvider,
)
from nest.di.providers import ProviderFormatError, normalize_provider


@Injectable(scope=Scope.TRANSIENT)
class Impl:
    pass


def factory() -> int:
    return 1


def test_a_class_is_a_class_provider_with_its_own_scope() -> None:
    assert normalize_provider(Impl) == ClassProvider(Impl, Impl, Scope.TRANSIENT)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"provide": "A", "use_value": 1}, ValueProvider("A", 1)),
        ({"provide": "A", "useValue": 1}, ValueProvider("A", 1)),
        ({"provide": "A", "use_class": Impl}, ClassProvider("A", Impl, Scope.TRANSIENT)),
        ({"provide": "A", "useClass": Impl}, ClassProvider("A", Impl, Scope.TRANSIENT)),
        (
            {"provide": "A", "use_factory": factory, "inject": ["B"]},
            FactoryProvider("A", factory, ("B",)),
        ),
        ({"provide": "A", "useFactory": factory}, FactoryProvider("A", factory, ())),
        ({"provide": "A", "use_existing": "B"}, ExistingProvider("A", "B")),
        ({"provide": "A", "useExisting": "B"}, ExistingProvider("A", "B")),
        (
            {"provide": "A", "use_factory": factory, "scope": Scope.REQUEST},
            FactoryProvider("A", factory, (), Scope.REQUEST),
        ),
    ],
)
def test_dicts_in_both_spellings(entry: dict[str, object], expected: object) -> None:
    assert normalize_provider(entry) == expected


def test_typed_tokens_and_provider_objects_pass_through() -> None:
    token = InjectionToken[int]("PORT")
    assert normalize_provider(ValueProvider(token, 8000)) == ValueProvider(token, 8000)
    assert normalize_provider(ClassProvider("X", Impl)) == ClassProvider("X", Impl, Scope.TRANSIENT)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"use_value": 1}, "needs a 'provide' token"),
        ({"provide": "A"}, "exactly one of use_value"),
        ({"provide": "A", "use_value": 1, "use_class": Impl}, "found use_value, use_class"),
        ({"provide": "A", "usevalue": 1}, "unknown key 'usevalue'"),
        ({"provide": 3, "use_value": 1}, "'provide' must be a class"),
        ({"provide": "A", "use_class": "Impl"}, "'use_class' must be a class"),
        ({"provide": "A", "use_factory": 3}, "'use_factory' must be callable"),
        ({"provide": "A", "use_value": 1, "scope": "request"}, "'scope' must be a nest.di.Scope"),
        (42, "is not a provider"),
    ],
)
def test_bad_entries_say_what_is_wrong(entry: object, message: str) -> None:
    with pytest.raises(ProviderFormatError, match=message):
        normalize_provider(entry)
