"""PyNest compatibility layer: ``from nest.core import Module, Controller, Get, ...``.

Thin re-exports only; the implementations live in :mod:`nest.di` and :mod:`nest.http`.
"""

from fastapi import Depends

from nest.di import (
    Container,
    DynamicModule,
    Inject,
    Injectable,
    InjectionToken,
    Lazy,
    Module,
    Scope,
    forward_ref,
)
from nest.http import (
    BaseGuard,
    Controller,
    Delete,
    Get,
    Head,
    HttpCode,
    HttpException,
    NestApplication,
    Options,
    Patch,
    Post,
    Put,
    PyNestFactory,
    UseGuards,
)

#: PyNest's names for the application and the container.
PyNestApp = NestApplication
PyNestContainer = Container

__all__ = [
    "BaseGuard",
    "Container",
    "Controller",
    "Delete",
    "Depends",
    "DynamicModule",
    "Get",
    "Head",
    "HttpCode",
    "HttpException",
    "Inject",
    "Injectable",
    "InjectionToken",
    "Lazy",
    "Module",
    "NestApplication",
    "Options",
    "Patch",
    "Post",
    "Put",
    "PyNestApp",
    "PyNestContainer",
    "PyNestFactory",
    "Scope",
    "UseGuards",
    "forward_ref",
]
