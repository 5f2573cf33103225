from nest.testing import create_test_client


async def test_hello_example_serves_its_routes() -> None:
    from examples.hello.app import app

    async with create_test_client(app) as client:
        created = await client.post("/greetings", json={"name": "Ada"})
        assert created.status_code == 201
        assert created.json() == {"message": "Hello, Ada!"}
        assert (await client.get("/greetings")).json() == ["Ada"]
        assert (await client.get("/greetings/0")).json() == {"message": "Hello, Ada!"}
        missing = await client.get("/greetings/9")
        assert missing.status_code == 404
        assert missing.json() == {"detail": "No greeting number 9"}
        assert (await client.post("/greetings", json={})).status_code == 422
