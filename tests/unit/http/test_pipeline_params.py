"""Parameter decorators and pipes on HTTP routes."""

import enum
import uuid
from typing import Annotated, Any

import pytest
from fastapi import Query as FastAPIQuery
from fastapi import Request, Response
from pydantic import BaseModel

from nest.common.decorators import Body as PyNestBody
from nest.common.decorators import createParamDecorator
from nest.core import (
    Body,
    Controller,
    DefaultValuePipe,
    ExecutionContext,
    Get,
    Headers,
    HostParam,
    Ip,
    Module,
    Param,
    ParseBoolPipe,
    ParseEnumPipe,
    ParseFloatPipe,
    ParseIntPipe,
    ParseUUIDPipe,
    Post,
    PyNestFactory,
    Query,
    Req,
    Res,
    UsePipes,
    ValidationPipe,
)
from nest.http import create_param_decorator
from nest.testing import create_test_client


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class NewBook(BaseModel):
    title: str
    pages: int


CurrentUser = create_param_decorator(
    lambda data, ctx: ctx.switch_to_http().get_request().headers.get(data or "x-user")
)


async def load_account(data: Any, ctx: ExecutionContext) -> dict[str, Any]:
    request = ctx.switch_to_http().get_request()
    return {"account": request.headers.get("x-account"), "field": data}


Account = create_param_decorator(load_account)


def shout(value: str) -> str:
    """A PyNest-style pipe: a plain function of the value."""
    return value.upper()


class Trim:
    """A PyNest-style pipe whose transform takes the value only."""

    def transform(self, value: str) -> str:
        return value.strip()


@Controller("p")
class ParamsController:
    @Get("/int/{id}")
    def by_int(self, id: int = Param("id", ParseIntPipe)) -> dict[str, Any]:
        return {"id": id, "type": type(id).__name__}

    @Get("/uuid/{key}")
    def by_uuid(self, key: uuid.UUID = Param("key", ParseUUIDPipe(version=4))) -> str:
        return str(key)

    @Get("/color/{color}")
    def by_color(self, color: Color = Param("color", ParseEnumPipe(Color))) -> str:
        return color.name

    @Get("/page")
    def page(
        self,
        page: int = Query("page", DefaultValuePipe(1), ParseIntPipe),
        ratio: float = Query("ratio", DefaultValuePipe("0.5"), ParseFloatPipe),
        active: bool = Query("active", DefaultValuePipe("false"), ParseBoolPipe),
        plain: int = FastAPIQuery(3),
    ) -> dict[str, Any]:
        return {"page": page, "ratio": ratio, "active": active, "plain": plain}

    @Get("/all/{a}/{b}")
    def everything(
        self,
        params: dict[str, str] = Param(),
        query: dict[str, str] = Query(),
        token: str = Headers("X-Token"),
        headers: dict[str, str] = Headers(),
        ip: str = Ip(),
        host: str = HostParam(),
        request: Request = Req(),
    ) -> dict[str, Any]:
        return {
            "params": params,
            "query": query,
            "token": token,
            "has_host_header": "host" in headers,
            "ip": ip,
            "host": host,
            "same_request": request.url.path == "/p/all/1/2",
        }

    @Post("/books")
    def create(self, book: NewBook = Body()) -> NewBook:
        return book

    @Post("/title")
    def title(
        self, title: str = Body("title", Trim, shout), pages: int = Body("pages")
    ) -> dict[str, Any]:
        return {"title": title, "pages": pages}

    @Post("/legacy")
    def legacy(self, title: str = PyNestBody("title")) -> str:
        return title

    @Get("/annotated/{id}")
    def annotated(self, id: Annotated[int, Param("id", ParseIntPipe)]) -> int:
        return id * 2

    @Get("/cookie")
    def cookie(self, response: Response = Res()) -> str:
        response.set_cookie("seen", "yes")
        response.headers["x-extra"] = "1"
        return "ok"

    @Get("/me")
    async def me(
        self, user: str | None = CurrentUser(), account: dict[str, Any] = Account("plan")
    ) -> dict[str, Any]:
        return {"user": user, "account": account}

    @Get("/me/custom-header")
    def me_header(self, user: str = CurrentUser("x-other", shout)) -> str:
        return user


