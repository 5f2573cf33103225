"""One module, two entry points: a web API and management commands on the same providers."""

import click

from nest.commands import CliCommand, CliController, CommandFactory
from nest.di import Injectable, Module
from nest.http import Controller, Get, PyNestFactory


@Injectable
class CatalogService:
    def __init__(self) -> None:
        self.books = {"dune": 12, "emma": 0}

    def in_stock(self) -> list[str]:
        return sorted(title for title, count in self.books.items() if count > 0)


@Controller("books")
class BooksController:
    def __init__(self, catalog: CatalogService) -> None:
        self.catalog = catalog

    @Get("/in-stock")
    def in_stock(self) -> list[str]:
        return self.catalog.in_stock()


@CliController("catalog")
class CatalogCommands:
    """Catalog maintenance."""

    def __init__(self, catalog: CatalogService) -> None:
        self.catalog = catalog

    @CliCommand("report")
    def report(self, out_of_stock: bool = False) -> None:
        """Print the titles in stock (or out of stock)."""
        titles = self.catalog.in_stock()
        if out_of_stock:
            titles = sorted(set(self.catalog.books) - set(titles))
        click.echo("\n".join(titles))


@Module(controllers=[BooksController, CatalogCommands], providers=[CatalogService])
class BookstoreModule:
    pass


# Served by uvicorn: the HTTP factory mounts BooksController and leaves CatalogCommands out.
app = PyNestFactory.create(BookstoreModule)


def cli() -> None:
    """``python -m docs.examples.cli_app_web catalog report``: the CLI factory leaves BooksController out."""
    CommandFactory.run(BookstoreModule)


if __name__ == "__main__":
    cli()
