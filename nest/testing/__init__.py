"""Testing kit: testing modules with overridden providers, and an HTTP client that runs the lifespan."""

from nest.testing.client import create_test_client
from nest.testing.lifespan import LifespanError, LifespanManager
from nest.testing.testing_module import OverrideBy, Test, TestingModule, TestingModuleBuilder

__all__ = [
    "LifespanError",
    "LifespanManager",
    "OverrideBy",
    "Test",
    "TestingModule",
    "TestingModuleBuilder",
    "create_test_client",
]
