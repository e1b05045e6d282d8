"""Auth through the shim (token pass-through, AK/SK verified and re-signed) and the upstream's
failures (backend down 502, backend slow 504); nothing secret in the access log."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest
from shim.conftest import MakePair, shim_config
from starlette.testclient import TestClient

from translator.core.apierrors import body_keys
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.shim.app import create_app
from translator.shim.serve import free_port
from translator.shim.serve import running as shim_running
from translator.signing import sign

CODE, _ = body_keys()
AK = "SHIMTESTACCESSKEY"
SK = "shim-test-secret-key-0123456789"
TOKEN = "shim-test-token"
LIST = "/v1.0/apigw/vpc-channels"
GROUP = b'{"name": "grp_signed"}'


def _signed(body: bytes, *, now: datetime | None = None, sk: str = SK) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    return sign("POST", "http://testserver/v1.0/apigw/api-groups", headers, body, AK, sk, now=now)


def test_token_is_passed_through(make_pair: MakePair, caplog: pytest.LogCaptureFixture) -> None:
    pair = make_pair(emulator={"token": TOKEN}, shim={"access_log": True})
    with caplog.at_level(logging.INFO, logger="translator.shim.access"):
        assert pair.client.get(LIST, headers={"X-Auth-Token": TOKEN}).status_code == 200
    wrong = pair.client.get(LIST, headers={"X-Auth-Token": "not-the-token"})
    assert wrong.status_code == 401 and wrong.json()[CODE] == "APIG.1002"
    line = orjson.loads(caplog.records[0].getMessage())
    assert line["op"] == "vpc_channel.list" and line["status"] == 200 and "/v2/" in line["v2_url"]
    assert TOKEN not in caplog.text


def test_signed_requests_are_verified_and_re_signed(
    make_pair: MakePair, caplog: pytest.LogCaptureFixture
) -> None:
    pair = make_pair(
        emulator={"ak": AK, "sk": SK}, shim={"backend_ak": AK, "backend_sk": SK, "access_log": True}
    )
    c = pair.client
    with caplog.at_level(logging.INFO, logger="translator.shim.access"):
        good = c.post("/v1.0/apigw/api-groups", content=GROUP, headers=_signed(GROUP))
    assert good.status_code == 201, good.text
    headers = _signed(GROUP)
    assert headers["Authorization"].rsplit("=", 1)[1] not in caplog.text and SK not in caplog.text
    tampered = c.post("/v1.0/apigw/api-groups", content=b'{"name": "grp_other"}', headers=_signed(GROUP))
    assert tampered.status_code == 401 and tampered.json()[CODE] == "APIG.1002"
    stale = _signed(GROUP, now=datetime.now(UTC) - timedelta(hours=1))
    late = c.post("/v1.0/apigw/api-groups", content=GROUP, headers=stale)
    assert late.status_code == 401 and late.json()[CODE] == "APIG.1001"
    wrong_key = c.post(
        "/v1.0/apigw/api-groups", content=GROUP, headers=_signed(GROUP, sk="another-secret-key-0")
    )
    assert wrong_key.status_code == 401 and wrong_key.json()[CODE] == "APIG.1002"
    anonymous = c.get(LIST)
    assert anonymous.status_code == 401 and anonymous.json()[CODE] == "APIG.1000"


def test_backend_down_is_502() -> None:
    config = shim_config(backend=f"http://127.0.0.1:{free_port('127.0.0.1')}", connect_timeout=1.0)
    with TestClient(create_app(config)) as client:
        answer = client.get(LIST)
        assert answer.status_code == 502 and set(answer.json()) == set(body_keys())
        assert client.get("/healthz").status_code == 503


def test_backend_slow_is_504() -> None:
    emulator = EmulatorConfig(api="v2", port=0, faults="latency_ms=1500")
    with running(emulator) as (url, _):
        config = shim_config(backend=url, read_timeout=0.2)
        with TestClient(create_app(config)) as client:
            answer = client.get(LIST)
    assert answer.status_code == 504 and answer.json()[CODE] == "APIG.0202"


def test_no_open_proxy(make_pair: MakePair) -> None:
    pair = make_pair()
    answer = pair.client.get("http://testserver//evil.example/v1.0/apigw/vpc-channels")
    assert answer.status_code == 404


def test_signed_over_sockets_with_the_default_upstream() -> None:
    """The upstream the shim picks (aiohttp when installed) re-signs what it sends exactly."""
    emulator = EmulatorConfig(api="v2", port=0, ak=AK, sk=SK)
    with running(emulator) as (url, _):
        config = shim_config(backend=url, port=0, backend_ak=AK, backend_sk=SK)
        with shim_running(config) as shim_url, httpx.Client(base_url=shim_url) as client:
            base = f"http://{shim_url.removeprefix('http://')}"
            headers = sign(
                "POST", f"{base}/v1.0/apigw/api-groups", {"Content-Type": "application/json"}, GROUP, AK, SK
            )
            made = client.post("/v1.0/apigw/api-groups", content=GROUP, headers=headers)
            assert made.status_code == 201, made.text
            query = "name=grp_signed&page_size=5"
            headers = sign("GET", f"{base}/v1.0/apigw/api-groups?{query}", {}, b"", AK, SK)
            listed = client.get(f"/v1.0/apigw/api-groups?{query}", headers=headers)
            assert listed.status_code == 200 and listed.json()["total"] == 1, listed.text
