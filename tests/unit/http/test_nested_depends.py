"""``Depends(Provider)`` inside a user's dependency functions resolves from the container."""

from typing import Annotated, Any

from fastapi import Depends, Header

from nest.core import Controller, Get, Injectable, Module, PyNestFactory
from nest.di import Scope
from nest.testing import create_test_client

BUILT: list[str] = []


@Injectable
class Repository:
    """Needs another provider: FastAPI alone could not build it from a request."""

    def __init__(self, settings: "Settings") -> None:
        BUILT.append("Repository")
        self.settings = settings

    def user(self, token: str) -> dict[str, Any] | None:
        return {"name": "ada", "tenant": self.settings.tenant} if token == "t" else None


@Injectable
class Settings:
    tenant = "acme"


@Injectable(scope=Scope.REQUEST)
class RequestLog:
    def __init__(self) -> None:
        self.lines: list[str] = []


class Paging:
    """A plain FastAPI class dependency (not a provider): FastAPI builds it from the query."""

    def __init__(self, page: int = 1) -> None:
        self.page = page


def current_user(
    x_token: str = Header(...), repository: Repository = Depends(Repository)
) -> dict[str, Any] | None:
    return repository.user(x_token)


async def audited_user(
    user: Annotated[dict[str, Any] | None, Depends(current_user)],
    log: Annotated[RequestLog, Depends()],
    paging: Paging = Depends(Paging),
) -> dict[str, Any]:
    log.lines.append("audited")
    return {"user": user, "log": id(log), "page": paging.page}


@Controller("me")
class MeController:
    @Get("/")
    def me(self, user: dict[str, Any] | None = Depends(current_user)) -> Any:
        return user

    @Get("/audited")
    def audited(
        self,
        data: dict[str, Any] = Depends(audited_user),
        log: Annotated[RequestLog, Depends()] = None,  # type: ignore[assignment]
        repository: Repository = Depends(),
    ) -> Any:
        return {
            **data,
            "same_log": data["log"] == id(log),
            "repository_is_singleton": repository is REPOSITORIES[0],
        }


REPOSITORIES: list[Repository] = []


@Module(controllers=[MeController], providers=[Repository, Settings, RequestLog])
class MeModule:
    pass


async def test_providers_named_inside_dependency_functions_come_from_the_container() -> None:
    BUILT.clear()
    app = PyNestFactory.create(MeModule)
    REPOSITORIES[:] = [app.get(Repository)]
    async with create_test_client(app) as client:
        assert (await client.get("/me", headers={"x-token": "t"})).json() == {
            "name": "ada",
            "tenant": "acme",
        }
        assert (await client.get("/me", headers={"x-token": "no"})).json() is None
        assert (await client.get("/me")).status_code == 422  # the header is still FastAPI's
        audited = await client.get("/me/audited?page=3", headers={"x-token": "t"})
        body = audited.json()
        assert body["user"] == {"name": "ada", "tenant": "acme"}
        assert body["page"] == 3
        assert body["same_log"] is True  # one REQUEST instance per request, shared
        assert body["repository_is_singleton"] is True
    assert BUILT == ["Repository"]  # built once, by the container
    schema = app.get_server().openapi()
    names = {p["name"] for p in schema["paths"]["/me/audited"]["get"]["parameters"]}
    assert names == {"x-token", "page"}  # providers are not request parameters
