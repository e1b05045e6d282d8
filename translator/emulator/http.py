"""HTTP-level rules of the emulators, below the API: body size, methods, HEAD and OPTIONS.

- A body over the limit is refused with 413 before it is read whole (a ``Content-Length`` over
  the limit at once, a chunked body as soon as it passes it), and the connection is closed.
- Every method reaches the app (TRACE, CONNECT, made-up ones): a path some operation serves,
  asked with another method, is a 405 whose ``Allow`` lists exactly the methods that answer there
  (HEAD with GET, and OPTIONS); a path nothing serves is the gateway's 404. Both are JSON error
  bodies like every other answer.
- HEAD is GET without the body (same status and headers, ``Content-Length`` included); OPTIONS
  answers 204 with ``Allow``.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from translator.core.apierrors import BODY_TOO_LARGE, ROUTE_NOT_FOUND, ApiError
from translator.core.bodies import Limits
from translator.spec.routes import methods_at
from translator.types import Version

EXTRA_METHODS = ("HEAD", "OPTIONS")
"""What every served path answers besides its operations' methods (HEAD where GET is served)."""


class BodyTooLarge(ApiError):
    """413: the request body is over the limit."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(BODY_TOO_LARGE, f"Request entity too large: the limit is {limits.max_bytes} bytes")


async def read_body(request: Request, limits: Limits) -> bytes:
    """The request body, refused with ``BodyTooLarge`` as soon as it passes ``limits.max_bytes``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise BodyTooLarge(limits)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_bytes:
                raise BodyTooLarge(limits)
            chunks.append(chunk)
    except ClientDisconnect:
        return b""
    return b"".join(chunks)


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    content = b"" if body is None else orjson.dumps(body)
    media = None if body is None else "application/json"
    return Response(content, status_code=status, headers=headers, media_type=media)


def allowed(version: Version, path: str) -> tuple[str, ...]:
    """The methods that answer at ``path`` (none: nothing is served there)."""
    served = methods_at(version, path)
    if not served:
        return ()
    extra = tuple(m for m in EXTRA_METHODS if m != "HEAD" or "GET" in served)
    return tuple(sorted({*served, *extra}))


def not_served(method: str, methods: tuple[str, ...]) -> ApiError:
    """The error for ``method`` at a path answering ``methods`` (none: the path is not served)."""
    if not methods:
        return ApiError(ROUTE_NOT_FOUND)
    return ApiError(
        ROUTE_NOT_FOUND,
        f"The API does not exist: {method} is not served here (allowed: {', '.join(methods)})",
        status=405,
    )


def without_body(response: Response) -> Response:
    """``response`` as the answer to HEAD: the same status and headers, no body."""
    response.body = b""
    return response
