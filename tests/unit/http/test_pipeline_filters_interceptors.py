"""Exception filters (method, controller, global; most specific wins) and interceptors."""

import time
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse

from nest.common.exceptions import ArgumentsHost
from nest.common.exceptions import ExceptionFilter as PyNestExceptionFilter
from nest.core import (
    APP_FILTER,
    Catch,
    Controller,
    ExceptionFilter,
    ExecutionContext,
    Get,
    HttpException,
    Injectable,
    Module,
    NestInterceptor,
    NotFoundException,
    PyNestFactory,
    UseFilters,
    UseInterceptors,
)
from nest.core.decorators.filters import Catch as PyNestCatch
from nest.core.decorators.filters import UseFilters as PyNestUseFilters
from nest.pipeline import CallHandler
from nest.testing import create_test_client


class DomainError(Exception):
    pass


class MissingBook(DomainError):
    pass


@Catch(DomainError)
class DomainFilter(ExceptionFilter):
    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        return JSONResponse({"by": "domain"}, status_code=400)


@Catch(MissingBook)
class MissingBookFilter(ExceptionFilter):
    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        return JSONResponse({"by": "missing-book"}, status_code=404)


@Catch()
class CatchAll(ExceptionFilter):
    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        return JSONResponse({"by": "catch-all"}, status_code=500)


@Catch(HttpException)
class MethodHttpFilter(ExceptionFilter):
    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        return {"by": "method", "path": host.switch_to_http().get_request().url.path}


@Controller("f")
@UseFilters(CatchAll, DomainFilter, MissingBookFilter)
class FilteredController:
    @Get("/domain")
    def domain(self) -> None:
        raise DomainError()

    @Get("/missing")
    def missing(self) -> None:
        raise MissingBook()

    @Get("/other")
    def other(self) -> None:
        raise KeyError("x")

    @Get("/http")
    @UseFilters(MethodHttpFilter)
    def http(self) -> None:
        raise NotFoundException("nope")


@Module(controllers=[FilteredController])
class FilterModule:
    pass


async def test_the_most_specific_filter_of_the_nearest_level_wins() -> None:
    app = PyNestFactory.create(FilterModule)
    async with create_test_client(app) as client:
        assert (await client.get("/f/domain")).json() == {"by": "domain"}
        assert (await client.get("/f/missing")).json() == {"by": "missing-book"}
        assert (await client.get("/f/other")).json() == {"by": "catch-all"}
        # The method's filter comes before the controller's catch-all; a plain value is sent
        # as JSON with the exception's status.
        response = await client.get("/f/http")
        assert response.status_code == 404
        assert response.json() == {"by": "method", "path": "/f/http"}


@Injectable
class ErrorLog:
    def __init__(self) -> None:
        self.seen: list[str] = []


@Catch(HttpException, RequestValidationError)
class GlobalFilter(ExceptionFilter):
    """A global filter with a dependency; its host gives the request."""

    def __init__(self, log: ErrorLog) -> None:
        self.log = log

    async def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        request = host.switch_to_http().get_request()
        self.log.seen.append(f"{request.method} {request.url.path}")
        status = getattr(exception, "status_code", 400)
        return JSONResponse(
            {
                "statusCode": status,
                "path": request.url.path,
                "handler": host.get_handler().__name__ if host.in_handler else None,
            },
            status_code=status,
        )


@Controller("g")
class GlobalController:
    @Get("/{n}")
    def find(self, n: int) -> int:
        if n == 0:
            raise NotFoundException("zero")
        return n


@Module(
    controllers=[GlobalController],
    providers=[ErrorLog, {"provide": APP_FILTER, "use_class": GlobalFilter}],
)
class GlobalFilterModule:
    pass


async def test_a_global_filter_gets_a_working_host_and_sees_validation_errors() -> None:
    app = PyNestFactory.create(GlobalFilterModule)
    async with create_test_client(app) as client:
        response = await client.get("/g/0")
        assert response.status_code == 404
        assert response.json() == {"statusCode": 404, "path": "/g/0", "handler": "find"}
        response = await client.get("/g/abc")  # FastAPI's validation error, filtered
        assert response.status_code == 400
        assert response.json()["path"] == "/g/abc"
        assert (await client.get("/g/5")).json() == 5
    assert app.get(ErrorLog).seen == ["GET /g/0", "GET /g/abc"]


async def test_use_global_filters_and_a_filter_returning_none_passes_the_error_on() -> None:
    seen: list[str] = []

    class Observer(ExceptionFilter):
        def catch(self, exception: Exception, host: ExecutionContext) -> None:
            seen.append(type(exception).__name__)

    @Module(controllers=[GlobalController])
    class Plain:
        pass

    app = PyNestFactory.create(Plain).use_global_filters(Observer())
    async with create_test_client(app) as client:
        response = await client.get("/g/0")
        assert response.status_code == 404  # the default handling, unchanged
        assert response.json() == {"detail": "zero"}
    assert seen == ["NotFoundException"]


@PyNestCatch(HttpException)
class PyNestStyleFilter(PyNestExceptionFilter):
    async def catch(self, exception: HttpException, host: ArgumentsHost) -> Any:  # type: ignore[override]
        return JSONResponse(
            status_code=exception.status_code,
            content={"statusCode": exception.status_code, "message": exception.message},
        )


