"""The docs' value rules, enforced by live emulators on loopback.

Issue 11's acceptance list on v1.0: a name starting with a digit, a throttle's call limit out of
range, a health check timing out no sooner than its interval, an app code too short: each a 400
with the documented code and a message naming the field; the same object with valid values is
created. Then, for each rule kind the spec data holds, on both emulators: one request breaking a
rule of that kind (a doc sample with one value changed, see ``rule_cases``) gets the documented
400 naming the field.
"""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest
from emulator.conftest import AK, SK
from emulator.rule_cases import RuleCase, cases, kinds_present

from translator.core.apierrors import ApiError
from translator.emulator.app import Emulator
from translator.models.rules import code_for
from translator.signing import sign
from translator.types import VERSIONS, Version

HC = {"protocol": "TCP", "threshold_normal": 2, "threshold_abnormal": 2, "time_out": 5, "time_interval": 10}
CHANNEL = {
    "type": 2,
    "port": 80,
    "balance_strategy": 1,
    "member_type": "instance",
    "vpc_instances": [{"instance_id": "ecs-1", "instance_name": "ecs1", "weight": 5}],
}


def _send(url: str, method: str, path: str, body: Any = None) -> httpx.Response:
    content = orjson.dumps(body) if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    signed = sign(method, url + path, headers, content, AK, SK)
    return httpx.request(method, url + path, headers=signed, content=content, timeout=10)


def _post(url: str, path: str, body: dict[str, Any]) -> httpx.Response:
    return _send(url, "POST", "/v1.0/apigw" + path, body)


@pytest.fixture(scope="module")
def v1(v1_server: tuple[str, Emulator]) -> str:
    return v1_server[0]


@pytest.fixture(scope="module")
def group_id(v1: str) -> str:
    r = _post(v1, "/api-groups", {"name": "rules_group"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


@pytest.fixture(scope="module")
def app_id(v1: str) -> str:
    r = _post(v1, "/apps", {"name": "rules_app"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _bodies(name: str, group: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """Per family: (collection path, the name field, a valid body named ``name``)."""
    api = {
        "group_id": group,
        "type": 1,
        "req_method": "GET",
        "req_uri": f"/{name}",
        "auth_type": "NONE",
        "backend_type": "MOCK",
        "mock_info": {"result_content": "ok"},
    }
    acl = {"acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"}
    throttle = {"api_call_limits": 100, "time_interval": 1, "time_unit": "SECOND"}
    return {
        "api_group": ("/api-groups", "name", {"name": name}),
        "env": ("/envs", "name", {"name": name}),
        "vpc_channel": ("/vpc-channels", "name", {**CHANNEL, "name": name, "vpc_health_config": HC}),
        "throttle": ("/throttles", "name", {**throttle, "name": name}),
        "acl": ("/acls", "acl_name", {**acl, "acl_name": name}),
        "signature": ("/signs", "name", {"name": name}),
        "app": ("/apps", "name", {"name": name}),
        "api": ("/apis", "name", {**api, "name": name}),
    }


FAMILIES = sorted(_bodies("x", "g"))
NAME_CODES = {"env": "APIG.2012"}
"""Where the docs' example answers a bad name with another code than APIG.2011 (创建环境)."""


def _rejected(r: httpx.Response, code: str, field: str) -> str:
    assert (r.status_code, r.json().get("error_code")) == (400, code), r.text
    message: str = r.json()["error_msg"]
    assert f"parameterName:{field}." in message, message
    assert "breaks the rule" in message and "the docs:" in message, message
    return message


@pytest.mark.parametrize("family", FAMILIES)
def test_a_name_starting_with_a_digit_is_refused_and_a_letter_is_created(
    v1: str, group_id: str, family: str
) -> None:
    path, field, bad = _bodies(f"1st_{family}", group_id)[family]
    message = _rejected(_post(v1, path, bad), NAME_CODES.get(family, "APIG.2011"), field)
    assert "1st_" not in message  # the value is not repeated (it could be a secret elsewhere)
    path, field, good = _bodies(f"first_{family}", group_id)[family]
    r = _post(v1, path, good)
    assert r.status_code == 201, r.text
    assert r.json()[field] == f"first_{family}"


@pytest.mark.parametrize(("limit", "code"), [(0, "APIG.2002"), (2147483648, "APIG.2003")])
def test_a_throttle_call_limit_out_of_range_is_refused(v1: str, limit: int, code: str) -> None:
    body = {"name": f"th_{limit}", "api_call_limits": limit, "time_interval": 1, "time_unit": "SECOND"}
    _rejected(_post(v1, "/throttles", body), code, "api_call_limits")


@pytest.mark.parametrize("limit", [1, 2147483647])
def test_a_throttle_call_limit_at_a_bound_is_created(v1: str, limit: int) -> None:
    body = {"name": f"th_ok_{limit}", "api_call_limits": limit, "time_interval": 1, "time_unit": "SECOND"}
    r = _post(v1, "/throttles", body)
    assert r.status_code == 201, r.text
    assert r.json()["api_call_limits"] == limit


@pytest.mark.parametrize(("time_out", "interval"), [(10, 10), (30, 5)])
def test_a_health_check_timing_out_no_sooner_than_its_interval_is_refused(
    v1: str, time_out: int, interval: int
) -> None:
    hc = {**HC, "time_out": time_out, "time_interval": interval}
    body = {**CHANNEL, "name": f"vpc_{time_out}_{interval}", "vpc_health_config": hc}
    _rejected(_post(v1, "/vpc-channels", body), "APIG.2004", "vpc_health_config.time_out")
    hc = {**HC, "time_out": interval - 1 if interval > 5 else 2, "time_interval": max(interval, 5)}
    r = _post(v1, "/vpc-channels", {**body, "vpc_health_config": hc})
    assert r.status_code == 201, r.text


def test_an_app_code_of_ten_characters_is_refused_and_of_sixty_four_created(v1: str, app_id: str) -> None:
    _rejected(_post(v1, f"/apps/{app_id}/app-codes", {"app_code": "A" * 10}), "APIG.2005", "app_code")
    r = _post(v1, f"/apps/{app_id}/app-codes", {"app_code": "A" * 64})
    assert r.status_code == 201, r.text


def _ids(case: RuleCase) -> str:
    return f"{case.version}-{case.rule.kind}-{case.op_id}-{case.field}"


@pytest.mark.parametrize("case", cases(), ids=_ids)
def test_each_rule_kind_breached_is_its_documented_400(
    case: RuleCase, v1_server: tuple[str, Emulator], v2_server: tuple[str, Emulator]
) -> None:
    url, emu = v1_server if case.version == "v1.0" else v2_server
    path = case.url_path({"project_id": emu.config.project_id, "instance_id": emu.config.instance_id})
    r = _send(url, case.method, path, case.body if case.part == "request" else None)
    _, expected = ApiError(code_for(case.breach, case.part)).render(case.version)
    assert (r.status_code, r.json()["error_code"]) == (400, expected["error_code"]), r.text
    assert f"parameterName:{case.field}." in r.json()["error_msg"]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_rule_kind_of_the_data_has_a_breaching_request(version: Version) -> None:
    assert kinds_present(version), "the spec data holds no rules"
    assert {c.rule.kind for c in cases() if c.version == version} == kinds_present(version)
