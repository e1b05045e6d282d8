"""State: a 2xx means committed, a restart on the same db keeps everything, concurrent creates
lose nothing, and a faulted request changes nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

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


def test_documented_quota_is_enforced_and_configurable(tmp_path: Path) -> None:
    """30 VPC channels per tenant ("每个用户最多创建30个VPC通道"); --quota replaces the number."""
    body = {
        "type": 2,
        "port": 80,
        "balance_strategy": 1,
        "member_type": "instance",
        "vpc_health_config": {
            "protocol": "TCP",
            "threshold_normal": 2,
            "threshold_abnormal": 2,
            "time_out": 5,
            "time_interval": 10,
        },
        "vpc_instances": [{"instance_id": "ecs-1", "instance_name": "ecs1", "weight": 10}],
    }
    config = EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "q.db"), quotas={"vpc_channel": 3})
    with running(config) as (url, _emu), httpx.Client(base_url=url, timeout=10) as client:
        for i in range(3):
            assert (
                client.post("/v1.0/apigw/vpc-channels", json={**body, "name": f"vpc_{i:03d}"}).status_code
                == 201
            )
        over = client.post("/v1.0/apigw/vpc-channels", json={**body, "name": "vpc_999"})
        assert over.status_code == 403 and over.json()["error_code"] == "APIG.3109"
        assert client.get("/v1.0/apigw/vpc-channels").json()["total"] == 3
    default = EmulatorConfig(api="v2", port=0, db=str(tmp_path / "d.db"))
    with running(default) as (_url, emu):
        assert emu.registry.resource("vpc_channel").quota == 30


def test_unknown_quota_names_are_refused() -> None:
    with (
        pytest.raises(ValueError, match="unknown resource"),
        running(EmulatorConfig(api="v2", port=0, quotas={"x": 3})),
    ):
        pass
