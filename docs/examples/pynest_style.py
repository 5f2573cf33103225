"""Code written for PyNest runs unchanged, including the older class-attribute style."""

from collections.abc import Iterator

from nest.core import Controller, Depends, Get, Injectable, Module, PyNestFactory


class Session:
    """Stands in for a database session from ``config.get_db``."""

    def __init__(self) -> None:
        self.open = True


def get_db() -> Iterator[Session]:
    session = Session()
    try:
        yield session
    finally:
        session.open = False


@Injectable
class BookService:
    def get_books(self, session: Session) -> list[str]:
        return ["The Alchemist"] if session.open else []


@Controller("book")
class BookController:
    # PyNest's older style: dependencies as class attributes, resolved per request.
    # Depends(BookService) gives the container's singleton, not a new instance.
    service: BookService = Depends(BookService)
    session: Session = Depends(get_db)

    @Get("/")
    def get_books(self) -> list[str]:
        return self.service.get_books(self.session)


@Module(controllers=[BookController], providers=[BookService])
class BookModule:
    pass


@Module(imports=[BookModule])
class AppModule:
    pass


app = PyNestFactory.create(AppModule, title="Book Store", description="PyNest service")
http_server = app.get_server()
