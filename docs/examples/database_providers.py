"""Three ways to configure a connection (none of them connects until it is used)."""

from nest.orm import AsyncOrmProvider

by_parts = AsyncOrmProvider(
    db_type="postgresql",  # or "mysql" (also MariaDB), "sqlite"
    config_params=dict(
        host="127.0.0.1", db_name="shop", user="shop", password="p@ss:w/rd#1", port=5432
    ),
)
by_url = AsyncOrmProvider(url="postgresql+asyncpg://shop@127.0.0.1/shop")
from_environment = AsyncOrmProvider()  # reads DATABASE_URL
