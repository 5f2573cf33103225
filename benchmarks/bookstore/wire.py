"""A minimal HTTP/1.1 keep-alive connection on asyncio streams: the load client's transport.

The load client drives hundreds of simulated users from one process, so each
request must cost it little CPU. A general client (httpx) spends most of a request
in its own machinery; this one writes the request line and headers, reads the
status line and headers up to the blank line, then exactly ``Content-Length``
bytes (or the chunks of a chunked body), and keeps the connection open for the
next request. It speaks only what the book store answers: no TLS, no redirects, no
compression, no pipelining.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any

__all__ = ["Connection", "ProtocolError", "Response", "install_fast_loop"]

_HEADER_END = b"\r\n\r\n"
_MAX_HEAD = 64 * 1024


class ProtocolError(Exception):
    """The server's answer is not HTTP/1.1 this client understands."""


@dataclass(frozen=True, slots=True)
class Response:
    """One answer: its status code and body bytes."""

    status: int
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


def install_fast_loop() -> str:
    """Use uvloop's event loop for ``asyncio.run`` when uvloop is installed; its name."""
    try:
        import uvloop
    except ImportError:
        return "asyncio"
    uvloop.install()
    return "uvloop"


class Connection:
    """One keep-alive connection to ``host:port``, opened on first use, reopened after errors.

    Requests on one connection are sequential: a simulated user owns its connection.
    """

    def __init__(self, host: str, port: int, *, timeout: float = 60.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self._host_header = f"host: {host}:{port}\r\n".encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> Response:
        """Send one request and read its whole answer.

        Raises:
            OSError: The connection failed (it is closed; the next request reopens it).
            asyncio.IncompleteReadError: The server closed the connection mid-answer.
            ProtocolError: The answer could not be parsed.
            TimeoutError: No complete answer within ``timeout`` seconds.
        """
        exchange = self._exchange(method, path, body, content_type)
        try:
            if sys.version_info >= (3, 11):
                async with asyncio.timeout(self.timeout):  # no extra task, unlike wait_for
                    return await exchange
            return await asyncio.wait_for(exchange, self.timeout)
        except BaseException:
            self.close()
            raise

    async def _exchange(
        self, method: str, path: str, body: bytes | None, content_type: str
    ) -> Response:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._reader, self._writer
        assert reader is not None
        head = f"{method} {path} HTTP/1.1\r\n".encode() + self._host_header
        if body is not None:
            head += f"content-type: {content_type}\r\ncontent-length: {len(body)}\r\n\r\n".encode()
            writer.write(head + body)
        else:
            writer.write(head + b"\r\n")
        status, length, chunked, keep_alive = _parse_head(await reader.readuntil(_HEADER_END))
        if chunked:
            payload = await _read_chunks(reader)
        elif length is not None:
            payload = await reader.readexactly(length) if length else b""
        else:
            raise ProtocolError(f"{method} {path}: answer {status} has no content-length")
        if not keep_alive:
            self.close()
        return Response(status, payload)

    def close(self) -> None:
        """Close the socket (the next request opens a new one)."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


def _parse_head(head: bytes) -> tuple[int, int | None, bool, bool]:
    """``(status, content-length, chunked, keep-alive)`` of a response head."""
    if len(head) > _MAX_HEAD or not head.startswith(b"HTTP/1."):
        raise ProtocolError(f"not an HTTP/1.x answer: {head[:40]!r}")
    lines = head[:-4].split(b"\r\n")
    try:
        status = int(lines[0][9:12])
    except ValueError:
        raise ProtocolError(f"bad status line {lines[0]!r}") from None
    length: int | None = None
    chunked = False
    keep_alive = not lines[0].startswith(b"HTTP/1.0")
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            keep_alive = b"close" not in value.lower()
    return status, length, chunked, keep_alive


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers are sent: the final CRLF
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
