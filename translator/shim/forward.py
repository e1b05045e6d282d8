"""The upstream: one pooled keep-alive client to the configured v2 backend, and nothing else.

Two clients behind one interface (``send``): ``aiohttp.ClientSession`` when aiohttp is installed
(measured several times faster than ``httpx.AsyncClient`` under concurrency, see
``bench/shim.py``), else ``httpx.AsyncClient``; an in-process ``transport`` (tests) always uses
httpx. ``config.upstream`` chooses explicitly (``auto``, ``aiohttp``, ``httpx``).

Every call goes to ``config.backend`` joined with a path the translation built (never a URL from
the caller: no open proxy), redirects are not followed, and the environment's proxies are not
used. Connect and read timeouts are the config's; a transport failure is :class:`Unreachable`, a
timeout :class:`TimedOut` (the app answers 502 and 504). A caller's token is passed through; any
other call is signed with the shim's own credentials (the client's signature covered the v1.0 URL).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import orjson

from translator.core import forms
from translator.core.credentials import SECURITY_TOKEN_HEADER, TOKEN_HEADER, Credentials
from translator.shim.config import ShimConfig
from translator.signing import sign

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


_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_PATH_AS_IS = re.compile(r"[A-Za-z0-9/%:@!$&'()*+,;=._~-]*")
"""A path of only these characters is sent as it is (what ``quote(path, safe=_PATH_SAFE)`` keeps)."""
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _encoded_query(pairs: list[tuple[str, str | int | float | bool | None]]) -> str:
    """``urlencode(pairs, quote_via=quote)``, without quoting what needs none (most names and values)."""
    out = []
    for name, value in pairs:
        text = str(value)
        if not _UNRESERVED.fullmatch(name):
            name = quote(name, safe="")
        if not _UNRESERVED.fullmatch(text):
            text = quote(text, safe="")
        out.append(f"{name}={text}")
    return "&".join(out)


def _decode(content: bytes, media: str) -> Any:
    if not content.strip():
        return None
    if media == "application/json" or media.endswith("+json") or content[:1] in (b"{", b"["):
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            pass
    return content.decode("utf-8", "replace")


def _encoded_body(body: Any, content_type: str, op: Any) -> tuple[bytes, dict[str, str]]:
    """The bytes of a JSON body (or of a form, when ``content_type`` is multipart and ``op`` is the
    v2 operation the form belongs to) and the content-type header they need; none for no body."""
    if body is None:
        return b"", {}
    if forms.is_form(content_type) and op is not None:
        content, media = forms.encode(op, body)
        return content, {"Content-Type": media}
    return orjson.dumps(body), {"Content-Type": "application/json"}


class Upstream:
    """The pooled httpx client of one backend. ``transport`` is the seam (an ASGI app in tests)."""

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
        content, headers = _encoded_body(body, content_type, op)
        if not path.startswith("/"):
            raise ValueError("the upstream path must be absolute")
        request = self.http.build_request(
            method, path, params=query_pairs(query), content=content, headers=headers
        )
        if token is not None:
            request.headers[TOKEN_HEADER] = token
        elif self.credentials is not None:
            self.credentials.apply(request)
        return await self._exchange(request)

    async def _exchange(self, request: httpx.Request) -> Answer:
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


class AiohttpUpstream(Upstream):
    """The same upstream over one ``aiohttp.ClientSession`` (requests are built and signed as
    httpx requests, then sent by aiohttp: the signature covers exactly what is sent)."""

    def __init__(self, config: ShimConfig) -> None:
        super().__init__(config)
        import aiohttp
        import yarl

        self._aiohttp = aiohttp
        self._yarl = yarl.URL
        self._base = config.backend.rstrip("/")
        self._host = urlsplit(self._base).netloc
        self._timeout = aiohttp.ClientTimeout(
            total=None, connect=config.connect_timeout, sock_read=config.read_timeout
        )
        self._limit = config.pool_size
        self._session: Any = None

    def _open(self) -> Any:
        if self._session is None:  # made on first use, inside the serving event loop
            connector = self._aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=60)
            self._session = self._aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, auto_decompress=True, trust_env=False
            )
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
        await super().aclose()

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
        """As ``Upstream.send``, without building an httpx request (its URL parsing is most of the
        cost of a forwarded call): the URL is the backend joined with the path and the encoded query,
        sent as it is (``encoded=True``), so an AK/SK signature covers exactly what goes out."""
        if not path.startswith("/"):
            raise ValueError("the upstream path must be absolute")
        content, headers = _encoded_body(body, content_type, op)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **headers}
        url = self._base + (path if _PATH_AS_IS.fullmatch(path) else quote(path, safe=_PATH_SAFE))
        if query:
            encoded = _encoded_query(query_pairs(query))
            if encoded:
                url += "?" + encoded
        credentials = self.credentials
        if token is not None:
            headers[TOKEN_HEADER] = token
        elif credentials is not None and credentials.kind == "token" and credentials.token:
            headers[TOKEN_HEADER] = credentials.token
        elif credentials is not None and credentials.ak and credentials.sk:
            signed = {"Host": self._host, **{k: v for k, v in headers.items() if k == "Content-Type"}}
            if credentials.security_token:
                signed[SECURITY_TOKEN_HEADER] = credentials.security_token
            extra = {k: v for k, v in headers.items() if k not in signed}
            headers = {**extra, **sign(method, url, signed, content, credentials.ak, credentials.sk)}
        session = self._open()
        started = time.perf_counter()
        try:
            async with session.request(
                method,
                self._yarl(url, encoded=True),
                data=content or None,
                headers=headers,
                allow_redirects=False,
            ) as response:
                raw = await response.read()
                status = response.status
                media = (response.content_type or "").lower()
        except TimeoutError as exc:
            raise TimedOut(type(exc).__name__) from None
        except self._aiohttp.ClientError as exc:
            raise Unreachable(type(exc).__name__) from None
        return Answer(status, _decode(raw, media), media, raw, time.perf_counter() - started)


def upstream_for(config: ShimConfig, transport: httpx.AsyncBaseTransport | None = None) -> Upstream:
    """The upstream client ``config.upstream`` names (``auto``: aiohttp when it is installed)."""
    if transport is not None or config.upstream == "httpx":
        return Upstream(config, transport)
    if config.upstream == "aiohttp":
        return AiohttpUpstream(config)
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return Upstream(config)
    return AiohttpUpstream(config)
