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
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = [
    "BadRequestException",
    "ConflictException",
    "ForbiddenException",
    "GoneException",
    "HttpException",
    "InternalServerErrorException",
    "MethodNotAllowedException",
    "NotAcceptableException",
    "NotFoundException",
    "PayloadTooLargeException",
    "RequestTimeoutException",
    "ServiceUnavailableException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnprocessableEntityException",
    "UnsupportedMediaTypeException",
    "as_http_exception",
    "install_exception_handlers",
]


class HttpException(HTTPException):
    """An error that answers its own status code with the body ``{"detail": detail}``.

    ``HttpException(404, "No such book")``; PyNest's order, ``HttpException("No such book", 404)``
    (or ``status=404``), works too.

    Args:
        status_code: The HTTP status.
        detail: Any JSON-serialisable value; defaults to the status phrase.
        headers: Extra response headers.
        options: PyNest's options (``{"cause": exc}``); ``cause`` becomes ``__cause__``.
    """

    def __init__(
        self,
        status_code: Any = None,
        detail: Any = None,
        headers: dict[str, str] | None = None,
        *,
        status: int | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(status_code, int):  # PyNest: (response, status)
            response = status_code
            if status is None and isinstance(detail, int):
                status, detail = detail, None
            status_code, detail = (status if status is not None else 500), response
        if detail is None:
            detail = http.HTTPStatus(status_code).phrase
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        if options and options.get("cause") is not None:
            self.__cause__ = options["cause"]

    @property
    def message(self) -> str:
        """The detail as text (PyNest's attribute): a string detail, or a dict's ``message``."""
        detail = self.detail
        if isinstance(detail, str):
            return detail
        if isinstance(detail, dict) and isinstance(detail.get("message"), str):
            return str(detail["message"])
        return http.HTTPStatus(self.status_code).phrase

    @property
    def response(self) -> Any:
        """The detail (PyNest's name)."""
        return self.detail

    @property
    def status(self) -> int:
        """The status code (PyNest's name)."""
        return self.status_code

    def get_status(self) -> int:
        return self.status_code

    def get_response(self) -> Any:
        return self.detail


class _StatusException(HttpException):
    code: int = 500

    def __init__(
        self,
        detail: Any = None,
        headers: dict[str, str] | None = None,
        *,
        options: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(self.code, detail, headers, options=options)


class BadRequestException(_StatusException):
    """400 Bad Request."""

    code = 400


class UnauthorizedException(_StatusException):
    """401 Unauthorized."""

    code = 401


class ForbiddenException(_StatusException):
    """403 Forbidden."""

    code = 403


class NotFoundException(_StatusException):
    """404 Not Found."""

    code = 404


class MethodNotAllowedException(_StatusException):
    """405 Method Not Allowed."""

    code = 405


class NotAcceptableException(_StatusException):
    """406 Not Acceptable."""

    code = 406


class RequestTimeoutException(_StatusException):
    """408 Request Timeout."""

    code = 408


class ConflictException(_StatusException):
    """409 Conflict."""

    code = 409


class GoneException(_StatusException):
    """410 Gone."""

    code = 410


class PayloadTooLargeException(_StatusException):
    """413 Content Too Large."""

    code = 413


class UnsupportedMediaTypeException(_StatusException):
    """415 Unsupported Media Type."""

    code = 415


class UnprocessableEntityException(_StatusException):
    """422 Unprocessable Content."""

    code = 422


class TooManyRequestsException(_StatusException):
    """429 Too Many Requests."""

    code = 429


class InternalServerErrorException(_StatusException):
    """500 Internal Server Error."""

    code = 500


class ServiceUnavailableException(_StatusException):
    """503 Service Unavailable."""

    code = 503


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises the exception after this response is sent, so the server logs it
    # (once, with its traceback); the client learns nothing about it.
    return JSONResponse({"detail": "Internal Server Error"}, status_code=500)


def install_exception_handlers(server: FastAPI) -> None:
    """Answer unhandled exceptions with a generic JSON 500 (unless the app set its own handler)."""
    if Exception not in server.exception_handlers and 500 not in server.exception_handlers:
        server.add_exception_handler(Exception, _internal_error)


def as_http_exception(exc: BaseException) -> BaseException:
    """A Starlette or FastAPI ``HTTPException`` as nest's class for its status
    (``NotFoundException`` for 404, ...), so that ``@Catch(NotFoundException)`` sees it; other
    exceptions unchanged."""
    if isinstance(exc, HttpException) or not isinstance(exc, StarletteHTTPException):
        return exc
    kind = _BY_STATUS.get(exc.status_code)
    headers = dict(exc.headers) if exc.headers is not None else None
    made = (
        kind(exc.detail, headers)
        if kind is not None
        else HttpException(exc.status_code, exc.detail, headers)
    )
    made.__cause__ = exc
    return made


_BY_STATUS: dict[int, type[_StatusException]] = {
    cls.code: cls for cls in _StatusException.__subclasses__()
}
