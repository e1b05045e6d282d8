"""The upstream: one pooled keep-alive client to the configured v2 backend, and nothing else.

Every call goes to ``config.backend`` joined with a path the translation built (never a URL from
the caller: no open proxy), redirects are not followed, and the environment's proxies are not
used. Connect and read timeouts are the config's; a transport failure is :class:`Unreachable`, a
timeout :class:`TimedOut` (the app answers 502 and 504). A caller's token is passed through; any
other call is signed with the shim's own credentials (the client's signature covered the v1.0 URL).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from translator.core import forms
from translator.core.credentials import TOKEN_HEADER, Credentials
from translator.shim.config import ShimConfig

USER_AGENT = "apig-translator-shim"


class Unreachable(Exception):
    """The backend did not accept the connection or broke it."""


class TimedOut(Exception):
    """The backend did not answer within the timeouts."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One backend answer: status, decoded body (JSON, text, or None), media type, seconds taken."""

    status: int
    body: Any
    media_type: str
    raw: bytes
    elapsed: float


def query_pairs(query: dict[str, Any]) -> list[tuple[str, str | int | float | bool | None]]:
    """Query values as the API reads them: booleans lowercase, lists repeated, None left out."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in query.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((name, forms.text(item)))
    return pairs


def _decode(content: bytes, media: str) -> Any:
    if not content.strip():
        return None
    if media == "application/json" or media.endswith("+json") or content[:1] in (b"{", b"["):
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            pass
    return content.decode("utf-8", "replace")


class Upstream:
    """The pooled client of one backend. ``transport`` is the seam (an ASGI app in tests)."""

    def __init__(self, config: ShimConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.credentials: Credentials | None = config.credentials
        self.http = httpx.AsyncClient(
            base_url=config.backend.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            limits=httpx.Limits(max_connections=config.pool_size, max_keepalive_connections=config.pool_size),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def send(
        self,
        method: str,
        path: str,
        query: dict[str, Any],
        body: Any,
        *,
        content_type: str = "application/json",
        token: str | None = None,
        op: Any = None,
    ) -> Answer:
        """Send one call; ``body`` is JSON (or a form when ``content_type`` is multipart and ``op``
        is the v2 operation the form belongs to)."""
        headers: dict[str, str] = {}
        content = b""
        if body is not None:
            if forms.is_form(content_type) and op is not None:
                content, headers["Content-Type"] = forms.encode(op, body)
            else:
                content = orjson.dumps(body)
                headers["Content-Type"] = "application/json"
        if not path.startswith("/"):
            raise ValueError("the upstream path must be absolute")
        request = self.http.build_request(
            method, path, params=query_pairs(query), content=content, headers=headers
        )
        if token is not None:
            request.headers[TOKEN_HEADER] = token
        elif self.credentials is not None:
            self.credentials.apply(request)
        started = time.perf_counter()
        try:
            response = await self.http.send(request)
            raw = await response.aread()
        except httpx.TimeoutException as exc:
            raise TimedOut(type(exc).__name__) from None
        except httpx.TransportError as exc:
            raise Unreachable(type(exc).__name__) from None
        elapsed = time.perf_counter() - started
        media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return Answer(response.status_code, _decode(raw, media), media, raw, elapsed)
