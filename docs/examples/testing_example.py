"""The testing kit: override a provider, then test the service or the HTTP app."""

from docs.examples.first_module import AppModule, Cat, CatsService
from nest.testing import Test, create_test_client


class FakeCatsService(CatsService):
    def __init__(self) -> None:
        super().__init__()
        self.cats = [Cat(name="Tom", age=3)]


async def test_cats_with_a_fake_service() -> None:
    module = (
        Test.create_testing_module(imports=[AppModule])
        .override_provider(CatsService)
        .use_class(FakeCatsService)
        .compile()
    )
    assert module.get(CatsService).cats[0].name == "Tom"

    app = module.create_nest_application()
    async with create_test_client(app) as client:
        response = await client.get("/cats/0")
        assert response.json() == {"name": "Tom", "age": 3}
        assert (await client.get("/cats/9")).status_code == 404
