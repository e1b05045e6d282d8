"""The shim over an in-process v2 emulator: the new user's walk, several-call operations, errors."""

from __future__ import annotations

from typing import Any

import pytest
from shim.conftest import MakePair, Pair

from translator.core.apierrors import body_keys
from translator.matrix import compatibility_matrix
from translator.shim.multicall import several_calls

CODE, MESSAGE = body_keys()
CHANNEL: dict[str, Any] = {
    "name": "vpc_1",
    "type": 2,
    "member_type": "instance",
    "port": 80,
    "balance_strategy": 1,
    "vpc_instances": [{"instance_id": "i1", "instance_name": "n1", "weight": 5}],
    "vpc_health_config": {
        "protocol": "TCP",
        "port": 80,
        "threshold_normal": 2,
        "threshold_abnormal": 2,
        "time_interval": 10,
        "time_out": 5,
    },
}


def _channel(name: str, weight: int = 5) -> dict[str, Any]:
    return {**CHANNEL, "name": name, "vpc_instances": [{**CHANNEL["vpc_instances"][0], "weight": weight}]}


def test_a_new_users_walk(pair: Pair) -> None:
    c = pair.client
    created = c.post("/v1.0/apigw/vpc-channels", json=CHANNEL)
    assert created.status_code == 201, created.text
    for i in range(2, 26):
        assert c.post("/v1.0/apigw/vpc-channels", json=_channel(f"vpc_{i}")).status_code == 201
    page = c.get("/v1.0/apigw/vpc-channels", params={"page_no": 2, "page_size": 20})
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 25 and body["size"] == 5 and len(body["vpcs"]) == 5
    members = c.get(f"/v1.0/apigw/vpc-channels/{created.json()['id']}/members").json()
    assert [m["weight"] for m in members["vpc_instances"]] == [5]
    heavy = c.post("/v1.0/apigw/vpc-channels", json=_channel("vpc_heavy", weight=500))
    assert heavy.status_code == 400
    assert heavy.json()[CODE] == "APIG.2003" and "weight" in heavy.json()[MESSAGE]


def test_adding_a_member_answers_the_channels_whole_member_list(pair: Pair) -> None:
    """v1.0's doc sample: one member added to a channel of one answers ``total: 2`` with both. v2's
    member create answers the whole list too (its second sample), so one v2 call gives it."""
    c = pair.client
    channel = c.post("/v1.0/apigw/vpc-channels", json=CHANNEL).json()
    extra = {"instance_id": "i2", "instance_name": "n2", "weight": 7}
    added = c.post(f"/v1.0/apigw/vpc-channels/{channel['id']}/members", json={"vpc_instances": [extra]})
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["total"] == body["size"] == 2
    assert [(m["instance_id"], m["weight"]) for m in body["vpc_instances"]] == [("i2", 7), ("i1", 5)]
    assert all(m["vpc_id"] == channel["id"] for m in body["vpc_instances"])
    assert "vpc_channel.member.create" not in several_calls()
    (row,) = [r for r in compatibility_matrix() if r.v1_id == "vpc_channel.member.create"]
    assert row.status != "unsupported"


