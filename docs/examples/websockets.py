"""A chat gateway: rooms, broadcasts, acknowledgements, a connection guard and lifecycle hooks."""

import logging
from typing import Any

from pydantic import BaseModel, Field

from nest.di import Injectable, Module
from nest.http import PyNestFactory
from nest.pipeline import CanActivate, ExecutionContext, UseGuards
from nest.websockets import (
    ConnectedSocket,
    MessageBody,
    SubscribeMessage,
    WebSocketGateway,
    WebSocketServer,
    WsClient,
)


@Injectable
class Users:
    TOKENS = {"t-ada": "ada", "t-bob": "bob"}

    def by_token(self, token: str | None) -> str | None:
        return self.TOKENS.get(token or "")


class TokenGuard(CanActivate):
    """Runs when a client connects (a refusal closes the socket with 1008) and before each message."""

    def __init__(self, users: Users) -> None:  # built once by the container
        self.users = users

    def can_activate(self, context: ExecutionContext) -> bool:
        client: WsClient = context.switch_to_ws().get_client()
        if "user" not in client.data:  # first time: at connection
            user = self.users.by_token(client.websocket.query_params.get("token"))
            if user is None:
                return False
            client.data["user"] = user
        return True


class Say(BaseModel):
    room: str
    text: str = Field(min_length=1, max_length=500)


@WebSocketGateway(namespace="/chat")
@UseGuards(TokenGuard)
class ChatGateway:
    server = WebSocketServer()  # the live handle is set when the application starts

    def after_init(self, server: WebSocketServer) -> None:
        logging.getLogger("chat").info("chat gateway ready on %s", server.path)

    async def on_connection(self, client: WsClient) -> None:
        await client.emit("welcome", {"user": client.data["user"]})

    async def on_disconnect(self, client: WsClient) -> None:
        for room in client.rooms:  # still in its rooms here; they are left afterwards
            await client.to(room).emit("left", client.data["user"])

    @SubscribeMessage("join")
    async def join(self, room: str = MessageBody(), client: WsClient = ConnectedSocket()) -> Any:
        client.join(room)
        await client.to(room).emit("joined", client.data["user"])
        return {"room": room, "members": len(self.server.to(room).clients)}  # the ack

    @SubscribeMessage("say")
    async def say(self, message: Say = MessageBody(), client: WsClient = ConnectedSocket()) -> Any:
        sent = {"from": client.data["user"], "text": message.text}
        return {"delivered": await self.server.to(message.room).emit("message", sent)}


@Module(providers=[ChatGateway, Users])
class ChatModule:
    pass


app = PyNestFactory.create(ChatModule)
