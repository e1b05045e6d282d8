"""Differential, stateful: the same random v1.0 sequence to the v1.0 emulator and to the shim over
the v2 emulator must get the same answers (status, error code, body after normalising ids and
times). The only differences allowed are the lossy fields the tables declare, by name.

Families: VPC channels (and their members: bind/unbind), API groups, APIs (published to
environments), throttles (and their special settings), ACLs, signature keys, environments, apps
(their secrets, AppCodes and authorizations to published APIs), and the bindings of throttles,
ACLs and signature keys to published APIs; creates, gets, updates, lists with paging and filters,
deletes, invalid inputs (out-of-range values, too-short names, bad JSON) and unknown ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers.differential import Mismatch, Obj, allowed, compare
from helpers.differential_apps import BINDINGS, AppFamilies
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, consumes, initialize, rule
from shim.conftest import shim_config
from starlette.testclient import TestClient

from translator.core.apierrors import body_keys
from translator.emulator.app import create_app as emulator_app
from translator.emulator.config import EmulatorConfig
from translator.shim.app import create_app
from translator.spec.routes import match

CODE, _ = body_keys()
UNKNOWN = "00000000000000000000000000000bad"
PREFIX = "/v1.0/apigw"
STEPS = 30
EXAMPLES = 40  # steps vary per example: the test asserts 300 requests or more in all


NAMES = st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True)
PAGE_NO = st.integers(min_value=1, max_value=3)
PAGE_SIZE = st.sampled_from([1, 2, 5, 20])


def _channel(name: str, weight: int, time_out: int) -> dict[str, Any]:
    return {
        "name": name,
        "type": 2,
        "member_type": "instance",
        "port": 80,
        "balance_strategy": 1,
        "vpc_instances": [{"instance_id": f"ecs_{name}", "instance_name": f"ecs_{name}", "weight": weight}],
        "vpc_health_config": {
            "protocol": "TCP",
            "port": 80,
            "threshold_normal": 2,
            "threshold_abnormal": 2,
            "time_interval": 10,
            "time_out": time_out,
        },
    }


COLLECTIONS = {
    "vpc_channel": "vpc-channels",
    "api_group": "api-groups",
    "throttle": "throttles",
    "acl": "acls",
    "env": "envs",
    "api": "apis",
    "app": "apps",
    "signature": "signs",
}
NO_GET = {"env", "signature"}
"""Kinds v1.0 has no get operation for."""


class Differential(AppFamilies):
    objects = Bundle("objects")
    members = Bundle("members")
    specials = Bundle("specials")
    apis = Bundle("apis")
    envs = Bundle("envs")
    policies = Bundle("policies")

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(TMP[0]) / f"run{id(self)}"
        self.tmp.mkdir(parents=True, exist_ok=True)
        v1 = emulator_app(EmulatorConfig(api="v1.0", db=str(self.tmp / "v1.db"), seed=1))
        v2 = emulator_app(EmulatorConfig(api="v2", db=str(self.tmp / "v2.db"), seed=1))
        self.emulators = [v1.state.emulator, v2.state.emulator]
        self.v1 = TestClient(v1)
        shim = create_app(shim_config(), transport=httpx.ASGITransport(app=v2))
        self.shim = TestClient(shim)
        self.shim.__enter__()
        self.ids: dict[str, str] = {}
        self.steps = 0

    def teardown(self) -> None:
        self.shim.__exit__(None, None, None)
        for emu in self.emulators:
            emu.store.close()
        STEPS_RUN.append(self.steps)

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict[str, Any] | None = None,
        raw: bytes | None = None,
        shim_path: str | None = None,
        shim_body: Any = None,
        shim_params: dict[str, Any] | None = None,
    ) -> tuple[int, Any, Any]:
        """Send to both; compare; the two bodies."""
        self.steps += 1
        kw: dict[str, Any] = {"params": params}
        if raw is not None:
            kw["content"] = raw
            kw["headers"] = {"Content-Type": "application/json"}
        elif body is not None:
            kw["json"] = body
        a = self.v1.request(method, PREFIX + path, **kw)
        if shim_body is not None:
            kw["json"] = shim_body
        if shim_params is not None:
            kw["params"] = shim_params
        b = self.shim.request(method, PREFIX + (shim_path or path), **kw)
        where = f"{method} {path}"
        SEEN[(method, a.status_code)] = SEEN.get((method, a.status_code), 0) + 1
        BY_PATH[(method, path.split("/")[1], a.status_code)] = (
            BY_PATH.get((method, path.split("/")[1], a.status_code), 0) + 1
        )
        assert a.status_code == b.status_code, (
            f"{where}: {a.status_code} {a.text} != {b.status_code} {b.text}"
        )
        left = a.json() if a.content else None
        right = b.json() if b.content else None
        if a.status_code >= 400:
            assert isinstance(left, dict) and isinstance(right, dict), f"{where}: {a.text} / {b.text}"
            assert left[CODE] == right[CODE], f"{where}: {left} != {right}"
            return a.status_code, left, right
        op, _ = match("v1.0", method, PREFIX + path)
        try:
            compare(allowed(op.id, left), allowed(op.id, right), self.ids)
        except Mismatch as exc:
            raise AssertionError(f"{where} ({op.id}): {exc}\nv1.0: {left}\nshim: {right}") from None
        return a.status_code, left, right

    def _made(self, kind: str, status: int, left: Any, right: Any, parent: Obj | None = None) -> Obj | None:
        if status != 201 or not isinstance(left, dict):
            return None
        return Obj(kind, left["id"], right["id"], parent)

    # creates, valid and not
    @rule(
        target=objects,
        name=NAMES,
        weight=st.sampled_from([1, 5, 100, 500, 0]),
        time_out=st.sampled_from([2, 5, 30, 31]),
    )
    def create_channel(self, name: str, weight: int, time_out: int) -> Any:
        return self._made(
            "vpc_channel", *self.send("POST", "/vpc-channels", _channel(name, weight, time_out))
        )

    @rule(target=objects, name=st.one_of(NAMES, st.just("ab")))
    def create_group(self, name: str) -> Any:
        return self._made("api_group", *self.send("POST", "/api-groups", {"name": name}))

    @rule(
        targets=(objects, policies),
        name=NAMES,
        limit=st.sampled_from([1, 800, 0]),
        unit=st.sampled_from(["SECOND", "MINUTE", "DAY", "WEEK"]),
    )
    def create_throttle(self, name: str, limit: int, unit: str) -> Any:
        body = {"name": name, "api_call_limits": limit, "time_interval": 1, "time_unit": unit}
        return self._made("throttle", *self.send("POST", "/throttles", body))

    @rule(
        targets=(objects, policies),
        name=NAMES,
        kind=st.sampled_from(["PERMIT", "DENY"]),
        value=st.sampled_from(["1.1.1.1", "10.0.0.0/24", "example.com"]),
        entity=st.sampled_from(["IP", "DOMAIN"]),
    )
    def create_acl(self, name: str, kind: str, value: str, entity: str) -> Any:
        body = {"acl_name": name, "acl_type": kind, "acl_value": value, "entity_type": entity}
        return self._made("acl", *self.send("POST", "/acls", body))

    @rule(
        targets=(objects, apis),
        group=objects,
        name=NAMES,
        protocol=st.sampled_from(["HTTPS", "HTTP", "WEBSOCKET"]),
        auth=st.sampled_from(["NONE", "APP"]),
    )
    def create_api(self, group: Obj | None, name: str, protocol: str, auth: str) -> Any:
        if group is None or group.kind != "api_group":
            return None
        body = {
            "name": name,
            "type": 1,
            "req_protocol": protocol,
            "req_method": "GET",
            "req_uri": f"/{name}",
            "auth_type": auth,
            "backend_type": "MOCK",
            "mock_info": {"result_content": "x"},
        }
        made = self.send(
            "POST", "/apis", {**body, "group_id": group.v1}, shim_body={**body, "group_id": group.shim}
        )
        return self._made("api", *made)

    @rule(status=st.sampled_from([1, 2]), page_size=PAGE_SIZE)
    def list_apis_by_status(self, status: int, page_size: int) -> None:
        self.send("GET", "/apis", params={"status": status, "page_size": page_size})

    @rule(targets=(objects, envs), name=NAMES)
    def create_env(self, name: str) -> Any:
        return self._made("env", *self.send("POST", "/envs", {"name": name}))

    @rule()
    def malformed_json(self) -> None:
        self.send("POST", "/api-groups", raw=b'{"name": ')

    # reads
    @rule(obj=objects)
    def get(self, obj: Obj | None) -> None:
        if obj is None or obj.kind in NO_GET:
            return
        collection = COLLECTIONS[obj.kind]
        self.send("GET", f"/{collection}/{obj.v1}", shim_path=f"/{collection}/{obj.shim}")

    @rule(kind=st.sampled_from(sorted(COLLECTIONS)))
    def get_unknown(self, kind: str) -> None:
        if kind not in NO_GET:
            self.send("GET", f"/{COLLECTIONS[kind]}/{UNKNOWN}")

    @rule(
        kind=st.sampled_from(sorted(COLLECTIONS)),
        page_no=PAGE_NO,
        page_size=PAGE_SIZE,
        name=st.one_of(st.none(), NAMES),
    )
    def list(self, kind: str, page_no: int, page_size: int, name: str | None) -> None:
        params: dict[str, Any] = {"page_no": page_no, "page_size": page_size}
        if name is not None:
            params["acl_name" if kind == "acl" else "name"] = name
        self.send("GET", f"/{COLLECTIONS[kind]}", params=params)

    # updates
    @rule(obj=objects, name=st.one_of(NAMES, st.just("ab")))
    def rename(self, obj: Obj | None, name: str) -> None:
        if obj is None or obj.kind == "api":
            return
        bodies: dict[str, dict[str, Any]] = {
            "vpc_channel": _channel(name, 5, 5),
            "api_group": {"name": name},
            "throttle": {"name": name, "api_call_limits": 10, "time_interval": 1, "time_unit": "MINUTE"},
            "acl": {"acl_name": name, "acl_type": "DENY", "acl_value": "2.2.2.2"},
            "env": {"name": name},
            "api": {"name": name},
            "app": {"name": name, "remark": "renamed"},
            "signature": {"name": name},
        }
        body = bodies[obj.kind]
        if obj.kind == "vpc_channel":
            body = {k: v for k, v in body.items() if k != "vpc_instances"}
        collection = COLLECTIONS[obj.kind]
        self.send("PUT", f"/{collection}/{obj.v1}", body, shim_path=f"/{collection}/{obj.shim}")

    # binds and unbinds: channel members, throttle special settings
    @rule(target=members, obj=objects, weight=st.sampled_from([3, 101]))
    def add_member(self, obj: Obj | None, weight: int) -> Any:
        if obj is None or obj.kind != "vpc_channel":
            return None
        body = {
            "vpc_instances": [{"instance_id": "ecs_extra", "instance_name": "ecs_extra", "weight": weight}]
        }
        status, left, right = self.send(
            "POST", f"/vpc-channels/{obj.v1}/members", body, shim_path=f"/vpc-channels/{obj.shim}/members"
        )
        if status != 201:
            return None
        # the answer lists the channel's every member: the added one is the one named ecs_extra
        (v1_id,) = [m["id"] for m in left["vpc_instances"] if m["instance_id"] == "ecs_extra"]
        (shim_id,) = [m["id"] for m in right["vpc_instances"] if m["instance_id"] == "ecs_extra"]
        return Obj("member", v1_id, shim_id, obj)

    @rule(member=consumes(members))
    def remove_member(self, member: Obj | None) -> None:
        if member is None or member.parent is None:
            return
        ch = member.parent
        self.send(
            "DELETE",
            f"/vpc-channels/{ch.v1}/members/{member.v1}",
            shim_path=f"/vpc-channels/{ch.shim}/members/{member.shim}",
        )

    @rule(obj=objects)
    def list_members(self, obj: Obj | None) -> None:
        if obj is not None and obj.kind == "vpc_channel":
            self.send("GET", f"/vpc-channels/{obj.v1}/members", shim_path=f"/vpc-channels/{obj.shim}/members")

    @rule(target=specials, obj=objects, limit=st.sampled_from([5, 150]))
    def add_special(self, obj: Obj | None, limit: int) -> Any:
        if obj is None or obj.kind != "throttle":
            return None
        body = {
            "call_limits": limit,
            "instance_id": "0123456789abcdef0123456789abcdef",
            "instance_type": "USER",
        }
        made = self.send(
            "POST",
            "/throttle-specials",
            {**body, "strategy_id": obj.v1},
            shim_body={**body, "strategy_id": obj.shim},
        )
        return self._made("special", *made, obj)

    @rule(special=specials, limit=st.sampled_from([7, 0]))
    def update_special(self, special: Obj | None, limit: int) -> None:
        if special is not None:
            self.send(
                "PUT",
                f"/throttle-specials/{special.v1}",
                {"call_limits": limit},
                shim_path=f"/throttle-specials/{special.shim}",
            )

    @rule(special=consumes(specials))
    def remove_special(self, special: Obj | None) -> None:
        if special is not None:
            self.send(
                "DELETE", f"/throttle-specials/{special.v1}", shim_path=f"/throttle-specials/{special.shim}"
            )

    # deletes
    @rule(obj=consumes(objects))
    def delete(self, obj: Obj | None) -> None:
        if obj is None:
            return
        collection = COLLECTIONS[obj.kind]
        self.send("DELETE", f"/{collection}/{obj.v1}", shim_path=f"/{collection}/{obj.shim}")

    @rule(kind=st.sampled_from(sorted(COLLECTIONS)))
    def delete_unknown(self, kind: str) -> None:
        self.send("DELETE", f"/{COLLECTIONS[kind]}/{UNKNOWN}")

    @initialize()
    def start(self) -> None:
        self.send("GET", "/envs")


TMP: list[str] = []
STEPS_RUN: list[int] = []
SEEN: dict[tuple[str, int], int] = {}
BY_PATH: dict[tuple[str, str, int], int] = {}


def test_shim_answers_as_v1(tmp_path: Path) -> None:
    TMP[:] = [str(tmp_path)]
    STEPS_RUN.clear()
    run = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )(Differential)
    run.TestCase().runTest()
    assert sum(STEPS_RUN) >= 300, STEPS_RUN
    statuses = {status for _, status in SEEN}
    assert {200, 201, 204, 400, 404} <= statuses, SEEN
    made = {collection for (method, collection, status) in BY_PATH if method == "POST" and status == 201}
    assert {"apps", "app-auths", "signs"} <= made and made & set(BINDINGS.values()), sorted(made)
    print(sorted(BY_PATH.items()), sum(STEPS_RUN))


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
