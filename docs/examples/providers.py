"""Custom providers: values, classes, factories, aliases; tokens; optional dependencies."""

from typing import Annotated

from nest.di import Inject, Injectable, InjectionToken, Module

API_URL = InjectionToken[str]("API_URL")


class Mailer:
    def send(self, to: str) -> str:
        return f"smtp -> {to}"


class ConsoleMailer(Mailer):
    def send(self, to: str) -> str:
        return f"console -> {to}"


class Metrics:
    pass


def make_timeout(url: str) -> float:
    return 2.5 if url.startswith("https") else 10.0


@Injectable
class Notifier:
    def __init__(
        self,
        mailer: Mailer,  # resolved by type: here, the ConsoleMailer below
        url: Annotated[str, Inject(API_URL)],  # a typed token
        timeout: Annotated[float, Inject("TIMEOUT")],  # a string token
        metrics: Metrics | None = None,  # optional: None when nothing provides it
    ) -> None:
        self.mailer = mailer
        self.url = url
        self.timeout = timeout
        self.metrics = metrics


@Module(
    providers=[
        Notifier,
        {"provide": Mailer, "use_class": ConsoleMailer},
        {"provide": API_URL, "use_value": "https://api.example"},
        {"provide": "TIMEOUT", "use_factory": make_timeout, "inject": [API_URL]},
        {"provide": "MAILER", "use_existing": Mailer},  # an alias: the same instance
    ]
)
class NotificationsModule:
    pass