@Module(controllers=[ParamsController])
class ParamsModule:
    pass


@pytest.fixture
async def client() -> Any:
    async with create_test_client(PyNestFactory.create(ParamsModule)) as client:
        yield client


async def test_parse_pipes_convert_and_name_the_parameter_on_failure(client: Any) -> None:
    assert (await client.get("/p/int/42")).json() == {"id": 42, "type": "int"}
    response = await client.get("/p/int/forty")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Validation failed for path parameter 'id': an integer (numeric string) is expected"
    }
    key = uuid.uuid4()
    assert (await client.get(f"/p/uuid/{key}")).json() == str(key)
    response = await client.get(f"/p/uuid/{uuid.uuid1()}")
    assert response.status_code == 400
    assert "path parameter 'key': a UUID (version 4) is expected" in response.json()["detail"]
    assert (await client.get("/p/color/blue")).json() == "BLUE"
    response = await client.get("/p/color/green")
    assert response.status_code == 400
    assert response.json()["detail"].endswith("one of 'red', 'blue' is expected")


async def test_default_value_pipe_then_parse_pipes_beside_plain_fastapi_params(client: Any) -> None:
    assert (await client.get("/p/page")).json() == {
        "page": 1,
        "ratio": 0.5,
        "active": False,
        "plain": 3,
    }
    got = await client.get("/p/page?page=7&ratio=2.5&active=true&plain=9")
    assert got.json() == {"page": 7, "ratio": 2.5, "active": True, "plain": 9}
    bad = await client.get("/p/page?active=maybe")
    assert bad.status_code == 400
    assert "query parameter 'active'" in bad.json()["detail"]


async def test_request_sourced_decorators(client: Any) -> None:
    response = await client.get("/p/all/1/2?x=y", headers={"x-token": "t0k"})
    assert response.json() == {
        "params": {"a": "1", "b": "2"},
        "query": {"x": "y"},
        "token": "t0k",
        "has_host_header": True,
        "ip": "127.0.0.1",
        "host": "testserver",
        "same_request": True,
    }
    missing = await client.get("/p/all/1/2")
    assert missing.status_code == 422  # Headers("X-Token") is required


async def test_body_decorators_and_pipes_on_body_fields(client: Any) -> None:
    created = await client.post("/p/books", json={"title": "Dune", "pages": 412})
    assert created.status_code == 201
    assert created.json() == {"title": "Dune", "pages": 412}
    assert (await client.post("/p/books", json={"title": "Dune"})).status_code == 422
    titled = await client.post("/p/title", json={"title": "  dune ", "pages": 3})
    assert titled.json() == {"title": "DUNE", "pages": 3}
    assert (await client.post("/p/legacy", json={"title": "x"})).json() == "x"


async def test_annotated_form_res_and_custom_decorators(client: Any) -> None:
    assert (await client.get("/p/annotated/21")).json() == 42
    response = await client.get("/p/cookie")
    assert response.cookies.get("seen") == "yes"
    assert response.headers["x-extra"] == "1"
    me = await client.get("/p/me", headers={"x-user": "ada", "x-account": "pro"})
    assert me.json() == {"user": "ada", "account": {"account": "pro", "field": "plan"}}
    assert (await client.get("/p/me")).json() == {
        "user": None,
        "account": {"account": None, "field": "plan"},
    }
    assert (await client.get("/p/me/custom-header", headers={"x-other": "bo"})).json() == "BO"


