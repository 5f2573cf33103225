"""The database URL from the configuration: OrmModule.for_root_async(inject=[ConfigService])."""

from typing import Any

from pydantic_settings import BaseSettings

from nest.config import ConfigModule, ConfigService
from nest.di import Module
from nest.orm import OrmModule


class DatabaseSettings(BaseSettings):
    database_url: str
    db_pool_size: int = 5


def orm_options(config: ConfigService[DatabaseSettings]) -> dict[str, Any]:
    settings = config.settings  # typed: DatabaseSettings
    return {"url": settings.database_url, "pool_size": settings.db_pool_size}


@Module(
    imports=[
        ConfigModule.for_root(schema=DatabaseSettings),
        # Runs in the server's lifespan; ConfigModule is global, so ConfigService is visible.
        OrmModule.for_root_async(
            use_factory=orm_options,
            inject=[ConfigService[DatabaseSettings]],
            commit_mode="autocommit",
        ),
    ],
)
class AppModule:
    pass
