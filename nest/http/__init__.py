"""HTTP: controllers, routes, exceptions and the application factory (the only place importing FastAPI)."""

from nest.http.application import NestApplication
from nest.http.decorators import Controller, Delete, Get, Head, HttpCode, Options, Patch, Post, Put
from nest.http.exceptions import (
    BadRequestException,
    ConflictException,
    ForbiddenException,
    GoneException,
    HttpException,
    InternalServerErrorException,
    MethodNotAllowedException,
    NotFoundException,
    PayloadTooLargeException,
    ServiceUnavailableException,
    TooManyRequestsException,
    UnauthorizedException,
    UnprocessableEntityException,
)
from nest.http.factory import PyNestFactory
from nest.http.guards import BaseGuard, UseGuards

__all__ = [
    "BadRequestException",
    "BaseGuard",
    "ConflictException",
    "Controller",
    "Delete",
    "ForbiddenException",
    "Get",
    "GoneException",
    "Head",
    "HttpCode",
    "HttpException",
    "InternalServerErrorException",
    "MethodNotAllowedException",
    "NestApplication",
    "NotFoundException",
    "Options",
    "Patch",
    "PayloadTooLargeException",
    "Post",
    "Put",
    "PyNestFactory",
    "ServiceUnavailableException",
    "TooManyRequestsException",
    "UnauthorizedException",
    "UnprocessableEntityException",
    "UseGuards",
]
