"""WebSocket gateways: ``@WebSocketGateway`` providers whose ``@SubscribeMessage`` methods
answer JSON frames ``{"event": ..., "data": ...}``.

Importing this package is what turns gateways on: the application factory mounts gateways only
when ``nest.websockets`` has been imported, so applications without them pay nothing.
Guards, interceptors, pipes and exception filters apply to gateways as to controllers.
"""

from nest.websockets.decorators import GatewayMetadata, SubscribeMessage, WebSocketGateway
from nest.websockets.errors import GatewayDefinitionError, GatewayNotMountedError
from nest.websockets.gateway import POLICY_VIOLATION
from nest.websockets.params import ConnectedSocket, MessageBody
from nest.websockets.protocol import ERROR_EVENT, WsResponse
from nest.websockets.server import BroadcastOperator, WebSocketServer, WsClient

__all__ = [
    "ERROR_EVENT",
    "POLICY_VIOLATION",
    "BroadcastOperator",
    "ConnectedSocket",
    "GatewayDefinitionError",
    "GatewayMetadata",
    "GatewayNotMountedError",
    "MessageBody",
    "SubscribeMessage",
    "WebSocketGateway",
    "WebSocketServer",
    "WsClient",
    "WsResponse",
]
