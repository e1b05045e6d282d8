"""The aiohttp transport over real loopback sockets: the request goes out as httpx built it (URL
as encoded, headers, body), a compressed answer is decoded once, and every kind of failure is the
httpx exception the retry policy knows."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import anyio
import httpx
import orjson
import pytest

from translator.core.aiohttp_transport import AiohttpTransport
from translator.core.client import ApiClient
from translator.core.retry import RetryPolicy
from translator.errors import ApiUnreachable

Reply = Callable[[socket.socket, bytes], None]


@contextmanager
def server(reply: Reply, requests: int = 10) -> Iterator[tuple[str, list[bytes]]]:
    """A one-thread HTTP/1.1 server on a loopback port answering each request with ``reply``;
    yields its URL and what it received."""
    seen: list[bytes] = []
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    port = listener.getsockname()[1]

    def serve() -> None:
        for _ in range(requests):
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                while len(body) < length:
                    body += conn.recv(65536)
                seen.append(head + b"\r\n\r\n" + body)
                reply(conn, data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() a close alone leaves waiting
        listener.close()
        thread.join(timeout=10)


def _answer(body: bytes, headers: str = "Content-Type: application/json") -> Reply:
    def reply(conn: socket.socket, _: bytes) -> None:
        head = f"HTTP/1.1 200 OK\r\n{headers}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        conn.sendall(head.encode() + body)

    return reply


def _send(url: str, request: Callable[[httpx.AsyncClient], object]) -> httpx.Response:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(base_url=url, transport=AiohttpTransport(trust_env=False)) as http:
            response = await request(http)  # type: ignore[misc]
            assert isinstance(response, httpx.Response)
            return response

    return anyio.run(go)


def test_the_request_goes_out_as_built() -> None:
    with server(_answer(b'{"ok": true}')) as (url, seen):
        response = _send(
            url,
            lambda http: http.post(
                "/v2/p%20q/apis", params={"name": "a b"}, content=b'{"x":1}', headers={"X-Sdk-Date": "D"}
            ),
        )
    assert response.status_code == 200 and response.json() == {"ok": True}
    sent = seen[0]
    assert sent.startswith(b"POST /v2/p%20q/apis?name=a+b HTTP/1.1\r\n")
    assert b"\r\nx-sdk-date: D\r\n" in sent
    assert b"\r\ncontent-length: 7\r\n" in sent.lower()
    assert sent.endswith(b'{"x":1}')


def test_a_compressed_answer_is_decoded_once() -> None:
    body = orjson.dumps({"items": list(range(100))})
    headers = "Content-Type: application/json\r\nContent-Encoding: gzip"
    with server(_answer(gzip.compress(body), headers)) as (url, _):
        response = _send(url, lambda http: http.get("/x"))
    assert response.json() == {"items": list(range(100))}


def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    with pytest.raises(httpx.ConnectError):
        _send(f"http://127.0.0.1:{port}", lambda http: http.get("/x"))


def test_an_answer_cut_short_is_retried_then_reported() -> None:
    def hang_up(conn: socket.socket, _: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")

    async def go() -> None:
        async with ApiClient(url, "v1.0", retry=RetryPolicy.fast(attempts=3)) as client:
            await client.call("api_group.list")

    with server(hang_up) as (url, seen), pytest.raises(ApiUnreachable) as caught:
        anyio.run(go)
    assert caught.value.attempts == 3 and len(seen) == 3


def test_no_answer_in_time_is_a_read_timeout() -> None:
    done = threading.Event()

    def silent(conn: socket.socket, _: bytes) -> None:
        done.wait(5)

    async def go() -> None:
        timeout = httpx.Timeout(0.2)
        async with httpx.AsyncClient(transport=AiohttpTransport(trust_env=False), timeout=timeout) as http:
            await http.get(url + "/x")

    with server(silent, requests=1) as (url, _):
        try:
            with pytest.raises(httpx.ReadTimeout):
                anyio.run(go)
        finally:
            done.set()


def test_the_environment_names_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    with server(_answer(b"{}")) as (proxy, seen):
        monkeypatch.setenv("http_proxy", proxy)
        monkeypatch.setenv("no_proxy", "direct.invalid")

        async def go(url: str) -> int:
            async with httpx.AsyncClient(transport=AiohttpTransport()) as http:
                return (await http.get(url)).status_code

        assert anyio.run(go, "http://api.example.invalid/v1.0/apigw/apis") == 200
        with pytest.raises(httpx.ConnectError):  # not through the proxy: the name does not resolve
            anyio.run(go, "http://direct.invalid/x")
    assert len(seen) == 1
    assert seen[0].startswith(b"GET http://api.example.invalid/v1.0/apigw/apis HTTP/1.1\r\n")
