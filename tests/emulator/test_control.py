"""The control endpoint ``/_emulator/faults``: the API's credentials, bounded values, JSON answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from emulator.conftest import AK, SK, TOKEN

from translator.emulator.app import FAULTS_PATH, Emulator
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.signing import sign


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Emulator]]:
    db = tmp_path_factory.mktemp("control") / "emu.db"
    with running(EmulatorConfig(api="v2", port=0, db=str(db), token=TOKEN, ak=AK, sk=SK)) as served:
        yield served


def _put(url: str, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.put(url + FAULTS_PATH, content=body, headers=headers or {}, timeout=10)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Auth-Token": "wrong"},
        {"Authorization": "SDK-HMAC-SHA256 Access=x, SignedHeaders=y, Signature=z"},
    ],
    ids=["none", "wrong token", "bad signature"],
)
def test_no_or_wrong_credentials_change_nothing(
    locked: tuple[str, Emulator], headers: dict[str, str]
) -> None:
    url, emu = locked
    for method in ("PUT", "GET", "DELETE", "TRACE"):
        r = httpx.request(method, url + FAULTS_PATH, content=b"rate=1", headers=headers, timeout=10)
        assert r.status_code == 401 and set(r.json()) == {"error_code", "error_msg"}, (method, r.text)
    assert str(emu.faults.spec) == "off"
    assert (
        httpx.get(
            url + f"/v2/{emu.config.project_id}/apigw/instances/{emu.config.instance_id}/envs",
            headers={"X-Auth-Token": TOKEN},
            timeout=10,
        ).status_code
        == 200
    )


def test_the_apis_credentials_work(locked: tuple[str, Emulator]) -> None:
    url, emu = locked
    r = _put(url, b"rate=0.5,seed=1", {"X-Auth-Token": TOKEN})
    assert r.status_code == 200 and r.json()["spec"].startswith("rate=0.5")
    signed = sign("PUT", url + FAULTS_PATH, {}, b"off", AK, SK)
    assert _put(url, b"off", signed).json()["spec"] == "off"
    assert str(emu.faults.spec) == "off"


@pytest.mark.parametrize(
    "spec",
    [
        b"latency_ms=1e8",
        b"latency_ms=60001",
        b"retry_after=3601",
        b"rate=1,seed=-1",
        b"seed=" + b"9" * 30,
        b"rate=" + b"1" * 2000,
    ],
)
def test_values_are_bounded(locked: tuple[str, Emulator], spec: bytes) -> None:
    url, emu = locked
    r = _put(url, spec, {"X-Auth-Token": TOKEN})
    assert r.status_code in (400, 413) and set(r.json()) == {"error_code", "error_msg"}, r.text
    assert str(emu.faults.spec) == "off"


def test_a_long_body_and_other_methods(locked: tuple[str, Emulator]) -> None:
    url, emu = locked
    r = _put(url, orjson.dumps({"spec": "rate=0.1" + " " * 10_000}), {"X-Auth-Token": TOKEN})
    assert r.status_code == 413 and r.json()["error_code"] == "APIG.0201"
    r = httpx.request("TRACE", url + FAULTS_PATH, headers={"X-Auth-Token": TOKEN}, timeout=10)
    assert (
        r.status_code == 405
        and r.headers["allow"] == "GET, HEAD, PUT"
        and set(r.json()) == {"error_code", "error_msg"}
    )
    head = httpx.head(url + FAULTS_PATH, headers={"X-Auth-Token": TOKEN}, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert str(emu.faults.spec) == "off"


def test_an_open_emulator_has_an_open_control_endpoint(tmp_path: Path) -> None:
    with running(EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "open.db"))) as (url, emu):
        assert _put(url, b"latency_ms=5").status_code == 200
        assert emu.faults.latency_s == 0.005
