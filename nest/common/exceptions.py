"""PyNest compatibility: ``from nest.common.exceptions import HttpException, ExceptionFilter, ...``."""

from nest.http.exceptions import (
    BadRequestException,
    ConflictException,
    ForbiddenException,
    GoneException,
    HttpException,
    InternalServerErrorException,
    MethodNotAllowedException,
    NotAcceptableException,
    NotFoundException,
    PayloadTooLargeException,
    RequestTimeoutException,
    ServiceUnavailableException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
    UnsupportedMediaTypeException,
)
from nest.pipeline import ArgumentsHost, ExceptionFilter

__all__ = [
    "ArgumentsHost",
    "BadRequestException",
    "ConflictException",
    "ExceptionFilter",
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
]
