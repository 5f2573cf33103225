"""ConfigModule.for_root / for_feature in whole module graphs, built by the testing kit."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from nest.config import (
    ConfigModule,
    ConfigService,
    ConfigValidationError,
    register_as,
)
from nest.di import Inject, Injectable, Module, UnknownDependencyError
from nest.http import PyNestFactory
from nest.testing import Test, TestingModule

from .conftest import WriteEnv


class AppSettings(BaseSettings):
    database_url: str
    secret_key: str
    port: int = 8000
    app_name: str = "nest-app"


class MailSettings(BaseSettings):
    mail_host: str
    mail_from: str = "noreply@example.org"


database_config = register_as(
    "database", lambda env: {"url": env["DB_URL"], "pool": int(env.get("DB_PORT", "5"))}
)
mail_config = register_as("mail", MailSettings)


def compile_with(*imports: Any, providers: tuple[Any, ...] = ()) -> TestingModule:
    return Test.create_testing_module(imports=list(imports), providers=list(providers)).compile()


def test_the_environment_wins_over_the_env_file(
    write_env: WriteEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env("DATABASE_URL=sqlite:///file.db\nSECRET_KEY=k\nPORT=1000\n")
    monkeypatch.setenv("PORT", "2000")
    module = compile_with(ConfigModule.for_root(schema=AppSettings))
    settings = module.get(AppSettings)
    assert (settings.port, settings.database_url) == (2000, "sqlite:///file.db")
    config = module.get(ConfigService)
    assert config.get("PORT") == 2000  # a schema field, by its variable name: typed
    assert config.get("port") == 2000  # ... or by its field name
    assert config.env["PORT"] == "2000"  # the raw text
    assert config.get("DATABASE_URL") == "sqlite:///file.db"


def test_defaults_and_plain_variables(write_env: WriteEnv) -> None:
    write_env("DATABASE_URL=sqlite://\nSECRET_KEY=k\nGREETING=hi there\n")
    config = compile_with(ConfigModule.for_root(schema=AppSettings)).get(ConfigService)
    assert config.settings.port == 8000  # the schema's default
    assert config.get("app_name") == "nest-app"
    assert config.get("GREETING") == "hi there"  # not in the schema: read from the .env file
    assert config.get("SHOP_CURRENCY") is None
    assert config.get("SHOP_CURRENCY", "EUR") == "EUR"


def test_variables_the_schema_does_not_declare_may_share_its_env_file(
    write_env: WriteEnv,
) -> None:
    # pydantic-settings alone refuses them (extra='forbid'); the file is shared here.
    write_env("DATABASE_URL=sqlite://\nSECRET_KEY=k\nDB_URL=for-a-namespace\n")
    settings = compile_with(ConfigModule.for_root(schema=AppSettings)).get(AppSettings)
    assert type(settings) is AppSettings
    assert settings == AppSettings(database_url="sqlite://", secret_key="k")
    assert not hasattr(settings, "db_url")


def test_the_schema_is_injected_typed(write_env: WriteEnv) -> None:
    write_env("DATABASE_URL=sqlite://\nSECRET_KEY=k\n")

    @Injectable
    class Users:
        def __init__(
            self,
            settings: AppSettings,
            typed: ConfigService[AppSettings],
            config: ConfigService,
        ) -> None:
            self.settings, self.typed, self.config = settings, typed, config

    users = compile_with(ConfigModule.for_root(schema=AppSettings), providers=(Users,)).get(Users)
    assert users.typed is users.config  # one service, two ways to name it
    assert users.typed.settings is users.settings
    assert users.settings.database_url == "sqlite://"


def test_two_missing_variables_fail_at_start_up_in_one_message(
    monkeypatch: pytest.MonkeyPatch, write_env: WriteEnv
) -> None:
    class ShopSettings(BaseSettings):
        database_url: str
        secret_key: str
        mail_host: str

    monkeypatch.setenv("SECRET_KEY", "s3cr3t-v4lue")
    write_env("PORT=1\n")
    config_module = ConfigModule.for_root(schema=ShopSettings)  # reads nothing yet

    with pytest.raises(ConfigValidationError) as caught:
        compile_with(config_module)
    error = caught.value
    message = str(error)
    assert [p.variable for p in error.problems] == ["DATABASE_URL", "MAIL_HOST"]
    assert all(p.missing for p in error.problems)
    assert message.splitlines()[0] == (
        "Invalid configuration of ShopSettings: 2 problems found at start-up."
    )
    assert "  - DATABASE_URL: not set (ShopSettings.database_url)" in message
    assert "  - MAIL_HOST: not set (ShopSettings.mail_host)" in message
    assert "set DATABASE_URL, MAIL_HOST in the environment or in .env" in message
    assert "s3cr3t" not in message
    assert "SECRET_KEY" not in message

    @Module(imports=[config_module])
    class AppModule:
        pass

    with pytest.raises(ConfigValidationError, match="DATABASE_URL, MAIL_HOST"):
        PyNestFactory.create(AppModule)  # raised when the application is created


def test_an_invalid_value_is_named_with_where_it_was_set_but_not_shown(
    write_env: WriteEnv,
) -> None:
    write_env("DATABASE_URL=postgresql://user:pa55word@db/app\nSECRET_KEY=k\nPORT=eighty\n")
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(schema=AppSettings))
    message = str(caught.value)
    assert (
        "  - PORT: Input should be a valid integer, unable to parse string as an integer "
        "(AppSettings.port; value from .env)"
    ) in message
    assert "correct the invalid values where they are set" in message
    assert "eighty" not in message
    assert "pa55word" not in message
    assert [p.missing for p in caught.value.problems] == [False]


def test_a_feature_module_sees_a_global_config_without_importing_it(
    write_env: WriteEnv,
) -> None:
    write_env("APP_NAME=shop\n")

    @Injectable
    class Greeter:
        def __init__(self, config: ConfigService) -> None:
            self.name = config.get("APP_NAME")

    @Module(providers=[Greeter], exports=[Greeter])
    class FeatureModule:
        pass

    module = compile_with(ConfigModule.for_root(), FeatureModule)  # global by default
    assert module.get(Greeter).name == "shop"

    with pytest.raises(UnknownDependencyError) as caught:
        compile_with(ConfigModule.for_root(is_global=False), FeatureModule)
    assert "Greeter (in module FeatureModule) needs ConfigService" in str(caught.value)

    local = ConfigModule.for_root(is_global=False)

    @Module(imports=[local], providers=[Greeter], exports=[Greeter])
    class ImportingModule:
        pass

    assert compile_with(local, ImportingModule).get(Greeter).name == "shop"


def test_namespaces_loaded_by_for_root(write_env: WriteEnv) -> None:
    write_env("DATABASE_URL=sqlite://\nSECRET_KEY=k\nDB_URL=sqlite:///ns.db\nMAIL_HOST=smtp\n")

    @Injectable
    class Repo:
        def __init__(
            self,
            database: Annotated[dict[str, Any], Inject(database_config.token)],
            mail: MailSettings,
            mail_again: Annotated[MailSettings, mail_config.inject()],
        ) -> None:
            self.database, self.mail, self.mail_again = database, mail, mail_again

    module = compile_with(
        ConfigModule.for_root(schema=AppSettings, load=[database_config, mail_config]),
        providers=(Repo,),
    )
    repo = module.get(Repo)
    assert repo.database == {"url": "sqlite:///ns.db", "pool": 5}
    assert repo.mail.mail_host == "smtp" and repo.mail is repo.mail_again
    config = module.get(ConfigService)
    assert config.get("database.url") == "sqlite:///ns.db"
    assert config.get("database") is repo.database
    assert config.get("mail.mail_from") == "noreply@example.org"
    assert config.get("database.nope", "d") == "d"
    assert config.namespace(mail_config) is repo.mail
    assert module.get(database_config.token) is repo.database


def test_schema_and_namespace_problems_come_in_one_error(write_env: WriteEnv) -> None:
    write_env("SECRET_KEY=k\nDB_PORT=not-a-number\n")
    failing = register_as("broken", lambda env: {"port": int(env["DB_PORT"])})
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(
            ConfigModule.for_root(schema=AppSettings, load=[database_config, mail_config, failing])
        )
    message = str(caught.value)
    assert message.startswith(
        "Invalid configuration of AppSettings, namespace 'database', namespace 'mail', "
        "namespace 'broken': 4 problems"
    )
    assert "  - DATABASE_URL: not set (AppSettings.database_url)" in message
    assert "  - DB_URL: not set (namespace 'database' (<lambda>))" in message
    assert "  - MAIL_HOST: not set (namespace 'mail': MailSettings.mail_host)" in message
    assert (
        "  - namespace 'broken' (<lambda>): the factory raised ValueError "
        "(its message is not shown: it may contain a secret value)"
    ) in message
    assert "not-a-number" not in message


def test_for_feature_namespaces_use_the_root_env_files(write_env: WriteEnv) -> None:
    write_env("MAIL_HOST=smtp.example\nAPP_NAME=shop\n", name="settings.env")

    @Injectable
    class Mailer:
        def __init__(self, settings: MailSettings, config: ConfigService) -> None:
            self.settings, self.config = settings, config

    @Module(imports=[ConfigModule.for_feature(mail_config)], providers=[Mailer])
    class MailModule:
        pass

    module = compile_with(ConfigModule.for_root(env_file="settings.env"), MailModule)
    mailer = module.get(Mailer)
    assert mailer.settings.mail_host == "smtp.example"
    assert mailer.config.get("mail.mail_host") == "smtp.example"  # the feature's own service
    assert mailer.config.get("APP_NAME") == "shop"  # ... also sees the root's files
    assert module.get(ConfigService).get("mail") is None  # the root's service does not


def test_for_feature_without_for_root_reads_the_process_environment(
    monkeypatch: pytest.MonkeyPatch, write_env: WriteEnv
) -> None:
    write_env("MAIL_HOST=from-file\n")  # no ConfigModule.for_root: no file is read
    monkeypatch.setenv("MAIL_HOST", "from-env")

    feature = ConfigModule.for_feature(mail_config, database_config)

    @Module(imports=[feature], exports=[feature])
    class Feature:
        pass

    with pytest.raises(ConfigValidationError) as caught:
        compile_with(Feature)
    assert str(caught.value).startswith(
        "Invalid configuration of namespace 'mail', namespace 'database': 1 problem"
    )
    monkeypatch.setenv("DB_URL", "sqlite://")
    module = compile_with(Feature)
    assert module.get(MailSettings).mail_host == "from-env"
    assert module.get(ConfigService).get("database.url") == "sqlite://"


def test_env_files_later_wins_and_ignore_env_file(write_env: WriteEnv) -> None:
    write_env("DATABASE_URL=sqlite:///base.db\nSECRET_KEY=k\nPORT=1\n", name=".env")
    write_env("PORT=2\n", name=".env.local")
    module = compile_with(
        ConfigModule.for_root(schema=AppSettings, env_file=[".env", ".env.local", ".env.absent"])
    )
    assert module.get(AppSettings).port == 2
    assert module.get(ConfigService).get("DATABASE_URL") == "sqlite:///base.db"

    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(schema=AppSettings, ignore_env_file=True))
    assert (
        "set DATABASE_URL, SECRET_KEY in the environment (env files are not read: "
        "ignore_env_file=True)"
    ) in str(caught.value)


def test_missing_env_files_are_mentioned_in_the_error() -> None:
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(schema=AppSettings, env_file="config/.env"))
    message = str(caught.value)
    assert "in the environment or in config/.env" in message
    assert "note: these env files do not exist: config/.env" in message


def test_update_environ_exports_the_file(write_env: WriteEnv) -> None:
    import os

    write_env("GREETING=exported\n")
    reads_os_environ = register_as("greeting", lambda: {"text": os.environ["GREETING"]})
    try:
        module = compile_with(ConfigModule.for_root(load=[reads_os_environ], update_environ=True))
        assert module.get(ConfigService).get("greeting.text") == "exported"
    finally:
        os.environ.pop("GREETING", None)
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(load=[reads_os_environ]))  # os.environ left alone
    assert "the factory raised KeyError('GREETING'); if GREETING is an environment variable" in (
        str(caught.value)
    )
    assert "GREETING" not in os.environ


def test_a_plain_model_schema_uses_variable_names_as_field_names(write_env: WriteEnv) -> None:
    class Plain(BaseModel):
        DATABASE_URL: str
        PORT: int = 80
        secret: str = Field(alias="SECRET_KEY")

    write_env("DATABASE_URL=sqlite://\nPORT=81\nSECRET_KEY=k\n")
    module = compile_with(ConfigModule.for_root(schema=Plain))
    assert module.get(Plain).PORT == 81
    assert module.get(ConfigService).get("SECRET_KEY") == "k"
    assert module.get(ConfigService).get("secret") == "k"

    write_env("PORT=x\n")
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(schema=Plain))
    assert [p.variable for p in caught.value.problems] == ["DATABASE_URL", "PORT", "SECRET_KEY"]


def test_prefixes_aliases_nested_and_json_fields_are_named_by_their_variables(
    write_env: WriteEnv,
) -> None:
    class Pool(BaseModel):
        size: int

    class Prefixed(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="SHOP_", env_nested_delimiter="__")
        currency: str
        token: str = Field(validation_alias="SHOP_API_TOKEN")
        pool: Pool
        hosts: list[str] = []

    write_env("SHOP_POOL__SIZE=big\nSHOP_API_TOKEN=t\n")
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(schema=Prefixed))
    assert [(p.variable, p.location) for p in caught.value.problems] == [
        ("SHOP_CURRENCY", "Prefixed.currency"),
        ("SHOP_POOL__SIZE", "Prefixed.pool.size"),
    ]

    write_env("SHOP_CURRENCY=EUR\nSHOP_POOL__SIZE=3\nSHOP_API_TOKEN=t\nSHOP_HOSTS=not json\n")
    with pytest.raises(ConfigValidationError) as caught:
        compile_with(ConfigModule.for_root(schema=Prefixed))
    assert "  - SHOP_HOSTS: is not valid JSON" in str(caught.value)

    write_env('SHOP_CURRENCY=EUR\nSHOP_POOL__SIZE=3\nSHOP_API_TOKEN=t\nSHOP_HOSTS=["a"]\n')
    config = compile_with(ConfigModule.for_root(schema=Prefixed)).get(ConfigService)
    assert config.get("SHOP_CURRENCY") == "EUR"
    assert config.get("shop_currency") == "EUR"  # the schema is case-insensitive
    assert config.get("pool.size") == 3
    assert config.get("SHOP_API_TOKEN") == "t"
    assert config.get("hosts") == ["a"]


def test_each_application_reads_the_environment_again(
    write_env: WriteEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_env("DATABASE_URL=sqlite://\nSECRET_KEY=k\n")
    config_module = ConfigModule.for_root(schema=AppSettings)
    assert compile_with(config_module).get(AppSettings).port == 8000
    monkeypatch.setenv("PORT", "9000")
    assert compile_with(config_module).get(AppSettings).port == 9000


def test_wrong_arguments_are_refused_when_the_module_is_declared() -> None:
    def configuration() -> dict[str, Any]:
        return {"database": {"url": "sqlite://"}}

    with pytest.raises(TypeError, match=r"is not a namespace\. Make one with register_as"):
        ConfigModule.for_root(load=[configuration])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="is not a namespace"):
        ConfigModule.for_feature(configuration)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs at least one namespace"):
        ConfigModule.for_feature()
    with pytest.raises(TypeError, match="the schema must be a pydantic-settings BaseSettings"):
        ConfigModule.for_root(schema=AppSettings(database_url="x", secret_key="k"))  # type: ignore[arg-type]


def test_overriding_the_schema_in_a_test_does_not_skip_the_check(write_env: WriteEnv) -> None:
    builder = Test.create_testing_module(imports=[ConfigModule.for_root(schema=AppSettings)])
    fake = AppSettings(database_url="sqlite://", secret_key="k")
    with pytest.raises(ConfigValidationError, match="DATABASE_URL, SECRET_KEY"):
        builder.override_provider(AppSettings).use_value(fake).compile()
    write_env("DATABASE_URL=sqlite:///real.db\nSECRET_KEY=real\n")
    module = builder.override_provider(AppSettings).use_value(fake).compile()
    assert module.get(AppSettings) is fake  # the override is what gets injected
