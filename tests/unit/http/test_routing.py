from typing import Any

import pytest
from fastapi import Depends, Header
from pydantic import BaseModel

from nest.di import Module
from nest.http import (
    Controller,
    Delete,
    Get,
    Head,
    HttpCode,
    Options,
    Patch,
    Post,
    Put,
    PyNestFactory,
)
from nest.http.routing import join_paths
from nest.testing import create_test_client


class Item(BaseModel):
    name: str
    secret: str = "hidden"


class PublicItem(BaseModel):
    name: str


def require_token(x_token: str = Header()) -> None:
    if x_token != "ok":
        from nest.http import UnauthorizedException

        raise UnauthorizedException("bad token")


@Controller("book")
class BookController:
    @Get("/")
    def list_books(self) -> list[str]:
        return ["a"]

    @Get("/static")
    def static(self) -> str:
        return "static"

    @Get("/{book_id}")
    def get_book(self, book_id: int) -> dict[str, int]:
        return {"id": book_id}

    @Post("/")
    def create(self, item: Item) -> Item:
        return item

    @Post("/accepted")
    @HttpCode(202)
    def accepted(self) -> str:
        return "queued"

    @HttpCode(204)
    @Delete("/{book_id}")
    def delete(self, book_id: int) -> None:
        return None

    @Put("/{book_id}", response_model=PublicItem, summary="Replace a book", status_code=200)
    def replace(self, book_id: int, item: Item) -> Any:
        return item

    @Patch(
        "/{book_id}",
        dependencies=[Depends(require_token)],
        responses={401: {"description": "No token"}},
    )
    def patch(self, book_id: int) -> str:
        return "patched"

    @Head("/")
    def head(self) -> None:
        return None

    @Options("/")
    def options(self) -> str:
        return "options"


@Controller(tag="misc")
class RootController:
    @Get
    def root(self) -> str:
        return "root"

    @Get("/health/")
    @Get("/healthz")
    def health(self) -> str:
        return "ok"


@Controller("/other/")
class OtherController:
    @Get("/")
    def list_books(self) -> list[str]:
        return []


@Module(controllers=[BookController, RootController, OtherController])
class AppModule:
    pass


@pytest.fixture
async def client() -> Any:
    async with create_test_client(PyNestFactory.create(AppModule)) as c:
        yield c


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("", ""), "/"),
        (("book", "/"), "/book"),
        (("/book/", "/{id}/"), "/book/{id}"),
        (("api", "v1/", "x"), "/api/v1/x"),
    ],
)
def test_join_paths(parts: tuple[str, ...], expected: str) -> None:
    assert join_paths(*parts) == expected


async def test_prefix_and_path_with_and_without_trailing_slash_no_redirect(client: Any) -> None:
    for path in ("/book", "/book/", "/book/static", "/book/static/", "/other", "/other/"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 200, path
    assert (await client.get("/")).json() == "root"


async def test_routes_keep_definition_order_static_before_parameter(client: Any) -> None:
    assert (await client.get("/book/static")).json() == "static"
    assert (await client.get("/book/7")).json() == {"id": 7}


async def test_post_is_201_by_default_and_http_code_overrides(client: Any) -> None:
    assert (await client.post("/book", json={"name": "x"})).status_code == 201
    assert (await client.post("/book/accepted")).status_code == 202
    assert (await client.delete("/book/1")).status_code == 204


async def test_route_options_pass_through_to_fastapi(client: Any) -> None:
    response = await client.put("/book/1", json={"name": "x", "secret": "s"})
    assert response.json() == {"name": "x"}  # response_model filtered the secret
    assert (await client.patch("/book/1")).status_code == 422  # the dependency's header is missing
    assert (await client.patch("/book/1", headers={"x-token": "no"})).status_code == 401
    assert (await client.patch("/book/1", headers={"x-token": "ok"})).json() == "patched"
    assert (await client.head("/book")).status_code == 200
    assert (await client.options("/book")).json() == "options"
    openapi = (await client.get("/openapi.json")).json()
    put = openapi["paths"]["/book/{book_id}"]["put"]
    assert put["summary"] == "Replace a book"
    assert "401" in openapi["paths"]["/book/{book_id}"]["patch"]["responses"]


async def test_openapi_tags_and_unique_operation_ids(client: Any) -> None:
    openapi = (await client.get("/openapi.json")).json()
    operations = [op for path in openapi["paths"].values() for op in path.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    assert "BookController_list_books" in ids
    assert "OtherController_list_books" in ids
    assert openapi["paths"]["/book"]["get"]["tags"] == ["book"]
    assert openapi["paths"]["/"]["get"]["tags"] == ["misc"]
    assert openapi["paths"]["/other"]["get"]["tags"] == ["other"]
    assert "/book/" not in openapi["paths"]


async def test_a_method_with_two_routes_gets_two_operation_ids(client: Any) -> None:
    assert (await client.get("/health")).json() == "ok"
    assert (await client.get("/healthz")).json() == "ok"


async def test_global_prefix() -> None:
    app = PyNestFactory.create(AppModule, global_prefix="/api/v1/")
    async with create_test_client(app) as client:
        assert (await client.get("/api/v1/book")).json() == ["a"]
        assert (await client.get("/book")).status_code == 404
    app.set_global_prefix("v2")
    async with create_test_client(app) as client:
        assert (await client.get("/v2/book/")).json() == ["a"]
        assert (await client.get("/api/v1/book")).status_code == 404
        assert "/v2/book" in (await client.get("/openapi.json")).json()["paths"]


def test_user_operation_id_function_is_respected() -> None:
    app = PyNestFactory.create(
        AppModule, generate_unique_id_function=lambda route: f"op_{route.name}_{route.path}"
    )
    ids = {route.operation_id for route in app.routes()}
    assert ids == {None}
    schema = app.get_server().openapi()
    assert "op_list_books_/book" in {
        op["operationId"] for p in schema["paths"].values() for op in p.values()
    }
