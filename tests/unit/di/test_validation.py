"""Each start-up validation error, and its text: what, where, how to fix."""

from __future__ import annotations

from typing import Annotated

import pytest

from nest.di import (
    CircularDependencyError,
    Container,
    Inject,
    Injectable,
    InvalidExportError,
    InvalidModuleError,
    InvalidProviderError,
    Lazy,
    Module,
    ModuleGraphError,
    ProviderNotExportedError,
    Scope,
    ScopeViolationError,
    StartupValidationError,
    UnknownDependencyError,
)
from nest.errors import NestError


class Logger:
    pass


@Injectable
class BookRepository:
    pass


@Injectable
class BookService:
    def __init__(self, repo: BookRepository, logger: Logger | None = None) -> None:
        self.repo = repo


def test_unknown_dependency_shows_the_constructor_the_module_and_the_fixes() -> None:
    @Module(providers=[BookService])
    class BookModule:
        pass

    with pytest.raises(UnknownDependencyError) as caught:
        Container.create(BookModule)
    text = str(caught.value)
    assert "Cannot resolve a dependency of BookService in module BookModule" in text
    assert "    repo: BookRepository,   <-- ? cannot be resolved" in text
    assert "    logger: Logger | None," in text
    assert "needs BookRepository for parameter 'repo' at index [0]" in text
    assert "add it to BookModule's providers=[...]" in text
    assert "add that module to BookModule's imports=[...]" in text
    assert isinstance(caught.value, ModuleGraphError)
    assert isinstance(caught.value, NestError)


def test_unknown_dependency_names_the_module_to_import_when_one_exports_it() -> None:
    @Module(providers=[BookRepository], exports=[BookRepository])
    class DataModule:
        pass

    @Module(providers=[BookService])
    class BookModule:
        pass

    @Module(imports=[DataModule, BookModule])
    class Root:
        pass

    with pytest.raises(
        UnknownDependencyError,
        match=r"add DataModule to BookModule's imports=\[\.\.\.\] \(BookRepository is exported by DataModule\)",
    ):
        Container.create(Root)


def test_missing_annotation_is_reported_with_a_fix() -> None:
    @Injectable
    class Untyped:
        def __init__(self, thing) -> None:
            self.thing = thing

    @Module(providers=[Untyped])
    class M:
        pass

    with pytest.raises(
        UnknownDependencyError, match="parameter 'thing' of Untyped has no type annotation"
    ):
        Container.create(M)


def test_provider_not_exported_says_which_module_has_it() -> None:
    @Module(providers=[BookRepository])
    class DataModule:
        pass

    @Module(imports=[DataModule], providers=[BookService])
    class BookModule:
        pass

    with pytest.raises(ProviderNotExportedError) as caught:
        Container.create(BookModule)
    text = str(caught.value)
    assert "BookService (in module BookModule) needs BookRepository for parameter 'repo'" in text
    assert "provided by module DataModule but not exported by it" in text
    assert "add BookRepository to DataModule's exports=[...]" in text
    assert "and add DataModule to" not in text  # it is imported already


@Injectable
class A:
    def __init__(self, b: B) -> None:
        self.b = b


@Injectable
class B:
    def __init__(self, c: C) -> None:
        self.c = c


@Injectable
class C:
    def __init__(self, a: A) -> None:
        self.a = a


def test_circular_dependency_prints_the_whole_chain() -> None:
    @Module(providers=[A, B, C])
    class Cycle:
        pass

    with pytest.raises(CircularDependencyError) as caught:
        Container.create(Cycle)
    assert "Circular dependency: A (Cycle) -> B (Cycle) -> C (Cycle) -> A (Cycle)" in str(
        caught.value
    )
    assert "forward_ref" in str(caught.value)
    assert [r.name for r in caught.value.chain] == ["A", "B", "C", "A"]


@Injectable(scope=Scope.REQUEST)
class RequestContext:
    pass


@Injectable(scope=Scope.TRANSIENT)
class Auditor:
    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx


