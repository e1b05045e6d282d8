"""The little of ASGI the shim needs, without a framework: the incoming request as the client sent
it (method, raw path and query, headers, a size-bounded body) and one response out.

A framework's routing, middleware and request objects cost more per call than the shim's own
work on a small request (see ``bench/shim.py``), and the shim has one endpoint.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class BodyTooLarge(Exception):
    """The body is larger than the limit (``declared``: the client said so up front)."""


@dataclass(slots=True)
class Incoming:
    method: str
    path: str
    """The raw path (still percent-encoded), without the query."""
    query: str
    headers: dict[str, str]
    """Lower-cased names (a repeated header: the last one)."""
    receive: Receive

    @classmethod
    def of(cls, scope: Scope, receive: Receive) -> Incoming:
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        return cls(
            method=scope["method"],
            path=raw_path.decode("latin-1").split("?", 1)[0],
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            receive=receive,
        )

    async def body(self, limit: int) -> bytes:
        """The request body, at most ``limit`` bytes (more: ``BodyTooLarge``, before reading it all)."""
        declared = self.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge(limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self.receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


async def respond(send: Send, status: int, content: bytes, media_type: str | None) -> None:
    headers = [(b"content-length", str(len(content)).encode())]
    if media_type is not None and content:
        headers.append((b"content-type", media_type.encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})


async def lifespan(receive: Receive, send: Send, on_shutdown: Callable[[], Awaitable[None]]) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await on_shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return
