"""HTTP exceptions, and the handlers that keep errors clear and free of internals.

Raise :class:`HttpException` or a subclass anywhere in a request; the client gets the status
and FastAPI's ``{"detail": ...}`` body. Any other exception answers 500 with a generic body:
no traceback and no exception text reach the client; the server logs it once.
"""

from __future__ import annotations

import http
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

__all__ = [
    "BadRequestException",
    "ConflictException",
    "ForbiddenException",
    "GoneException",
    "HttpException",
    "InternalServerErrorException",
    "MethodNotAllowedException",
    "NotFoundException",
    "PayloadTooLargeException",
    "ServiceUnavailableException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnprocessableEntityException",
    "install_exception_handlers",
]


class HttpException(HTTPException):
    """An error that answers its own status code with the body ``{"detail": detail}``.

    Args:
        status_code: The HTTP status.
        detail: Any JSON-serialisable value; defaults to the status phrase.
        headers: Extra response headers.
    """

    def __init__(
        self, status_code: int, detail: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        if detail is None:
            detail = http.HTTPStatus(status_code).phrase
        super().__init__(status_code=status_code, detail=detail, headers=headers)


class _StatusException(HttpException):
    status: int = 500

    def __init__(self, detail: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(self.status, detail, headers)


class BadRequestException(_StatusException):
    """400 Bad Request."""

    status = 400


class UnauthorizedException(_StatusException):
    """401 Unauthorized."""

    status = 401


class ForbiddenException(_StatusException):
    """403 Forbidden."""

    status = 403


class NotFoundException(_StatusException):
    """404 Not Found."""

    status = 404


class MethodNotAllowedException(_StatusException):
    """405 Method Not Allowed."""

    status = 405


class ConflictException(_StatusException):
    """409 Conflict."""

    status = 409


class GoneException(_StatusException):
    """410 Gone."""

    status = 410


class PayloadTooLargeException(_StatusException):
    """413 Content Too Large."""

    status = 413


class UnprocessableEntityException(_StatusException):
    """422 Unprocessable Content."""

    status = 422


class TooManyRequestsException(_StatusException):
    """429 Too Many Requests."""

    status = 429


class InternalServerErrorException(_StatusException):
    """500 Internal Server Error."""

    status = 500


class ServiceUnavailableException(_StatusException):
    """503 Service Unavailable."""

    status = 503


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises the exception after this response is sent, so the server logs it
    # (once, with its traceback); the client learns nothing about it.
    return JSONResponse({"detail": "Internal Server Error"}, status_code=500)


def install_exception_handlers(server: FastAPI) -> None:
    """Answer unhandled exceptions with a generic JSON 500 (unless the app set its own handler)."""
    if Exception not in server.exception_handlers and 500 not in server.exception_handlers:
        server.add_exception_handler(Exception, _internal_error)
