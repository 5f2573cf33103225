"""A CLI application in PyNest's spelling: it runs unchanged on nest."""

import click

from nest.cli import CliCommand, CliController
from nest.core import Injectable, Module
from nest.core.cli_factory import CLIAppFactory


class Options:
    # PyNest declares options as click.Option objects and puts them in parameter annotations.
    NAME = click.Option(["-n", "--name"], help="Who to greet", required=True, type=str)


@Injectable
class GreetingService:
    def greeting(self, name: str) -> str:
        return f"Hello, {name}!"


@CliController("greet")
class GreetController:
    def __init__(self, greeting_service: GreetingService):
        self.greeting_service = greeting_service

    @CliCommand("hello", help="Greet someone")
    def hello(self, name: Options.NAME):  # type: ignore[valid-type]
        click.echo(self.greeting_service.greeting(name))


@Module(controllers=[GreetController], providers=[GreetingService])
class AppModule:
    pass


app = CLIAppFactory().create(AppModule)

if __name__ == "__main__":
    app()