@Controller("legacy")
@PyNestUseFilters(PyNestStyleFilter)
class LegacyController:
    @Get("/{user_id}")
    def get_user(self, user_id: int) -> None:
        raise NotFoundException(f"User {user_id} not found")


@Module(controllers=[LegacyController])
class LegacyModule:
    pass


async def test_pynest_style_filters_run_unchanged() -> None:
    app = PyNestFactory.create(LegacyModule)
    async with create_test_client(app) as client:
        response = await client.get("/legacy/42")
        assert response.status_code == 404
        assert response.json() == {"statusCode": 404, "message": "User 42 not found"}


# -- interceptors ------------------------------------------------------------------------


class TimingInterceptor(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        started = time.perf_counter()
        result = await call_next()
        response = context.switch_to_http().get_response()
        response.headers["x-elapsed-ms"] = f"{(time.perf_counter() - started) * 1000:.3f}"
        return result


class WrapInterceptor(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        return {"data": await call_next.handle()}


class ErrorMappingInterceptor(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        try:
            return await call_next()
        except LookupError as exc:
            raise NotFoundException(f"not found: {exc}") from exc


class CacheInterceptor:
    """Answers without calling the handler (and sync: intercept may be a plain function)."""

    def __init__(self) -> None:
        self.cache: dict[str, Any] = {"/i/cached": "from cache"}

    def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        path = context.switch_to_http().get_request().url.path
        if path in self.cache:
            return self.cache[path]
        return call_next()


CALLS: list[str] = []


@Controller("i")
@UseInterceptors(TimingInterceptor, WrapInterceptor)
class InterceptedController:
    @Get("/value", response_model=dict[str, Any])
    async def value(self) -> dict[str, Any]:
        CALLS.append("value")
        return {"x": 1}

    @Get("/lookup", response_model=dict[str, Any])
    @UseInterceptors(ErrorMappingInterceptor)
    def lookup(self) -> dict[str, Any]:
        raise KeyError("book 9")

    @Get("/cached", response_model=Any)
    @UseInterceptors(CacheInterceptor())
    def cached(self) -> str:
        CALLS.append("cached")
        return "computed"


@Module(controllers=[InterceptedController])
class InterceptedModule:
    pass


async def test_interceptors_time_transform_map_errors_and_short_circuit() -> None:
    CALLS.clear()
    app = PyNestFactory.create(InterceptedModule)
    async with create_test_client(app) as client:
        response = await client.get("/i/value")
        assert response.json() == {"data": {"x": 1}}
        assert float(response.headers["x-elapsed-ms"]) >= 0

        response = await client.get("/i/lookup")
        assert response.status_code == 404
        assert response.json() == {"detail": "not found: 'book 9'"}

        response = await client.get("/i/cached")
        assert response.json() == {"data": "from cache"}
    assert CALLS == ["value"]


async def test_global_interceptors_wrap_the_controller_ones() -> None:
    order: list[str] = []

    class Outer(NestInterceptor):
        async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
            order.append("global")
            return await call_next()

    app = PyNestFactory.create(InterceptedModule).use_global_interceptors(Outer())
    async with create_test_client(app) as client:
        assert (await client.get("/i/value")).json() == {"data": {"x": 1}}
    assert order == ["global"]


async def test_a_filter_response_can_be_any_starlette_response() -> None:
    @Catch(ValueError)
    class TextFilter(ExceptionFilter):
        def catch(self, exception: Exception, host: ExecutionContext) -> Any:
            return PlainTextResponse(f"bad value: {exception}", status_code=422)

    @Controller("t")
    @UseFilters(TextFilter)
    class TextController:
        @Get("/")
        async def index(self) -> None:
            raise ValueError("seven")

    @Module(controllers=[TextController])
    class TextModule:
        pass

    async with create_test_client(PyNestFactory.create(TextModule)) as client:
        response = await client.get("/t")
        assert response.status_code == 422
        assert response.text == "bad value: seven"


async def test_global_filters_also_answer_errors_outside_controller_routes() -> None:
    seen: list[str] = []

    @Catch(HttpException)
    class NotFoundPage(ExceptionFilter):
        def catch(self, exception: Exception, host: ExecutionContext) -> Any:
            request = host.switch_to_http().get_request()
            seen.append(request.url.path)
            return {"statusCode": exception.status_code, "path": request.url.path}  # type: ignore[attr-defined]

    @Module(controllers=[GlobalController])
    class Plain:
        pass

    app = PyNestFactory.create(Plain).use_global_filters(NotFoundPage())
    async with create_test_client(app) as client:
        unknown = await client.get("/nowhere")
        assert unknown.status_code == 404
        assert unknown.json() == {"statusCode": 404, "path": "/nowhere"}
        not_allowed = await client.delete("/g/1")
        assert not_allowed.status_code == 405
        assert not_allowed.json() == {"statusCode": 405, "path": "/g/1"}
        assert (await client.get("/g/0")).json() == {"statusCode": 404, "path": "/g/0"}
    assert seen == ["/nowhere", "/g/1", "/g/0"]  # once each


async def test_an_app_filter_provider_sees_unknown_paths_without_a_handler() -> None:
    app = PyNestFactory.create(GlobalFilterModule)
    async with create_test_client(app) as client:
        response = await client.get("/nowhere")
        assert response.status_code == 404
        assert response.json() == {"statusCode": 404, "path": "/nowhere", "handler": None}