def test_openapi_shows_decorated_parameters() -> None:
    schema = PyNestFactory.create(ParamsModule).get_server().openapi()
    params = {p["name"]: p for p in schema["paths"]["/p/page"]["get"]["parameters"]}
    assert set(params) == {"page", "ratio", "active", "plain"}
    header = schema["paths"]["/p/all/{a}/{b}"]["get"]["parameters"]
    assert {"name": "X-Token", "in": "header"}.items() <= {
        k: v for p in header if p["name"].lower() == "x-token" for k, v in p.items()
    }.items() or any(p["name"].lower() == "x-token" and p["in"] == "header" for p in header)
    body = schema["paths"]["/p/books"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("/NewBook")


class Filters(BaseModel):
    limit: int
    tags: list[str] = []


@Controller("v")
class ValidatedController:
    @Post("/")
    @UsePipes(ValidationPipe())
    def search(self, filters: dict[str, Any] = Body()) -> dict[str, Any]:
        return filters

    @Post("/typed")
    def typed(self, filters: Any = Body(None, ValidationPipe(metatype=Filters))) -> dict[str, Any]:
        assert isinstance(filters, Filters)
        return filters.model_dump()


@Module(controllers=[ValidatedController])
class ValidatedModule:
    pass


async def test_validation_pipe_answers_400_listing_every_problem() -> None:
    async with create_test_client(PyNestFactory.create(ValidatedModule)) as client:
        ok = await client.post("/v/typed", json={"limit": "5", "tags": ["a"]})
        assert ok.json() == {"limit": 5, "tags": ["a"]}
        bad = await client.post("/v/typed", json={"limit": "many", "tags": "x"})
        assert bad.status_code == 400
        problems = bad.json()["detail"]
        assert [p["loc"] for p in problems] == [
            ["body", "filters", "limit"],
            ["body", "filters", "tags"],
        ]
        assert all("msg" in p for p in problems)
        assert (await client.post("/v", json={"a": 1})).json() == {"a": 1}


async def test_global_pipes_see_every_request_borne_argument() -> None:
    seen: list[tuple[str, Any, Any]] = []

    class Spy:
        def transform(self, value: Any, metadata: Any) -> Any:
            seen.append((metadata.type, metadata.name, value))
            return value

    @Controller("s")
    class SpiedController:
        @Get("/{id}")
        def find(self, id: int, q: str = "none", request: Request = Req()) -> dict[str, Any]:
            return {"id": id, "q": q}

    @Module(controllers=[SpiedController])
    class SpiedModule:
        pass

    app = PyNestFactory.create(SpiedModule).use_global_pipes(Spy())
    async with create_test_client(app) as client:
        assert (await client.get("/s/3?q=x")).json() == {"id": 3, "q": "x"}
    assert seen == [("param", "id", 3), ("query", "q", "x")]


def test_host_param_with_a_name_needs_a_host_pattern_or_a_path_parameter() -> None:
    @Controller("h")
    class HostController:
        @Get("/")
        def index(self, account: str = HostParam("account")) -> str:
            return account

    @Module(controllers=[HostController])
    class HostModule:
        pass

    with pytest.raises(TypeError, match=r"HostController.index .*'account'.*no host pattern"):
        PyNestFactory.create(HostModule)


async def test_controller_host_patterns_route_by_host_and_feed_host_param() -> None:
    @Controller("who", host=":account.example.com")
    class TenantController:
        @Get("/")
        def index(self, account: str = HostParam("account")) -> str:
            return account

    @Controller("who")
    class FallbackController:
        @Get("/")
        def index(self) -> str:
            return "no tenant"

    @Module(controllers=[TenantController, FallbackController])
    class HostModule:
        pass

    async with create_test_client(PyNestFactory.create(HostModule)) as client:
        tenant = await client.get("/who", headers={"host": "acme.example.com"})
        assert tenant.json() == "acme"
        other = await client.get("/who", headers={"host": "localhost"})
        assert other.json() == "no tenant"


def test_decorators_reject_things_that_are_not_pipes() -> None:
    with pytest.raises(TypeError, match="takes pipes"):
        Param("id", 42)
    with pytest.raises(TypeError, match="create_param_decorator takes a function"):
        create_param_decorator("nope")  # type: ignore[arg-type]
    assert createParamDecorator is create_param_decorator
