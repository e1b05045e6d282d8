"""HTTP-level rules of both emulators: methods and a truthful ``Allow``, HEAD and OPTIONS, body
size, nesting and list limits, and one large request not holding up the others."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from translator.core.bodies import Limits
from translator.emulator.app import Emulator
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.types import Version

ERROR_KEYS = {"error_code", "error_msg"}
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PURGE", "FOO")


@pytest.fixture(scope="module", params=["v1.0", "v2"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, Emulator]]:
    """(base url, API prefix, state) of an open emulator with a small body limit."""
    version: Version = request.param
    db = tmp_path_factory.mktemp("http") / "emu.db"
    limits = Limits(max_bytes=256 * 1024, max_depth=64, max_items=1000)
    with running(EmulatorConfig(api=version, port=0, db=str(db), limits=limits, seed=5)) as (url, emu):
        cfg = emu.config
        prefix = (
            "/v1.0/apigw" if version == "v1.0" else f"/v2/{cfg.project_id}/apigw/instances/{cfg.instance_id}"
        )
        yield url, prefix, emu


def _is_error(r: httpx.Response, status: int) -> None:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"] == "application/json"
    assert set(r.json()) == ERROR_KEYS and "Traceback" not in r.text


@pytest.mark.parametrize("path", ["/envs", "/apis", "/vpc-channels", "/throttles/" + "a" * 32])
def test_allow_tells_the_truth(server: tuple[str, str, Emulator], path: str) -> None:
    url, prefix, _ = server
    with httpx.Client(base_url=url, timeout=10) as client:
        allow = client.options(prefix + path).headers["allow"].split(", ")
        assert "OPTIONS" in allow and ("HEAD" in allow) == ("GET" in allow)
        for method in METHODS:
            r = client.request(method, prefix + path)
            if method in allow:  # answered by the operation: never "no such API" (a missing object may 404)
                assert r.status_code != 405, (method, r.text)
                assert method == "HEAD" or not r.content or r.json().get("error_code") != "APIG.0101", r.text
            else:
                _is_error(r, 405)
                assert r.headers["allow"].split(", ") == allow


def test_an_unknown_path_is_the_gateways_404_for_every_method(server: tuple[str, str, Emulator]) -> None:
    url, prefix, _ = server
    for method in METHODS:
        r = httpx.request(method, url + prefix + "/no-such-thing", timeout=10)
        if method == "HEAD":
            assert r.status_code == 404 and r.content == b""
        else:
            _is_error(r, 404)
            assert "allow" not in r.headers and r.json()["error_code"] == "APIG.0101"


def test_head_is_get_without_the_body(server: tuple[str, str, Emulator]) -> None:
    url, prefix, _ = server
    got = httpx.get(url + prefix + "/envs", timeout=10)
    head = httpx.head(url + prefix + "/envs", timeout=10)
    assert head.status_code == got.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(got.content))
    assert head.headers["content-type"] == got.headers["content-type"]
    missing = httpx.head(url + prefix + "/throttles/" + "b" * 32, timeout=10)
    assert missing.status_code == 404 and missing.content == b""


def _limits(emu: Emulator) -> Limits:
    return emu.config.limits


def test_a_body_over_the_limit_is_a_413(server: tuple[str, str, Emulator]) -> None:
    url, prefix, emu = server
    before = httpx.get(url + prefix + "/envs", timeout=10).json()
    big = orjson.dumps({"name": "env_big", "remark": "x" * (_limits(emu).max_bytes + 1)})
    r = httpx.post(
        url + prefix + "/envs", content=big, headers={"content-type": "application/json"}, timeout=30
    )
    _is_error(r, 413)
    assert r.json()["error_code"] == "APIG.0201" and r.headers.get("connection") == "close"

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused as soon as it passes the limit
        for _ in range(20):
            yield b"x" * 65536

    r = httpx.post(url + prefix + "/envs", content=chunks(), timeout=30)
    _is_error(r, 413)
    assert httpx.get(url + prefix + "/envs", timeout=10).json() == before


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 400, "APIG.2000"),
        (b'{"name": ' + b'{"a": ' * 70 + b"1" + b"}" * 70 + b"}", 400, "APIG.2000"),
        (b"\xff\xfe{}", 400, "APIG.2000"),
        (b'{"name": "caf\xe9"}', 400, "APIG.2000"),
        (b'{"name": "env_n", "junk": [' + b"1," * 1500 + b"1]}", 400, "APIG.2006"),
        (b'{"name": "env_nan", "remark": NaN}', 400, "APIG.2000"),
    ],
)
def test_bodies_over_the_shape_limits_are_400s(
    server: tuple[str, str, Emulator], raw: bytes, status: int, code: str
) -> None:
    url, prefix, _ = server
    r = httpx.post(
        url + prefix + "/envs", content=raw, headers={"content-type": "application/json"}, timeout=30
    )
    _is_error(r, status)
    assert r.json()["error_code"] == code


def test_a_large_request_does_not_hold_up_the_others(tmp_path: Path) -> None:
    """An 11 MB create (under the default 12 MiB limit) is parsed and validated off the event loop."""
    members = [
        {"instance_id": f"i{i:04d}", "instance_name": "n" * 60, "weight": 1, "pad": "p" * 11_000}
        for i in range(1000)
    ]
    body = {"name": "vpc_big", "type": 2, "member_type": "instance", "port": 80, "balance_strategy": 1}
    raw = orjson.dumps({**body, "vpc_instances": members})
    assert 10_000_000 < len(raw) < 12 * 1024 * 1024
    cfg = EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "big.db"))
    with running(cfg) as (url, _), httpx.Client(base_url=url, timeout=60) as client:
        result: dict[str, int] = {}

        def create() -> None:
            r = httpx.post(url + "/v1.0/apigw/vpc-channels", content=raw, timeout=60)
            result["status"] = r.status_code

        worker = threading.Thread(target=create)
        worker.start()
        worst, calls = 0.0, 0
        deadline = time.monotonic() + 60
        while worker.is_alive() and time.monotonic() < deadline:
            started = time.monotonic()
            assert client.get("/v1.0/apigw/envs").status_code == 200
            worst, calls = max(worst, time.monotonic() - started), calls + 1
        worker.join(timeout=60)
        assert result.get("status") == 201
        assert worst < 2.0, f"a small request waited {worst:.2f} s behind the large one ({calls} calls)"
