"""translator.signing against the official huaweicloudsdkcore signer (a test-only oracle)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import requests
from huaweicloudsdkapig.v2 import (
    ApigClient,
    ApiGroupCreate,
    CreateApiGroupV2Request,
    DeleteApiV2Request,
    ListApisV2Request,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.errors import BadSignature, ClockSkew, MissingSignature, SigningError, UnknownAccessKey
from translator.signing import (
    DATE_FORMAT,
    EMPTY_SHA256,
    canonical_query_string,
    canonical_uri,
    parse_authorization,
    sign,
    verify,
)

AK = "HPUAEXAMPLEACCESSKEY"
SK = "sk-Very-Secret-0123456789abcdefSECRET"
PROJECT = "0123456789abcdef0123456789abcdef"
ENDPOINT = "https://apig.cn-north-4.myhuaweicloud.com"
SECRETS = {AK: SK}
DATE = datetime(2024, 5, 17, 8, 30, 0)


class _Captured(Exception):
    pass


def _sdk_client() -> tuple[Any, list[Any]]:
    creds = BasicCredentials(AK, SK, PROJECT)
    client = ApigClient.new_builder().with_credentials(creds).with_endpoints([ENDPOINT]).build()
    seen: list[Any] = []

    def capture(request: Any) -> None:
        seen.append(request)
        raise _Captured

    client._do_http_request_sync = capture
    return client, seen


def _list_apis(client: Any) -> None:
    client.list_apis_v2(ListApisV2Request(instance_id="inst-1", name="a b&c=d/é+~*'()", limit=5, req_uri=""))


def _create_group(client: Any) -> None:
    group = ApiGroupCreate(name="group_1", remark="JSON body, non-ASCII: 名字 é")
    client.create_api_group_v2(CreateApiGroupV2Request(instance_id="inst-1", body=group))


def _delete_api(client: Any) -> None:
    client.delete_api_v2(DeleteApiV2Request(instance_id="inst-1", api_id="5f918d104dc84480a75166ba99efff21"))


def _delete_escaped_id(client: Any) -> None:
    client.delete_api_v2(DeleteApiV2Request(instance_id="inst 1", api_id="a/b%c"))


def _repeated_query(client: Any) -> None:
    client.call_api(
        "/v2/{project_id}/apigw/instances/{instance_id}/apis",
        "GET",
        path_params={"instance_id": "inst-1"},
        query_params=[("tag", "b"), ("tag", "a"), ("empty", ""), ("A", "1"), ("tags", ["z", "y"])],
        header_params={"X-Custom": "  spaced  ", "X_Unsigned": "not signed"},
    )


def _unsigned_payload(client: Any) -> None:
    client.call_api(
        "/v2/{project_id}/apigw/instances/{instance_id}/raw",
        "PUT",
        path_params={"instance_id": "inst-1"},
        header_params={"Content-Type": "text/plain"},
        body="plain text body",
    )


def _non_ascii_header(client: Any) -> None:
    client.call_api("/v2/{project_id}/apigw/instances", "GET", header_params={"X-Label": "名字"})


CALLS: dict[str, Callable[[Any], None]] = {
    "get-escaped-query": _list_apis,
    "post-json": _create_group,
    "delete": _delete_api,
    "delete-escaped-path": _delete_escaped_id,
    "get-repeated-keys": _repeated_query,
    "put-unsigned-payload": _unsigned_payload,
    "non-ascii-header": _non_ascii_header,
}


def sdk_request(name: str) -> Any:
    """Run one APIG client call through the real SDK and return the signed SdkRequest it would send."""
    client, seen = _sdk_client()
    with pytest.raises(_Captured):
        CALLS[name](client)
    return seen[0]


def wire(req: Any) -> tuple[str, str, dict[str, str], bytes]:
    """Path, query, headers and body as a server receives what `requests` sends for `req`."""
    prepared = requests.Request(req.method, req.url, headers=req.header_params, data=req.body).prepare()
    parts = urlsplit(prepared.path_url)
    body = prepared.body if isinstance(prepared.body, bytes) else (prepared.body or "").encode()
    return parts.path, parts.query, dict(req.header_params), body


def signed_at(headers: dict[str, str]) -> datetime:
    return datetime.strptime(headers["X-Sdk-Date"], DATE_FORMAT)


# --- requests signed by the real SDK verify -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(CALLS))
def test_sdk_signed_requests_verify(name: str) -> None:
    req = sdk_request(name)
    path, query, headers, body = wire(req)
    assert verify(req.method, path, query, headers, body, SECRETS.get, now=signed_at(headers)) == AK


def test_sdk_adds_project_id_and_signs_it() -> None:
    req = sdk_request("delete")
    auth = parse_authorization(req.header_params["Authorization"])
    assert req.header_params["X-Project-Id"] == PROJECT
    assert auth.signed_headers == ["content-type", "host", "user-agent", "x-project-id", "x-sdk-date"]


def test_sdk_repeated_keys_on_the_wire() -> None:
    req = sdk_request("get-repeated-keys")
    _, query, headers, _ = wire(req)
    assert query == "A=1&empty=&tag=a&tag=b&tags=y&tags=z"
    assert "x_unsigned" not in parse_authorization(headers["Authorization"]).signed_headers


# --- our sign equals the SDK signer --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(CALLS) - {"non-ascii-header"}))
def test_sign_matches_sdk_client(name: str) -> None:
    req = sdk_request(name)
    headers = {k: v for k, v in req.header_params.items() if k != "Authorization"}
    if name == "put-unsigned-payload":
        del headers["X-Sdk-Content-Sha256"]  # ours must add it itself, like the SDK
    ours = sign(req.method, req.url, headers, req.body or b"", AK, SK)
    assert ours["Authorization"] == req.header_params["Authorization"]


SIGNER_CASES = [
    ("GET", "/v2/p/apigw/instances", [("limit", 10), ("name", "x y"), ("name", "a*b~c")], "", b""),
    ("POST", "/v2/p/apigw/instances/i/apis", [], "application/json", b'{"name": "api_1", "n": 1}'),
    ("DELETE", "/v2/p/apigw/instances/i/apis/0a1b2c", [("force", True)], "", b""),
    ("PATCH", "/v1.0/apigw/apis/", [("q", "é€/?#&=")], "application/json;charset=UTF-8", b"{}"),
    ("POST", "/v2/p/upload", [], "application/octet-stream", b"\x00\x01binary"),
]


@pytest.mark.parametrize(("method", "path", "query", "content_type", "body"), SIGNER_CASES)
def test_sign_matches_sdk_signer(
    method: str, path: str, query: list[tuple[str, object]], content_type: str, body: bytes
) -> None:
    headers = {"X-Project-Id": PROJECT, "X-Trace": " padded  "}
    if content_type:
        headers["Content-Type"] = content_type
    sdk_headers = {**headers, "X-Sdk-Date": DATE.strftime(DATE_FORMAT)}
    req = SdkRequest(method, "https", urlsplit(ENDPOINT).netloc, path, None, list(query), sdk_headers, body)
    Signer(BasicCredentials(AK, SK)).sign(req)
    ours = sign(method, req.url, headers, body, AK, SK, now=DATE)
    assert ours["Authorization"] == req.header_params["Authorization"]
    assert ours["X-Sdk-Date"] == "20240517T083000Z"
    assert ours["Host"] == "apig.cn-north-4.myhuaweicloud.com"
    assert ours["X-Trace"] == "padded"
    sent = urlsplit(req.url)
    assert verify(method, sent.path, sent.query, ours, body, SECRETS.get, now=DATE) == AK


def test_sign_is_insensitive_to_query_order_and_escaping() -> None:
    base = sign("GET", f"{ENDPOINT}/v2/p/apis?a=1&a=0&b=x%20y&c=&d=%7E", {}, b"", AK, SK, now=DATE)
    other = sign("GET", f"{ENDPOINT}/v2/p/apis/?d=~&c&b=x%20y&a=0&a=1", {}, b"", AK, SK, now=DATE)
    assert base["Authorization"] == other["Authorization"]


def test_sign_headers_and_dates() -> None:
    aware = datetime(2024, 5, 17, 10, 30, 0, tzinfo=timezone(timedelta(hours=2)))
    given_headers = {"host": "example.test", "Authorization": "stale"}
    out = sign("get", f"{ENDPOINT}/v2", given_headers, b"", AK, SK, now=aware)
    assert out["X-Sdk-Date"] == "20240517T083000Z"
    assert out["host"] == "example.test" and "Host" not in out
    assert out["Authorization"].startswith(f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date, ")
    kept = sign("GET", f"{ENDPOINT}/v2", {"X-Sdk-Date": "20240101T000000Z"}, b"", AK, SK, now=DATE)
    assert kept["X-Sdk-Date"] == "20240101T000000Z"
    assert hashlib.sha256(b"").hexdigest() == EMPTY_SHA256
    with pytest.raises(ValueError):
        sign("GET", ENDPOINT, {}, b"", AK, "", now=DATE)


# --- canonicalisation equals the SDK's, property-based -------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TEXT.filter(bool), TEXT), max_size=6))
def test_canonical_query_matches_sdk(params: list[tuple[str, str]]) -> None:
    req = SdkRequest(query_params=list(params), resource_path="/")
    expected = Signer._process_canonical_query_string(req)
    Signer.process_request_uri(req)
    sent = req.uri.partition("?")[2]
    assert canonical_query_string(sent) == expected
    assert canonical_query_string("&".join(f"{quote(k)}={quote(v)}" for k, v in reversed(params))) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=5), st.booleans())
def test_canonical_uri_matches_sdk(segments: list[str], trailing: bool) -> None:
    path = "/" + "/".join(quote(s, safe="") for s in segments) + ("/" if trailing else "")
    req = SdkRequest(resource_path=path)
    assert canonical_uri(path) == Signer(BasicCredentials(AK, SK))._process_canonical_uri(req)


def test_canonical_edge_cases() -> None:
    assert canonical_uri("") == "/"
    assert canonical_uri("/v2/a%2Fb") == "/v2/a/b/"
    assert canonical_query_string("b=2&a=1&a=0&c&=x&d=a+b") == "a=0&a=1&b=2&c=&d=a%2Bb"


# --- negative cases ------------------------------------------------------------------------------

SECRET_SK = "Wrong-Secret-Key-Never-Shown"


def _expect(exc: type[SigningError], *args: Any, **kwargs: Any) -> None:
    """verify(...) raises `exc`, and its message names no key and no signature."""
    kwargs.setdefault("now", DATE)
    with pytest.raises(exc) as info:
        verify(*args, **kwargs)
    text = f"{info.value} {info.value!r}"
    assert SK not in text and SECRET_SK not in text and AK not in text
    assert not re.search("[0-9a-fA-F]{64}", text)


@pytest.fixture
def signed() -> dict[str, Any]:
    url = f"{ENDPOINT}/v2/{PROJECT}/apigw/instances/inst-1/apis?tag=a&tag=b&name=x%20y&empty="
    body = b'{"name": "api_1"}'
    given_headers = {"Content-Type": "application/json", "X-Project-Id": PROJECT}
    headers = sign("POST", url, given_headers, body, AK, SK, DATE)
    parts = urlsplit(url)
    return {"method": "POST", "path": parts.path, "query": parts.query, "headers": headers, "body": body}


def _call(req: dict[str, Any], **changes: Any) -> tuple[Any, ...]:
    merged = {**req, **changes}
    return (merged["method"], merged["path"], merged["query"], merged["headers"], merged["body"], SECRETS.get)


def test_baseline_verifies(signed: dict[str, Any]) -> None:
    assert verify(*_call(signed), now=DATE) == AK
    assert verify(*_call(signed), now=DATE + timedelta(minutes=14)) == AK
    lower = {k.lower(): f"  {v} " for k, v in signed["headers"].items()}
    assert verify(*_call(signed, headers=lower, method="post"), now=DATE.replace(tzinfo=UTC)) == AK


def test_wrong_secret(signed: dict[str, Any]) -> None:
    _expect(BadSignature, *_call(signed)[:5], lambda ak: SECRET_SK)


def test_unknown_access_key(signed: dict[str, Any]) -> None:
    _expect(UnknownAccessKey, *_call(signed)[:5], {}.get)


@pytest.mark.parametrize("minutes", [16, -16])
def test_clock_skew(signed: dict[str, Any], minutes: int) -> None:
    _expect(ClockSkew, *_call(signed), now=DATE + timedelta(minutes=minutes))


@pytest.mark.parametrize("header", ["Authorization", "X-Sdk-Date"])
def test_missing(signed: dict[str, Any], header: str) -> None:
    headers = {k: v for k, v in signed["headers"].items() if k != header}
    _expect(MissingSignature, *_call(signed, headers=headers))


GOOD_SIG = "0" * 64


@pytest.mark.parametrize(
    "value",
    [
        "Bearer token",
        "SDK-HMAC-SHA256",
        f"SDK-HMAC-SM3 Access={AK}, SignedHeaders=host, Signature={GOOD_SIG}",
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host",
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host, Signature=xyz",
        f"SDK-HMAC-SHA256 Access={AK}, Access={AK}, SignedHeaders=host, Signature={GOOD_SIG}",
        f"SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature={GOOD_SIG}",
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=Host;;x, Signature={GOOD_SIG}",
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host, Signature={GOOD_SIG}, Extra=1",
        f"SDK-HMAC-SHA256 Access={AK} SignedHeaders=host Signature={GOOD_SIG}",
    ],
)
def test_malformed_authorization(signed: dict[str, Any], value: str) -> None:
    _expect(BadSignature, *_call(signed, headers={**signed["headers"], "Authorization": value}))


def test_malformed_date(signed: dict[str, Any]) -> None:
    _expect(BadSignature, *_call(signed, headers={**signed["headers"], "X-Sdk-Date": "2024-05-17T08:30:00Z"}))


@pytest.mark.parametrize(
    "changes",
    [
        {"body": b'{"name": "api_2"}'},
        {"body": b""},
        {"query": "tag=a&tag=b&name=x%20z&empty="},
        {"query": "tag=a&name=x%20y&empty="},
        {"query": "tag=a&tag=b&name=x%20y&empty=&extra=1"},
        {"path": f"/v2/{PROJECT}/apigw/instances/inst-2/apis"},
        {"path": f"/v2/{PROJECT}/apigw/instances/inst-1/apis/x"},
        {"method": "PUT"},
    ],
    ids=["body", "empty-body", "query-value", "query-repeat", "query-extra", "path", "path-extra", "method"],
)
def test_tampering(signed: dict[str, Any], changes: dict[str, Any]) -> None:
    _expect(BadSignature, *_call(signed, **changes))


def test_tampered_or_missing_signed_header(signed: dict[str, Any]) -> None:
    _expect(BadSignature, *_call(signed, headers={**signed["headers"], "X-Project-Id": "other"}))
    headers = {k: v for k, v in signed["headers"].items() if k != "X-Project-Id"}
    _expect(BadSignature, *_call(signed, headers=headers))


def test_content_sha256_header() -> None:
    url, body = f"{ENDPOINT}/v2/upload", b"payload"
    unsigned = sign("PUT", url, {"Content-Type": "text/plain"}, body, AK, SK, DATE)
    assert unsigned["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    # As with the SDK, an UNSIGNED-PAYLOAD body is not covered by the signature.
    assert verify("PUT", "/v2/upload", "", unsigned, b"other", SECRETS.get, now=DATE) == AK
    claimed = sign("PUT", url, {"X-Sdk-Content-Sha256": hashlib.sha256(body).hexdigest()}, body, AK, SK, DATE)
    assert verify("PUT", "/v2/upload", "", claimed, body, SECRETS.get, now=DATE) == AK
    _expect(BadSignature, "PUT", "/v2/upload", "", claimed, b"other", SECRETS.get)


def test_unknown_key_message_with_secret_lookalike_ak(signed: dict[str, Any]) -> None:
    auth = signed["headers"]["Authorization"].replace(f"Access={AK}", f"Access={SK}")
    request = _call(signed, headers={**signed["headers"], "Authorization": auth})
    _expect(UnknownAccessKey, *request[:5], {}.get)