def test_unsupported_unknown_and_malformed(pair: Pair) -> None:
    c = pair.client
    unsupported = c.get("/v1.0/apigw/purchases/apis")
    assert unsupported.status_code == 501
    assert set(unsupported.json()) == {CODE, MESSAGE}
    assert "marketplace.purchased_api.list" in unsupported.json()[MESSAGE]
    assert "shared gateway" in unsupported.json()[MESSAGE]
    unknown = c.get("/v1.0/apigw/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()[CODE] == "APIG.0101"
    bad = c.post("/v1.0/apigw/vpc-channels", content=b"{bad", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()[CODE] == "APIG.2000"
    missing = c.get("/v1.0/apigw/vpc-channels/abc")
    assert missing.status_code == 404 and missing.json()[CODE] == "APIG.3023"


def test_oversized_body_is_413(make_pair: MakePair) -> None:
    pair = make_pair(shim={"max_body": 1024})
    big = {**CHANNEL, "remark": "x" * 2000}
    answer = pair.client.post("/v1.0/apigw/vpc-channels", json=big)
    assert answer.status_code == 413 and set(answer.json()) == {CODE, MESSAGE}


def test_several_calls_are_the_tables_lossy_required_fields() -> None:
    found = several_calls()
    assert set(found) == {
        "acl.update",
        "api.update",
        "openapi.export_apis",
        "throttle.special.update",
        "throttle.special.delete",
        "vpc_channel.update",
    }
    served = {r.v1_id for r in compatibility_matrix() if r.status != "unsupported"}
    assert set(found) <= served


def test_special_throttle_update_and_delete_find_the_throttle(pair: Pair) -> None:
    c = pair.client
    throttle = c.post(
        "/v1.0/apigw/throttles",
        json={"api_call_limits": 800, "name": "t800", "time_interval": 1, "time_unit": "SECOND"},
    ).json()
    other = c.post(
        "/v1.0/apigw/throttles",
        json={"api_call_limits": 10, "name": "t10", "time_interval": 1, "time_unit": "SECOND"},
    ).json()
    app = c.post("/v1.0/apigw/apps", json={"name": "app_1"}).json()
    body = {
        "call_limits": 150,
        "instance_id": app["id"],
        "instance_type": "APP",
        "strategy_id": throttle["id"],
    }
    special = c.post("/v1.0/apigw/throttle-specials", json=body)
    assert special.status_code == 201, special.text
    sid = special.json()["id"]
    updated = c.put(f"/v1.0/apigw/throttle-specials/{sid}", json={"call_limits": 99})
    assert updated.status_code == 200 and updated.json()["call_limits"] == 99
    listed = c.get(f"/v1.0/apigw/throttle-specials/{throttle['id']}").json()
    assert [s["call_limits"] for s in listed["throttle_specials"]] == [99]
    assert c.get(f"/v1.0/apigw/throttle-specials/{other['id']}").json()["total"] == 0
    assert c.delete(f"/v1.0/apigw/throttle-specials/{sid}").status_code == 204
    gone = c.delete(f"/v1.0/apigw/throttle-specials/{sid}")
    assert gone.status_code == 404 and gone.json()[CODE] == "APIG.3013"


def test_acl_update_reads_the_stored_entity_type(pair: Pair) -> None:
    c = pair.client
    acl = c.post(
        "/v1.0/apigw/acls",
        json={"acl_name": "acl_1", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
    ).json()
    change = {"acl_name": "acl_1", "acl_type": "DENY", "acl_value": "1.1.1.2"}
    updated = c.put(f"/v1.0/apigw/acls/{acl['id']}", json=change)
    assert updated.status_code == 200 and updated.json()["acl_type"] == "DENY"
    assert c.get(f"/v1.0/apigw/acls/{acl['id']}").json()["entity_type"] == "IP"
    missing = c.put("/v1.0/apigw/acls/nope", json=change)
    assert missing.status_code == 404 and missing.json()[CODE] == "APIG.3006"


def _api(c: Any, group_id: str, name: str) -> dict[str, Any]:
    body = {
        "group_id": group_id,
        "name": name,
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": f"/{name}",
        "auth_type": "NONE",
        "backend_type": "MOCK",
        "mock_info": {"result_content": "x"},
    }
    answer = c.post("/v1.0/apigw/apis", json=body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def test_export_of_chosen_apis_finds_their_group(pair: Pair) -> None:
    c = pair.client
    group = c.post("/v1.0/apigw/api-groups", json={"name": "grp_1"}).json()
    api = _api(c, group["id"], "api_1")
    exported = c.post(
        "/v1.0/apigw/openapi/apis", params={"env_id": "DEFAULT_ENVIRONMENT_RELEASE_ID"}, json=[api["id"]]
    )
    assert exported.status_code == 200, exported.text
    assert exported.json()["info"]["title"] == "grp_1"


def test_page_size_zero_follows_the_v2_pages(make_pair: MakePair) -> None:
    pair = make_pair()
    c = pair.client
    group = c.post("/v1.0/apigw/api-groups", json={"name": "grp_1"}).json()
    for i in range(3):
        _api(c, group["id"], f"api_{i}")
    every = c.get("/v1.0/apigw/apis", params={"page_size": 0})
    assert every.status_code == 200
    assert every.json()["total"] == 3 and len(every.json()["apis"]) == 3


@pytest.mark.parametrize("path", ["/healthz", "/metrics"])
def test_operations_endpoints(pair: Pair, path: str) -> None:
    pair.client.get("/v1.0/apigw/vpc-channels")
    pair.client.get("/v1.0/apigw/purchases/apis")
    answer = pair.client.get(path)
    assert answer.status_code == 200
    if path == "/metrics":
        assert 'apig_shim_requests_total{operation="vpc_channel.list",status="200"} 1.0' in answer.text
        assert (
            'apig_shim_requests_total{operation="marketplace.purchased_api.list",status="501"} 1.0'
            in answer.text
        )
        assert 'apig_shim_upstream_seconds_count{operation="vpc_channel.list"} 1.0' in answer.text
        assert 'apig_shim_translation_seconds_count{operation="vpc_channel.list"} 1.0' in answer.text


def test_list_filters_v2_lacks_are_applied_by_the_shim(pair: Pair) -> None:
    c = pair.client
    group = c.post("/v1.0/apigw/api-groups", json={"name": "grp_1"}).json()
    for i in range(3):
        _api(c, group["id"], f"api_{i}")
    status = c.get("/v1.0/apigw/apis", params={"page_size": 0}).json()["apis"][0]["status"]
    same = c.get("/v1.0/apigw/apis", params={"status": status, "page_no": 2, "page_size": 2}).json()
    assert same["total"] == 3 and len(same["apis"]) == 1
    other = c.get("/v1.0/apigw/apis", params={"status": 3 - int(status)}).json()
    assert other["total"] == 0 and other["apis"] == []
    configs = c.get("/v1.0/apigw/config/project").json()["configs"]
    name = configs[-1]["config_name"]
    picked = c.get("/v1.0/apigw/config/project", params={"config_name": name}).json()
    assert [x["config_name"] for x in picked["configs"]] == [name] and picked["total"] == 1


def test_secrets_are_answered_masked_as_v1_does(pair: Pair) -> None:
    c = pair.client
    created = c.post("/v1.0/apigw/apps", json={"name": "app_masked"})
    assert created.status_code == 201, created.text
    app_id = created.json()["id"]
    assert created.json()["app_secret"] == "******"
    assert c.get(f"/v1.0/apigw/apps/{app_id}").json()["app_secret"] == "******"
    assert all(row["app_secret"] == "******" for row in c.get("/v1.0/apigw/apps").json()["apps"])


def test_an_apis_vpc_channel_reads_back_through_the_shim(pair: Pair) -> None:
    """A legacy client learns which channel an API uses: v2's vpc_channel_info answered as v1.0's
    vpc_info, whether the request sent the object or a bare channel id."""
    c = pair.client
    channel = c.post("/v1.0/apigw/vpc-channels", json=CHANNEL).json()["id"]
    group = c.post("/v1.0/apigw/api-groups", json={"name": "group_vpc"}).json()["id"]
    backend = {"req_protocol": "HTTP", "req_method": "GET", "req_uri": "/b", "timeout": 5000, "vpc_status": 1}
    api = {
        "group_id": group,
        "name": "vpc_backed",
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": "/vpc",
        "auth_type": "NONE",
        "backend_type": "HTTP",
        "backend_api": {**backend, "vpc_info": {"vpc_id": channel, "vpc_proxy_host": "b.internal"}},
    }
    created = c.post("/v1.0/apigw/apis", json=api)
    assert created.status_code == 201, created.text
    info = {"vpc_id": channel, "vpc_proxy_host": "b.internal"}
    assert created.json()["backend_api"]["vpc_info"] == info
    ident = created.json()["id"]
    assert c.get(f"/v1.0/apigw/apis/{ident}").json()["backend_api"]["vpc_info"] == info
    bare = {**api, "backend_api": {**backend, "vpc_info": channel}}
    updated = c.put(f"/v1.0/apigw/apis/{ident}", json=bare)
    assert updated.status_code == 200, updated.text
    assert updated.json()["backend_api"]["vpc_info"] == {"vpc_id": channel}
    (stored,) = pair.emu.store.list(pair.emu.registry.resources["api"].kind)[0]
    assert stored["backend_api"]["vpc_channel_info"]["vpc_channel_id"] == channel


def test_a_list_by_environment_shows_that_environments_publication(pair: Pair) -> None:
    """v1.0 ``GET /apis?env_id=X`` over v2's api list with env_id: X's publication on every row."""
    c = pair.client
    env = c.post("/v1.0/apigw/envs", json={"name": "ENV_LISTED"}).json()["id"]
    release = "DEFAULT_ENVIRONMENT_RELEASE_ID"
    group = c.post("/v1.0/apigw/api-groups", json={"name": "group_listed"}).json()["id"]
    published: dict[tuple[str, str], str] = {}
    for i in range(4):
        api = {
            "group_id": group,
            "name": f"listed_{i}",
            "type": 1,
            "req_protocol": "HTTPS",
            "req_method": "GET",
            "req_uri": f"/listed/{i}",
            "auth_type": "NONE",
            "backend_type": "MOCK",
            "mock_info": {"result_content": "ok"},
        }
        made = c.post("/v1.0/apigw/apis", json=api)
        assert made.status_code == 201, made.text
        ident = made.json()["id"]
        for e in (release, env) if i % 2 else (env, release):
            answer = c.post(f"/v1.0/apigw/apis/publish/{ident}", json={"env_id": e})
            assert answer.status_code == 201, answer.text
            published[(ident, e)] = answer.json()["publish_id"]
    for e in (env, release):
        rows = c.get("/v1.0/apigw/apis", params={"env_id": e, "group_id": group}).json()["apis"]
        assert len(rows) == 4
        assert {(r["run_env_id"], r["publish_id"]) for r in rows} == {
            (e, published[(r["id"], e)]) for r in rows
        }
