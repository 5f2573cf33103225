"""The request pipeline runs in NestJS's order, and costs nothing where nothing applies."""

from typing import Any

from fastapi.responses import JSONResponse
from starlette.requests import Request
from starlette.responses import Response

from nest.core import (
    Catch,
    Controller,
    ExceptionFilter,
    ExecutionContext,
    Get,
    Injectable,
    Module,
    NestInterceptor,
    Param,
    PipeTransform,
    PyNestFactory,
    UseFilters,
    UseGuards,
    UseInterceptors,
)
from nest.http import MiddlewareConsumer
from nest.http.routing import NestRoute
from nest.pipeline import ArgumentMetadata, CallHandler
from nest.testing import create_test_client

LOG: list[str] = []


class Boom(Exception):
    pass


@Injectable
class Recorder:
    def add(self, entry: str) -> None:
        LOG.append(entry)


class RecordingMiddleware:
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def use(self, request: Request, call_next: Any) -> Response:
        self.recorder.add("middleware")
        response: Response = await call_next(request)
        self.recorder.add("middleware:after")
        return response


class RecordingGuard:
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def can_activate(self, context: ExecutionContext) -> bool:
        self.recorder.add("guard")
        return True


class RecordingInterceptor(NestInterceptor):
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    async def intercept(self, context: ExecutionContext, call_next: CallHandler) -> Any:
        self.recorder.add("interceptor:before")
        result = await call_next()
        self.recorder.add("interceptor:after")
        return result


class RecordingPipe(PipeTransform):
    def transform(self, value: Any, metadata: ArgumentMetadata) -> Any:
        LOG.append(f"pipe:{metadata.type}:{metadata.data}")
        return int(value)


@Catch(Boom)
class BoomFilter(ExceptionFilter):
    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def catch(self, exception: Exception, host: ExecutionContext) -> Any:
        self.recorder.add("filter")
        return JSONResponse({"caught": type(exception).__name__}, status_code=418)


@Controller("ordered")
@UseGuards(RecordingGuard)
@UseInterceptors(RecordingInterceptor)
@UseFilters(BoomFilter)
class OrderedController:
    @Get("/{n}")
    def run(self, n: int = Param("n", RecordingPipe)) -> dict[str, int]:
        LOG.append("handler")
        if n == 0:
            raise Boom()
        return {"n": n}


@Controller("plain")
class PlainController:
    @Get("/")
    def index(self) -> dict[str, str]:
        return {"plain": "yes"}


@Module(controllers=[OrderedController, PlainController], providers=[Recorder])
class OrderModule:
    def configure(self, consumer: MiddlewareConsumer) -> None:
        consumer.apply(RecordingMiddleware).for_routes(OrderedController)


async def test_the_pipeline_runs_in_nestjs_order() -> None:
    LOG.clear()
    app = PyNestFactory.create(OrderModule)
    async with create_test_client(app) as client:
        response = await client.get("/ordered/7")
        assert response.status_code == 200
        assert response.json() == {"n": 7}
        assert LOG == [
            "middleware",
            "guard",
            "interceptor:before",
            "pipe:param:n",
            "handler",
            "interceptor:after",
            "middleware:after",
        ]

        LOG.clear()
        response = await client.get("/ordered/0")
        assert response.status_code == 418
        assert response.json() == {"caught": "Boom"}
        # The handler's exception passes back through the interceptor to the filter.
        assert LOG == [
            "middleware",
            "guard",
            "interceptor:before",
            "pipe:param:n",
            "handler",
            "filter",
            "middleware:after",
        ]

        LOG.clear()
        assert (await client.get("/plain")).json() == {"plain": "yes"}
        assert LOG == []  # no middleware, guard or interceptor on this controller


def test_a_route_without_enhancers_gets_the_plain_handler_and_route_class() -> None:
    app = PyNestFactory.create(OrderModule)
    plain = next(r for r in app.routes() if r.path == "/plain")
    ordered = next(r for r in app.routes() if r.path == "/ordered/{n}")
    # No wrapper: FastAPI calls the controller's bound method itself.
    assert getattr(plain.endpoint, "__func__", None) is PlainController.index
    assert type(plain) is NestRoute
    assert type(ordered) is not NestRoute and issubclass(type(ordered), NestRoute)
    assert type(ordered).nest_pipeline is not None


async def test_enhancer_classes_are_built_once_with_their_dependencies() -> None:
    app = PyNestFactory.create(OrderModule)
    recorder = app.get(Recorder)
    LOG.clear()
    async with create_test_client(app) as client:
        for n in (1, 2, 3):
            assert (await client.get(f"/ordered/{n}")).status_code == 200
    route = next(r for r in app.routes() if r.path == "/ordered/{n}")
    pipeline = type(route).nest_pipeline
    assert pipeline is not None
    (guard,) = pipeline.guards
    assert isinstance(guard, RecordingGuard)
    assert guard.recorder is recorder
    assert LOG.count("guard") == 3
