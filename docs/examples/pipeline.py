"""The request pipeline: a guard reading roles, an interceptor, pipes, a filter and middleware."""

import time
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from nest.core import (
    APP_FILTER,
    Catch,
    Controller,
    ExceptionFilter,
    ExecutionContext,
    Get,
    Injectable,
    Module,
    NestInterceptor,
    NotFoundException,
    Param,
    ParseIntPipe,
    PyNestFactory,
    Query,
    Reflector,
    UseGuards,
    UseInterceptors,
)
from nest.http import MiddlewareConsumer, create_param_decorator
from nest.pipeline import CallHandler, DefaultValuePipe

# -- metadata and a guard that reads it -------------------------------------------------------

Roles = Reflector.create_decorator()  # @Roles(["admin"]); reflector.get(Roles, handler)


@Injectable
class UserService:
    TOKENS = {"t-ada": {"name": "ada", "roles": ["admin"]}, "t-bob": {"name": "bob", "roles": []}}

    def from_token(self, token: str | None) -> dict[str, Any] | None:
        return self.TOKENS.get(token or "")


class RolesGuard:
    """Built once by the container: its constructor gets the Reflector and UserService."""

    def __init__(self, reflector: Reflector, users: UserService) -> None:
        self.reflector = reflector
        self.users = users

    def can_activate(self, context: ExecutionContext) -> bool:
        request = context.switch_to_http().get_request()
        request.state.user = self.users.from_token(request.headers.get("x-token"))
        required = self.reflector.get_all_and_override(
            Roles, [context.get_handler(), context.get_class()]
        )
        if not required:
            return True
        user = request.state.user
        return user is not None and any(role in user["roles"] for role in required)


# -- an interceptor ---------------------------------------------------------------------------


class TimingInterceptor(NestInterceptor):
    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        started = time.perf_counter()
        result = await call_next()  # the pipes and the handler run here
        elapsed = (time.perf_counter() - started) * 1000
        context.switch_to_http().get_response().headers["x-elapsed-ms"] = f"{elapsed:.2f}"
        return result


# -- a custom parameter decorator -------------------------------------------------------------

CurrentUser = create_param_decorator(
    lambda data, ctx: ctx.switch_to_http().get_request().state.user
)


# -- a global exception filter with a dependency ----------------------------------------------


@Injectable
class ErrorCounter:
    def __init__(self) -> None:
        self.count = 0


@Catch(NotFoundException)
class NotFoundFilter(ExceptionFilter):
    def __init__(self, counter: ErrorCounter) -> None:
        self.counter = counter

    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        self.counter.count += 1
        request = host.switch_to_http().get_request()
        return JSONResponse(
            {"statusCode": 404, "path": request.url.path, "message": str(exception.detail)},  # type: ignore[attr-defined]
            status_code=404,
        )


# -- middleware -------------------------------------------------------------------------------


async def request_id(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    response.headers["x-request-id"] = request.headers.get("x-request-id", "generated")
    return response


# -- the controller ---------------------------------------------------------------------------

BOOKS = {1: "Dune", 2: "Emma"}


@Controller("books")
@UseGuards(RolesGuard)
@UseInterceptors(TimingInterceptor)
class BookController:
    @Get("/")
    def list_books(
        self, limit: int = Query("limit", DefaultValuePipe("10"), ParseIntPipe)
    ) -> list[str]:
        return list(BOOKS.values())[:limit]

    @Get("/{id}")
    def find(self, id: int = Param("id", ParseIntPipe)) -> str:
        if id not in BOOKS:
            raise NotFoundException(f"Book {id} not found")
        return BOOKS[id]

    @Get("/admin/stats")
    @Roles(["admin"])
    def stats(self, user: dict[str, Any] = CurrentUser()) -> dict[str, Any]:
        return {"books": len(BOOKS), "asked_by": user["name"]}


@Module(
    controllers=[BookController],
    providers=[UserService, ErrorCounter, {"provide": APP_FILTER, "use_class": NotFoundFilter}],
)
class BooksModule:
    def configure(self, consumer: MiddlewareConsumer) -> None:
        consumer.apply(request_id).for_routes(BookController)


app = PyNestFactory.create(BooksModule)
