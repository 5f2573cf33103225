"""PyNest compatibility layer: ``from nest.core.decorators import ...`` (re-exports only)."""

from nest.core.decorators.database import async_db_request_handler, db_request_handler
from nest.di import Injectable, Module
from nest.http import Controller, Delete, Get, Head, HttpCode, Options, Patch, Post, Put

__all__ = [
    "Controller",
    "Delete",
    "Get",
    "Head",
    "HttpCode",
    "Injectable",
    "Module",
    "Options",
    "Patch",
    "Post",
    "Put",
    "async_db_request_handler",
    "db_request_handler",
]
