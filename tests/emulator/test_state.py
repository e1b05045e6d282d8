"""State: a 2xx means committed, a restart on the same db keeps everything, concurrent creates
lose nothing, and a faulted request changes nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running

PREFIX = "/v1.0/apigw"


def test_restart_keeps_everything(tmp_path: Path) -> None:
    cfg = EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "state.db"))
    with running(cfg) as (url, _):
        app = httpx.post(url + PREFIX + "/apps", json={"name": "persisted_app"}).json()
        httpx.post(
            url + PREFIX + f"/apps/{app['id']}/app-codes", json={"app_code": "C" * 64}
        ).raise_for_status()
    with running(cfg) as (url, _):
        got = httpx.get(url + PREFIX + f"/apps/{app['id']}")
        assert got.status_code == 200 and got.json()["name"] == "persisted_app"
        assert httpx.get(url + PREFIX + f"/apps/{app['id']}/app-codes/").json()["total"] == 1
        assert httpx.get(url + PREFIX + "/envs").json()["total"] == 1  # the built-in RELEASE, seeded once


def test_fifty_concurrent_creates_with_one_collision(tmp_path: Path) -> None:
    cfg = EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "race.db"))
    names = [f"throttle_{i:02d}" for i in range(49)] + ["throttle_00"]
    body = {"api_call_limits": 10, "time_interval": 1, "time_unit": "SECOND"}
    with running(cfg) as (url, _), httpx.Client(base_url=url, timeout=30) as client:

        def create(name: str) -> int:
            return client.post(PREFIX + "/throttles", json={"name": name, **body}).status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(create, names))
        assert sorted(statuses) == [201] * 49 + [400]
        listed = client.get(PREFIX + "/throttles", params={"page_size": 100}).json()
        assert listed["total"] == 49
        assert {t["name"] for t in listed["throttles"]} == set(names)


def test_faults_change_nothing_and_are_settable(tmp_path: Path) -> None:
    cfg = EmulatorConfig(
        api="v1.0", port=0, db=str(tmp_path / "faults.db"), faults="rate=1,status=503,retry_after=2"
    )
    with running(cfg) as (url, emu), httpx.Client(base_url=url, timeout=10) as client:
        r = client.post(PREFIX + "/envs", json={"name": "FAULTED"})
        assert r.status_code == 503 and r.headers["Retry-After"] == "2"
        assert set(r.json()) == {"error_code", "error_msg"}
        assert client.get("/_emulator/faults").json()["spec"] == "rate=1,status=503,retry_after=2"
        assert client.put("/_emulator/faults", json={"spec": "off"}).json()["spec"] == "off"
        assert client.put("/_emulator/faults", json={"spec": "rate=2"}).status_code == 400
        names = {e["name"] for e in client.get(PREFIX + "/envs").json()["envs"]}
        assert names == {"RELEASE"}
        seeded = "rate=0.5,status=429|500,seed=7"
        client.put("/_emulator/faults", content=seeded)
        first = [client.get(PREFIX + "/envs").status_code for _ in range(20)]
        client.put("/_emulator/faults", content=seeded)
        assert [client.get(PREFIX + "/envs").status_code for _ in range(20)] == first
        assert {429, 500, 200} >= set(first) and len(set(first)) > 1
        assert emu.faults.injected > 0
