"""An httpx transport that sends over aiohttp: ``ApiClient``'s transport for real sockets.

httpx still builds, signs and reads every request (the client's one interface, and its
``ASGITransport`` seam for tests); aiohttp's pooled keep-alive connections and C parser carry
them, at a fraction of httpcore's cost per request (``bench/migration.py``: the import's CPU per
create; the shim made the same choice, ``translator.shim.forward``). What goes out is exactly
the httpx request: its URL as encoded (a signature covers it), its headers, its body. The answer
comes back raw (no decompression here: httpx decodes what its ``Accept-Encoding`` asked for).
Failures are raised as the httpx exceptions the retry policy knows: a timeout, a refused or
broken connection, an answer cut short.
"""

from __future__ import annotations

import urllib.request
from typing import Any

import aiohttp
import httpx
import yarl

_DROP = frozenset({"content-length", "transfer-encoding"})
"""Headers aiohttp works out itself from the body it sends."""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One ``aiohttp.ClientSession`` (opened on first use, inside the running loop) with at most
    ``limit`` connections; ``trust_env``: the proxy the environment names for a host (``*_proxy``,
    ``no_proxy``), as httpx does, worked out once per host (aiohttp's own ``trust_env`` reads the
    environment and ``~/.netrc`` again on a thread for every request)."""

    def __init__(self, *, limit: int = 100, trust_env: bool = True) -> None:
        self._limit = limit
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}

    def _proxy(self, url: httpx.URL) -> str | None:
        if not self._trust_env:
            return None
        key = (url.scheme, url.host)
        if key not in self._proxies:
            bypass = not url.host or urllib.request.proxy_bypass(url.host)
            self._proxies[key] = None if bypass else urllib.request.getproxies().get(url.scheme)
        return self._proxies[key]

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=60),
                auto_decompress=False,
                trust_env=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._open()
        headers = [(k, v) for k, v in request.headers.multi_items() if k.lower() not in _DROP]
        url = yarl.URL(str(request.url), encoded=True)
        content = await request.aread()
        connecting = True
        try:
            async with session.request(
                request.method,
                url,
                headers=headers,
                data=content or None,
                timeout=_timeout(request.extensions.get("timeout")),
                allow_redirects=False,
                proxy=self._proxy(request.url),
            ) as answer:
                connecting = False
                body = await answer.read()
                status, raw_headers = answer.status, list(answer.raw_headers)
        except aiohttp.ConnectionTimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc) or "connect timeout", request=request) from exc
        except TimeoutError as exc:  # aiohttp's read timeout is a TimeoutError too
            raise httpx.ReadTimeout(str(exc) or "read timeout", request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        except aiohttp.ServerDisconnectedError as exc:
            raise httpx.RemoteProtocolError(str(exc) or "server disconnected", request=request) from exc
        except (aiohttp.ClientPayloadError, aiohttp.ClientResponseError) as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from exc
        except aiohttp.ClientConnectionError as exc:
            what = httpx.ConnectError if connecting else httpx.ReadError
            raise what(str(exc), request=request) from exc
        except aiohttp.ClientError as exc:
            raise httpx.TransportError(str(exc), request=request) from exc
        return httpx.Response(
            status,
            headers=raw_headers,
            content=body,
            request=request,
            extensions={"http_version": b"HTTP/1.1"},
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def _timeout(given: Any) -> aiohttp.ClientTimeout:
    """httpx's per-request timeouts (connect, read, write, pool) as aiohttp's."""
    if not isinstance(given, dict):
        return aiohttp.ClientTimeout(total=None)
    connect, read = given.get("connect"), given.get("read")
    return aiohttp.ClientTimeout(total=None, sock_connect=connect, sock_read=read)
