"""Settings from the environment and a .env file, validated when the application is created."""

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from nest.config import ConfigModule, ConfigService
from nest.di import Injectable, Module
from nest.http import Controller, Get, NestApplication, PyNestFactory


class AppSettings(BaseSettings):
    """Each field is read from the variable of the same name, in any case: PORT -> port."""

    database_url: str
    secret_key: SecretStr  # shown as '**********' if printed
    port: int = 8000
    debug: bool = False


@Injectable
class StatusService:
    def __init__(self, settings: AppSettings, config: ConfigService[AppSettings]) -> None:
        self.settings = settings  # the validated schema, typed
        self.config = config

    def status(self) -> dict[str, object]:
        return {
            "port": self.settings.port,  # int
            "debug": self.config.settings.debug,  # the same instance, through the service
            "greeting": self.config.get("GREETING", "hello"),  # any variable, as text
        }


@Controller("status")
class StatusController:
    def __init__(self, service: StatusService) -> None:
        self.service = service

    @Get("/")
    def status(self) -> dict[str, object]:
        return self.service.status()


@Module(
    imports=[ConfigModule.for_root(schema=AppSettings)],  # reads ./.env; global by default
    controllers=[StatusController],
    providers=[StatusService],
)
class AppModule:
    pass


def create_app() -> NestApplication:
    # Raises ConfigValidationError, listing every missing or invalid variable, when the
    # environment and .env do not satisfy AppSettings.
    return PyNestFactory.create(AppModule)
