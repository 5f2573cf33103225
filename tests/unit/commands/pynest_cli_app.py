"""A CLI application written for PyNest, kept exactly as its users write it (tested unchanged)."""

# ruff: noqa: F811, I001 - both import paths on purpose, in the order PyNest users write them

import click
from nest.core import Module, Injectable
from nest.core.decorators.cli.cli_decorators import CliCommand, CliController  # older path
from nest.cli import CliCommand, CliController  # newer path
from nest.core.cli_factory import CLIAppFactory


class Options:  # PyNest passes click options as parameter *annotations*
    NAME = click.Option(["-n", "--name"], help="Name", required=True, type=str)


@Injectable
class AppService:
    def get_app_info(self):
        return {"app_name": "x", "app_version": "1.0"}


@CliController("app")
class AppController:
    def __init__(self, app_service: AppService):
        self.app_service = app_service

    @CliCommand("info")
    def get_app_info(self):
        click.echo(self.app_service.get_app_info())

    @CliCommand("version", help="Get the version of the app")
    def version(self, name: Options.NAME):
        click.echo(name)


@Module(controllers=[AppController], providers=[AppService])
class AppModule: ...


app = CLIAppFactory().create(AppModule)  # a click.Group
if __name__ == "__main__":
    app()
