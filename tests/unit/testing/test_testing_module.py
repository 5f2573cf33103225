from typing import Annotated, Any

import pytest

from nest.di import Inject, Injectable, Module, StartupValidationError
from nest.http import Controller, Get
from nest.testing import Test, create_test_client


@Injectable
class Mailer:
    def send(self) -> str:
        return "smtp"


@Injectable
class Signup:
    def __init__(self, mailer: Mailer, sender: Annotated[str, Inject("SENDER")]) -> None:
        self.mailer = mailer
        self.sender = sender

    def run(self) -> str:
        return f"{self.sender} via {self.mailer.send()}"


@Controller("signup")
class SignupController:
    def __init__(self, signup: Signup) -> None:
        self.signup = signup

    @Get("/")
    def get(self) -> str:
        return self.signup.run()


@Module(
    controllers=[SignupController],
    providers=[Mailer, Signup, {"provide": "SENDER", "use_value": "shop"}],
)
class SignupModule:
    pass


class FakeMailer:
    def send(self) -> str:
        return "fake"


def test_compile_and_get() -> None:
    module = Test.create_testing_module(imports=[SignupModule]).compile()
    assert module.get(Signup).run() == "shop via smtp"


@pytest.mark.parametrize(
    "override",
    [
        lambda b: b.override_provider(Mailer).use_value(FakeMailer()),
        lambda b: b.override_provider(Mailer).use_class(FakeMailer),
        lambda b: b.override_provider(Mailer).use_factory(FakeMailer),
    ],
)
def test_override_provider(override: Any) -> None:
    builder = Test.create_testing_module(imports=[SignupModule])
    module = override(builder).compile()
    assert module.get(Signup).run() == "shop via fake"


def test_override_with_a_factory_that_injects() -> None:
    module = (
        Test.create_testing_module(imports=[SignupModule])
        .override_provider("SENDER")
        .use_factory(lambda mailer: f"test-{mailer.send()}", inject=[Mailer])
        .compile()
    )
    assert module.get(Signup).run() == "test-smtp via smtp"


async def test_create_nest_application_and_client() -> None:
    module = (
        Test.create_testing_module(imports=[SignupModule])
        .override_provider(Mailer)
        .use_class(FakeMailer)
        .compile()
    )
    app = module.create_nest_application()
    async with create_test_client(app) as client:
        assert (await client.get("/signup")).json() == "shop via fake"


def test_providers_and_controllers_directly_and_validation() -> None:
    module = Test.create_testing_module(
        providers=[Mailer, Signup, {"provide": "SENDER", "use_value": "x"}]
    ).compile()
    assert module.get(Signup).run() == "x via smtp"
    with pytest.raises(StartupValidationError):
        Test.create_testing_module(providers=[Signup]).compile()