def test_request_into_singleton_is_a_scope_violation_naming_both() -> None:
    @Injectable
    class Reporter:
        def __init__(self, ctx: RequestContext) -> None:
            self.ctx = ctx

    @Module(providers=[RequestContext, Reporter])
    class M:
        pass

    with pytest.raises(ScopeViolationError) as caught:
        Container.create(M)
    text = str(caught.value)
    assert "Reporter (singleton, in module M) depends on the REQUEST-scoped RequestContext" in text
    assert "Lazy[RequestContext]" in text


def test_scope_violation_through_a_transient_shows_the_chain() -> None:
    @Injectable
    class Reporter:
        def __init__(self, auditor: Auditor) -> None:
            self.auditor = auditor

    @Module(providers=[RequestContext, Auditor, Reporter])
    class M:
        pass

    with pytest.raises(
        ScopeViolationError,
        match=r"Reporter \(singleton\) -> Auditor \(transient\) -> RequestContext \(request\)",
    ):
        Container.create(M)


def test_a_provider_of_a_request_scoped_provider_is_allowed_in_a_singleton() -> None:
    @Injectable
    class Reporter:
        def __init__(self, ctx: Lazy[RequestContext]) -> None:
            self.ctx = ctx

    @Module(providers=[RequestContext, Reporter])
    class M:
        pass

    Container.create(M)


def test_invalid_export_import_and_provider_entries() -> None:
    @Module(exports=[BookRepository])
    class Exports:
        pass

    with pytest.raises(
        InvalidExportError,
        match="Module Exports exports BookRepository, which it neither provides nor imports",
    ):
        Container.create(Exports)

    @Module(imports=[BookRepository])
    class Imports:
        pass

    with pytest.raises(
        InvalidModuleError,
        match=r"Module Imports imports .*BookRepository.*, which is not a module",
    ):
        Container.create(Imports)

    @Module(imports=[None])
    class ImportsNone:
        pass

    with pytest.raises(InvalidModuleError, match="circular import between Python files"):
        Container.create(ImportsNone)

    @Module(providers=[{"provide": "X"}])
    class Providers:
        pass

    with pytest.raises(
        InvalidProviderError,
        match=r"Invalid provider .* in module Providers: a provider dict needs exactly one of",
    ):
        Container.create(Providers)


def test_unevaluable_annotations_name_the_class() -> None:
    @Injectable
    class Broken:
        def __init__(self, thing: DoesNotExist) -> None:  # type: ignore[name-defined]  # noqa: F821
            pass

    @Module(providers=[Broken])
    class M:
        pass

    with pytest.raises(
        InvalidProviderError, match=r"the type hints of .*Broken.__init__ cannot be evaluated"
    ):
        Container.create(M)


def test_every_problem_is_reported_at_once() -> None:
    @Injectable
    class Reporter:
        def __init__(self, ctx: RequestContext, missing: Annotated[str, Inject("MISSING")]) -> None:
            pass

    @Module(providers=[BookService, RequestContext, Reporter, A, B, C], exports=["NOPE"])
    class Everything:
        pass

    with pytest.raises(StartupValidationError) as caught:
        Container.create(Everything)
    kinds = sorted(type(e).__name__ for e in caught.value.errors)
    assert kinds == [
        "CircularDependencyError",
        "InvalidExportError",
        "UnknownDependencyError",
        "UnknownDependencyError",
    ]
    assert "The application has 4 configuration errors" in str(caught.value)
    assert "[4]" in str(caught.value)


def test_scope_violations_are_reported_with_other_problems_when_there_is_no_cycle() -> None:
    @Injectable
    class Reporter:
        def __init__(self, ctx: RequestContext, missing: Annotated[str, Inject("MISSING")]) -> None:
            pass

    @Module(providers=[RequestContext, Reporter])
    class M:
        pass

    with pytest.raises(StartupValidationError) as caught:
        Container.create(M)
    assert sorted(type(e).__name__ for e in caught.value.errors) == [
        "ScopeViolationError",
        "UnknownDependencyError",
    ]
