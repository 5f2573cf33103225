"""Namespaces: settings grouped by name, loaded by the root module or by a feature module."""

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from nest.config import ConfigModule, ConfigService, register_as
from nest.di import Injectable, Module


def database_options(env: Mapping[str, str]) -> dict[str, Any]:
    # env: the process environment over the .env files. env["NAME"] of an unset variable is
    # reported at start-up, with every other problem.
    return {"url": env["DATABASE_URL"], "pool_size": int(env.get("DB_POOL_SIZE", "5"))}


database_config = register_as("database", database_options)


class MailSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAIL_")

    host: str  # MAIL_HOST
    sender: str = "noreply@example.org"  # MAIL_SENDER


mail_config = register_as("mail", MailSettings)


@Injectable
class Mailer:
    def __init__(self, settings: MailSettings, config: ConfigService) -> None:
        self.host = settings.host
        self.sender = config.get("mail.sender")  # the feature's ConfigService sees "mail"


@Module(imports=[ConfigModule.for_feature(mail_config)], providers=[Mailer], exports=[Mailer])
class MailModule:
    pass


@Injectable
class Reports:
    def __init__(
        self,
        database: Annotated[dict[str, Any], database_config.inject()],  # by the namespace's token
        config: ConfigService,
    ) -> None:
        self.url = database["url"]
        self.pool_size = config.get("database.pool_size")  # a dotted key
        self.same = config.namespace(database_config) is database  # typed access


@Module(
    imports=[ConfigModule.for_root(load=[database_config]), MailModule],
    providers=[Reports],
)
class AppModule:
    pass
