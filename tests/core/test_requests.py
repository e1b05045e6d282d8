"""What the API client sends and how it reads the answers (over ``httpx.MockTransport``): URLs from
the spec's templates, query values, JSON and multipart bodies, signatures, errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import httpx
import orjson
import pytest

from translator.core import forms as emulator_forms
from translator.core.blocking import BlockingApiClient
from translator.core.client import ApiClient
from translator.core.credentials import Credentials
from translator.core.forms import File
from translator.core.retry import RetryPolicy
from translator.errors import (
    ApiStatusError,
    BadRequest,
    Forbidden,
    NotFound,
    ServerError,
    TranslationError,
    Unauthorized,
    UnknownOperation,
)
from translator.signing import verify
from translator.spec import load_spec

BASE = "https://apig.example.test"
PROJECT, INSTANCE = "0123456789abcdef0123456789abcdef", "eddc4d25480b4cd6b512f270a1b8b341"


class Capture:
    """A mock API answering every request with ``status`` and ``body``, keeping the requests."""

    def __init__(self, status: int = 200, body: Any = None, **headers: str) -> None:
        self.status, self.body, self.headers = status, body, headers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if isinstance(self.body, bytes):
            return httpx.Response(self.status, content=self.body, headers=self.headers)
        return httpx.Response(self.status, json=self.body, headers=self.headers)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def _client(capture: Capture, version: str = "v2", **kwargs: Any) -> BlockingApiClient:
    ids = {"project_id": PROJECT, "instance_id": INSTANCE} if version == "v2" else {}
    return BlockingApiClient(
        BASE,
        version,  # type: ignore[arg-type]
        transport=httpx.MockTransport(capture),
        retry=RetryPolicy.fast(2),
        **{**ids, **kwargs},
    )


def test_urls_come_from_the_templates_and_the_configuration() -> None:
    cap = Capture(200, {})
    with _client(cap) as c:
        c.call("vpc_channel.member.delete", path={"vpc_channel_id": "ch 1", "member_id": "m/2"})
        assert cap.last.method == "DELETE"
        assert (
            cap.last.url.raw_path
            == f"/v2/{PROJECT}/apigw/instances/{INSTANCE}/vpc-channels/ch%201/members/m%2F2".encode()
        )
        with pytest.raises(TranslationError, match="'member_id' has no value"):
            c.call("vpc_channel.member.delete", path={"vpc_channel_id": "x"})
        with pytest.raises(TranslationError, match="instance_id come from the client's configuration"):
            c.call("env.list", path={"instance_id": "other"})
        with pytest.raises(UnknownOperation, match=r"no operation .env\.nope."):
            c.call("env.nope")
    assert len(cap.requests) == 1
    with pytest.raises(ValueError, match="instance_id"):
        ApiClient(BASE, "v2", project_id=PROJECT)
    with _client(cap, "v1.0") as c:
        c.call("env.list")
    assert cap.last.url.raw_path == b"/v1.0/apigw/envs"


def test_query_values_as_the_api_reads_them() -> None:
    cap = Capture(200, {})
    with _client(cap) as c:
        c.call("api.list", query={"name": "a b", "limit": 5, "precise": True, "off": False, "none": None})
        assert cap.last.url.query == b"name=a+b&limit=5&precise=true&off=false"
        c.call("api.list", query={"id": ["x", "y"]})
        assert cap.last.url.query == b"id=x&id=y"
        c.call("api.list")
        assert cap.last.url.query == b""


def test_json_bodies() -> None:
    cap = Capture(201, {"id": "e1"})
    with _client(cap) as c:
        r = c.call("env.create", body={"name": "ENV_Ü", "remark": None})
        assert (r.status, r.body, r.op_id, r.ok) == (201, {"id": "e1"}, "env.create", True)
        assert cap.last.headers["content-type"] == "application/json"
        assert orjson.loads(cap.last.content) == {"name": "ENV_Ü", "remark": None}
        c.call("env.list")
        assert cap.last.content == b"" and "content-type" not in cap.last.headers
        with pytest.raises(TranslationError, match="takes no files"):
            c.call("env.create", body={}, files={"f": File("a.json", b"{}")})
    with _client(cap, "v1.0") as c:
        c.call("openapi.export_apis", body=["api1", "api2"], query={"env_id": "e", "type": "json"})
        assert orjson.loads(cap.last.content) == ["api1", "api2"]


def test_a_form_for_an_op_that_takes_a_file() -> None:
    cap = Capture(200, {"success": []})
    op = load_spec("v2").operation("openapi.import")
    doc = {"swagger": "2.0", "info": {"title": "g"}}
    with _client(cap) as c:
        c.call(
            "openapi.import",
            body={"is_create_group": True, "simple_mode": False, "group_id": None},
            files={"file_name": ("group.json", orjson.dumps(doc), "application/json")},
        )
        content_type = cap.last.headers["content-type"]
        assert content_type.startswith("multipart/form-data; boundary=")
        part = b'name="is_create_group"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ntrue\r\n'
        assert part in cap.last.content
        decoded = emulator_forms.decode(op, cap.last.content, content_type)
        assert decoded == {"is_create_group": True, "simple_mode": False, "file_name": doc}
        c.call("openapi.import", body={"is_create_group": False})  # a form, even without a file
        assert cap.last.headers["content-type"].startswith("multipart/form-data")
        with pytest.raises(TranslationError, match="object of fields"):
            c.call("openapi.import", body=["x"])


def test_aksk_signs_the_exact_bytes_and_only_its_own_headers() -> None:
    cap = Capture(201, {})
    creds = Credentials.from_aksk("AKID", "SECRET-KEY", security_token="STS-TOKEN")
    with _client(cap, credentials=creds) as c:
        c.call("env.create", body={"name": "SIGNED"}, query={"x": "a b+c"})
        c.call("openapi.import", body={"is_create_group": True}, files={"file_name": ("f.json", b"{}")})
    for sent in cap.requests:
        signed = sent.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
        assert {"host", "x-sdk-date", "content-type", "x-security-token"} <= set(signed)
        assert not {"user-agent", "accept-encoding", "connection", "content-length"} & set(signed)
        raw_path, _, raw_query = sent.url.raw_path.decode().partition("?")
        secrets = {"AKID": "SECRET-KEY"}.get
        assert verify(sent.method, raw_path, raw_query, dict(sent.headers), sent.content, secrets) == "AKID"
    assert cap.requests[1].headers["x-sdk-content-sha256"] == "UNSIGNED-PAYLOAD"
    tampered = cap.requests[0]
    with pytest.raises(Exception, match="signature does not match"):
        verify("POST", tampered.url.path, "", dict(tampered.headers), b'{"name":"OTHER"}', secrets)


def test_credentials_hide_their_secrets() -> None:
    for creds in (
        Credentials.from_token("TOKEN-VALUE"),
        Credentials.from_aksk("AKID", "SKVALUE", "STSVALUE"),
    ):
        with BlockingApiClient(
            BASE, "v1.0", credentials=creds, transport=httpx.MockTransport(Capture())
        ) as c:
            shown = f"{creds!r} {creds} {c!r}"
        assert not {"TOKEN-VALUE", "AKID", "SKVALUE", "STSVALUE"} & set(shown.replace("'", " ").split())
        assert "TOKEN-VALUE" not in shown and "SKVALUE" not in shown and "AKID" not in shown
    with pytest.raises(ValueError, match="non-empty token"):
        Credentials.from_token("")
    with pytest.raises(ValueError, match="both an access key and a secret key"):
        Credentials.from_aksk("AKID", "")


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequest), (401, Unauthorized), (403, Forbidden), (404, NotFound), (409, ApiStatusError)],
)
def test_a_refusal_is_its_error_class(status: int, error: type[ApiStatusError]) -> None:
    body = {"error_code": "APIG.3000", "error_msg": "refused"}
    with _client(Capture(status, body, **{"X-Request-Id": "req-1"})) as c, pytest.raises(error) as info:
        c.call("env.list")
    assert type(info.value) is error
    assert (info.value.status, info.value.code, info.value.message) == (status, "APIG.3000", "refused")
    assert info.value.request_id == "req-1" and str(info.value) == f"env.list: {status} APIG.3000: refused"


def test_an_error_without_a_documented_body_echoes_nothing() -> None:
    with _client(Capture(502, b"<html>upstream secret-config dump</html>")) as c:
        with pytest.raises(ServerError) as info:
            c.call("env.list")
        assert info.value.message == "Bad Gateway" and info.value.code is None
        assert "secret-config" not in str(info.value) and info.value.attempts == 2
        r = c.call("env.list", check=False)
        assert (r.status, r.ok, r.body) == (502, False, "<html>upstream secret-config dump</html>")


def test_answers_are_decoded_by_their_content_type() -> None:
    cases: list[tuple[bytes, str, Any]] = [
        (b"a: 1\nb: [x]\n", "application/x-yaml", {"a": 1, "b": ["x"]}),
        (b'{"a": 1}', "application/json;charset=UTF-8", {"a": 1}),
        (b"plain", "text/plain", "plain"),
        (b"", "application/json", None),
    ]
    for content, media, want in cases:
        with _client(Capture(200, content, **{"Content-Type": media})) as c:
            assert c.call("env.list").body == want, media


def test_the_blocking_client_serves_many_threads() -> None:
    cap = Capture(200, {"total": 0})
    with _client(cap) as c, ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda i: c.call("env.list", query={"i": i}).status, range(40)))
    assert statuses == [200] * 40 and len(cap.requests) == 40
    c.close()  # closing twice is harmless


def test_the_async_client_closes_its_connections() -> None:
    async def main() -> bool:
        async with ApiClient(BASE, "v1.0", transport=httpx.MockTransport(Capture(200, {}))) as c:
            assert (await c.call("env.list")).status == 200
        return c.http.is_closed

    assert anyio.run(main)
