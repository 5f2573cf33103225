import logging
from typing import Any

import pytest

from nest.di import Module
from nest.http import (
    BadRequestException,
    ConflictException,
    Controller,
    ForbiddenException,
    Get,
    GoneException,
    HttpException,
    InternalServerErrorException,
    MethodNotAllowedException,
    NotFoundException,
    PayloadTooLargeException,
    PyNestFactory,
    ServiceUnavailableException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)
from nest.testing import create_test_client

CASES = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    405: MethodNotAllowedException,
    409: ConflictException,
    410: GoneException,
    413: PayloadTooLargeException,
    422: UnprocessableEntityException,
    429: TooManyRequestsException,
    500: InternalServerErrorException,
    503: ServiceUnavailableException,
}


@Controller("errors")
class ErrorController:
    @Get("/default/{status}")
    def default_detail(self, status: int) -> None:
        raise CASES[status]()

    @Get("/custom")
    def custom(self) -> None:
        raise HttpException(418, {"reason": "teapot"}, headers={"X-Why": "tea"})

    @Get("/unhandled")
    async def unhandled(self) -> None:
        raise RuntimeError("password=hunter2 at /srv/secret.py")

    @Get("/{status}")
    def raise_status(self, status: int) -> None:
        raise CASES[status](f"failed with {status}")


@Module(controllers=[ErrorController])
class AppModule:
    pass


@pytest.fixture
async def client() -> Any:
    async with create_test_client(PyNestFactory.create(AppModule)) as c:
        yield c


@pytest.mark.parametrize("status", sorted(CASES))
async def test_each_exception_answers_its_status_with_fastapi_body(
    client: Any, status: int
) -> None:
    response = await client.get(f"/errors/{status}")
    assert response.status_code == status
    assert response.json() == {"detail": f"failed with {status}"}
    default = await client.get(f"/errors/default/{status}")
    assert default.json()["detail"]  # the status phrase
    assert issubclass(CASES[status], HttpException)


async def test_custom_status_detail_and_headers(client: Any) -> None:
    response = await client.get("/errors/custom")
    assert response.status_code == 418
    assert response.json() == {"detail": {"reason": "teapot"}}
    assert response.headers["x-why"] == "tea"


async def test_unhandled_exception_is_a_generic_500(client: Any) -> None:
    response = await client.get("/errors/unhandled")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error"}
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text


async def test_unknown_route_and_bad_input_are_json_4xx(client: Any) -> None:
    missing = await client.get("/nope")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not Found"}
    bad = await client.get("/errors/not-a-number")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["path", "status"]


def test_debug_true_logs_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="nest"):
        PyNestFactory.create(AppModule, debug=True)
    assert "debug=True" in caplog.text
