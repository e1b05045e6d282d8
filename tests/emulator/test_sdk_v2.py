"""The official v2 SDK, signing with AK/SK, against the v2 emulator on a loopback socket:
one scenario touching every operation the emulator serves."""

from __future__ import annotations

from typing import Any

import pytest
from emulator.conftest import AK, SK
from emulator.sdk_driver import Driver, SdkDriver
from emulator.v2_tenant import domains, openapi, overview
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

from translator.emulator.app import Emulator
from translator.emulator.special.publish import RELEASE_ENV_ID

HC = {"protocol": "TCP", "threshold_normal": 2, "threshold_abnormal": 2, "time_interval": 10, "timeout": 5}


def _api(group_id: str, name: str, uri: str) -> dict[str, Any]:
    return {
        "group_id": group_id,
        "name": name,
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": uri,
        "auth_type": "APP",
        "backend_type": "MOCK",
        "mock_info": {"result_content": "ok"},
    }


def _channels(d: Driver) -> str:
    ch = d.call(
        "vpc_channel.create",
        {
            "name": "channel_a",
            "port": 8080,
            "balance_strategy": 1,
            "member_type": "ip",
            "member_groups": [{"member_group_name": "group_blue", "member_group_weight": 10}],
            "members": [{"host": "10.0.0.1", "weight": 5, "member_group_name": "group_blue"}],
            "vpc_health_config": HC,
        },
    )
    cid = ch["id"]
    assert ch["member_groups"][0]["member_group_name"] == "group_blue"
    got = d.call("vpc_channel.get", vpc_channel_id=cid)
    assert got["members"][0]["host"] == "10.0.0.1"
    assert got["members"][0]["member_group_id"] == ch["member_groups"][0]["member_group_id"]
    assert got["vpc_health_config"]["vpc_channel_id"] == cid
    listed = d.call("vpc_channel.list", name="channel", limit=5)
    assert listed["total"] == 1 and listed["vpc_channels"][0]["id"] == cid
    for found, query in ((1, {"member_host": "10.0.0.1"}), (0, {"member_host": "10.0.0"})):
        assert d.call("vpc_channel.list", **query)["total"] == found, query
    for found, query in ((1, {"member_port": 8080}), (1, {"member_group_name": "blu"})):
        assert d.call("vpc_channel.list", **query)["total"] == found, query
    exact = {"name": "chan", "precise_search": "name"}  # the docs: "目前仅支持name"
    assert d.call("vpc_channel.list", **exact)["total"] == 0
    gid = ch["member_groups"][0]["member_group_id"]
    assert d.call("vpc_channel.list", member_group_id=gid)["total"] == 1
    d.call(
        "vpc_channel.update",
        {"name": "channel_b", "port": 8081, "balance_strategy": 2, "member_type": "ip"},
        vpc_channel_id=cid,
    )
    assert d.call("vpc_channel.get", vpc_channel_id=cid)["name"] == "channel_b"
    hc = d.call("vpc_channel.health_check.update", {**HC, "timeout": 7}, vpc_channel_id=cid)
    assert hc["timeout"] == 7
    groups = d.call(
        "vpc_channel.member_group.create",
        {"member_groups": [{"member_group_name": "group_green"}, {"member_group_name": "group_red"}]},
        vpc_channel_id=cid,
    )
    assert groups["total"] == 2
    upsert = {"member_groups": [{"member_group_name": "group_red", "member_group_weight": 7}]}
    red = d.call("vpc_channel.member_group.create", upsert, vpc_channel_id=cid)["member_groups"][0]
    assert (red["member_group_id"], red["member_group_weight"]) == (
        groups["member_groups"][1]["member_group_id"],
        7,
    )
    gid = groups["member_groups"][0]["member_group_id"]
    assert (
        d.call("vpc_channel.member_group.get", vpc_channel_id=cid, member_group_id=gid)["member_group_id"]
        == gid
    )
    d.call(
        "vpc_channel.member_group.update",
        {"member_group_name": "group_green2", "member_group_remark": "r"},
        vpc_channel_id=cid,
        member_group_id=gid,
    )
    assert d.call("vpc_channel.member_group.list", vpc_channel_id=cid)["total"] == 3
    added = d.call(
        "vpc_channel.member.create",
        {"members": [{"host": "10.0.0.2", "weight": 3}, {"host": "10.0.0.3", "weight": 4}]},
        vpc_channel_id=cid,
    )
    # the channel's whole member list (the doc's second sample: one added to one answers total 2)
    assert added["total"] == added["size"] == 3
    assert [m["host"] for m in added["members"]][:2] == ["10.0.0.3", "10.0.0.2"]
    members = d.call("vpc_channel.member.list", vpc_channel_id=cid, limit=10)
    assert members["total"] == 3
    ids = [m["id"] for m in members["members"]]
    d.call("vpc_channel.member.batch_disable", {"member_ids": ids[:2]}, vpc_channel_id=cid)
    statuses = {
        m["id"]: m["status"] for m in d.call("vpc_channel.member.list", vpc_channel_id=cid)["members"]
    }
    assert statuses[ids[0]] == 2 and statuses[ids[2]] == 1
    d.call("vpc_channel.member.batch_enable", {"member_ids": ids[:1]}, vpc_channel_id=cid)
    d.call("vpc_channel.member.delete", vpc_channel_id=cid, member_id=ids[2])
    replaced = d.call(
        "vpc_channel.member.update", {"members": [{"host": "10.0.0.9", "weight": 1}]}, vpc_channel_id=cid
    )
    assert [m["host"] for m in replaced["members"]] == ["10.0.0.9"]
    d.call("vpc_channel.member_group.delete", vpc_channel_id=cid, member_group_id=gid)
    return str(cid)


def test_every_v2_operation_through_the_sdk(v2_server: tuple[str, Emulator]) -> None:
    url, emu = v2_server
    d = SdkDriver(url, AK, SK, emu.config.project_id, emu.config.instance_id)
    run_scenario(d, emu)
    assert d.called == set(emu.registry.handlers), sorted(set(emu.registry.handlers) - d.called)


def run_scenario(d: Driver, emu: Emulator) -> None:
    """Build and tear down a tenant touching every served v2 operation."""
    assert d.call("instance.get")["id"] == emu.config.instance_id

    cid = _channels(d)
    d.call("vpc_channel.delete", vpc_channel_id=cid)

    env = d.call("env.create", {"name": "TEST_ENV", "remark": "test"})
    d.call("env.update", {"name": "TEST_ENV2"}, env_id=env["id"])
    assert {e["name"] for e in d.call("env.list")["envs"]} == {"RELEASE", "TEST_ENV2"}
    group = d.call("api_group.create", {"name": "group_one", "remark": "g"})
    gid = group["id"]
    d.call("api_group.update", {"name": "group_one_b"}, group_id=gid)
    assert d.call("api_group.get", group_id=gid)["name"] == "group_one_b"
    assert d.call("api_group.list", name="one")["total"] == 1
    var = d.call(
        "env_variable.create",
        {"env_id": env["id"], "group_id": gid, "variable_name": "host", "variable_value": "x"},
    )
    assert d.call("env_variable.get", env_variable_id=var["id"])["variable_value"] == "x"
    assert d.call("env_variable.list", group_id=gid)["total"] == 1
    # UpdateEnvironmentVariableV2 (SDK-only): the value changes, the rest is kept
    changed = d.call("env_variable.update", {"variable_value": "y"}, env_variable_id=var["id"])
    assert (changed["id"], changed["variable_name"], changed["variable_value"]) == (var["id"], "host", "y")
    assert d.call("env_variable.get", env_variable_id=var["id"])["variable_value"] == "y"
    d.call("env_variable.delete", env_variable_id=var["id"])

    auth = d.call(
        "authorizer.create",
        {"name": "auth_one", "type": "FRONTEND", "authorizer_type": "FUNC", "authorizer_uri": "urn:fss:x"},
    )
    d.call(
        "authorizer.update",
        {"name": "auth_two", "type": "FRONTEND", "authorizer_type": "FUNC", "authorizer_uri": "urn:fss:y"},
        authorizer_id=auth["id"],
    )
    assert d.call("authorizer.get", authorizer_id=auth["id"])["name"] == "auth_two"
    assert d.call("authorizer.list")["total"] == 1
    d.call("authorizer.delete", authorizer_id=auth["id"])

    api = d.call("api.create", _api(gid, "api_one", "/one"))
    api2 = d.call("api.create", _api(gid, "api_two", "/two"))
    domains(d, gid)
    d.call("api.update", {**_api(gid, "api_one_b", "/one"), "remark": "changed"}, api_id=api["id"])
    assert d.call("api.get", api_id=api["id"])["name"] == "api_one_b"
    assert d.call("api.list", group_id=gid)["total"] == 2
    pub = d.call("api.publish_or_offline", {"action": "online", "env_id": env["id"], "api_id": api["id"]})
    batch = d.call(
        "api.batch_publish_or_offline", {"apis": [api2["id"]], "env_id": env["id"]}, action="online"
    )
    assert len(batch["success"]) == 1
    d.call(
        "api.publish_or_offline",
        {"action": "online", "env_id": env["id"], "api_id": api["id"], "remark": "v2"},
    )
    versions = d.call("api.version.list", api_id=api["id"])
    assert versions["total"] == 2
    old = versions["api_versions"][-1]["version_id"]
    assert d.call("api.version.get", version_id=old)["version_id"] == old
    d.call("api.version.switch", {"version_id": old}, api_id=api["id"])
    runtime = d.call("api.runtime_definition.get", api_id=api["id"], env_id=env["id"])
    assert runtime["run_env_id"] == env["id"]
    assert d.call("api.list", env_id=env["id"])["total"] == 2
    assert d.call("api.list", env_id=RELEASE_ENV_ID)["total"] == 0
    overview(d, gid, api["id"])
    openapi(d, gid, env["id"])

    publish_ids = [pub["publish_id"], batch["success"][0]["publish_id"]]
    _policies(d, api["id"], publish_ids)
    _apps(d, api["id"], env["id"])

    d.call("api.version.offline", version_id=old)
    d.call("api.batch_publish_or_offline", {"apis": [api2["id"]], "env_id": env["id"]}, action="offline")
    d.call("api.delete", api_id=api["id"])
    d.call("api.delete", api_id=api2["id"])
    d.call("env.delete", env_id=env["id"])
    d.call("api_group.delete", group_id=gid)


def _policies(d: Driver, api_id: str, publish_ids: list[str]) -> None:
    limits = {"api_call_limits": 100, "time_interval": 1, "time_unit": "SECOND"}
    th = d.call("throttle.create", {"name": "throttle_one", **limits})
    d.call("throttle.update", {"name": "throttle_one", **limits, "remark": "r"}, throttle_id=th["id"])
    assert d.call("throttle.list", name="throttle")["total"] == 1
    tb = d.call("throttle.binding.create", {"strategy_id": th["id"], "publish_ids": publish_ids})
    assert len(tb["throttle_applys"]) == 2
    assert d.call("throttle.get", throttle_id=th["id"])["bind_num"] == 2
    assert d.call("throttle.binding.list_bound_apis", throttle_id=th["id"])["total"] == 2
    assert d.call("throttle.binding.list_bound_policies", api_id=api_id)["total"] == 1
    assert d.call("throttle.binding.list_unbound_apis", throttle_id=th["id"])["total"] == 0
    d.call("throttle.binding.delete", throttle_binding_id=tb["throttle_applys"][0]["id"])
    d.call(
        "throttle.binding.batch_delete",
        {"throttle_bindings": [tb["throttle_applys"][1]["id"]]},
        action="delete",
    )
    app = d.call("app.create", {"name": "app_for_special"})
    sp = d.call(
        "throttle.special.create",
        {"call_limits": 5, "object_id": app["id"], "object_type": "APP"},
        throttle_id=th["id"],
    )
    assert sp["app_name"] == "app_for_special"
    d.call("throttle.special.update", {"call_limits": 6}, throttle_id=th["id"], strategy_id=sp["id"])
    assert d.call("throttle.special.list", throttle_id=th["id"])["throttle_specials"][0]["call_limits"] == 6
    assert d.call("throttle.get", throttle_id=th["id"])["is_inclu_special_throttle"] == 1
    d.call("throttle.special.delete", throttle_id=th["id"], strategy_id=sp["id"])
    d.call("throttle.delete", throttle_id=th["id"])
    d.call("app.delete", app_id=app["id"])

    acl = d.call(
        "acl.create",
        {"acl_name": "acl_one", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
    )
    d.call(
        "acl.update",
        {"acl_name": "acl_one", "acl_type": "DENY", "acl_value": "2.2.2.2", "entity_type": "IP"},
        acl_id=acl["id"],
    )
    assert d.call("acl.get", acl_id=acl["id"])["acl_type"] == "DENY"
    ab = d.call("acl.binding.create", {"acl_id": acl["id"], "publish_ids": publish_ids})["acl_bindings"]
    assert d.call("acl.list")["acls"][0]["bind_num"] == 2
    assert d.call("acl.binding.list_bound_apis", acl_id=acl["id"])["total"] == 2
    assert d.call("acl.binding.list_bound_policies", api_id=api_id)["acls"][0]["acl_id"] == acl["id"]
    assert d.call("acl.binding.list_unbound_apis", acl_id=acl["id"])["total"] == 0
    d.call("acl.binding.delete", acl_bindings_id=ab[0]["id"])
    d.call("acl.binding.batch_delete", {"acl_bindings": [ab[1]["id"]]}, action="delete")
    d.call("acl.delete", acl_id=acl["id"])
    acl2 = d.call(
        "acl.create",
        {"acl_name": "acl_two", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
    )
    assert d.call("acl.batch_delete", {"acls": [acl2["id"]]}, action="delete")["success_count"] == 1

    sign = d.call("signature.create", {"name": "sign_one"})
    assert len(sign["sign_secret"]) >= 16
    d.call("signature.update", {"name": "sign_two"}, sign_id=sign["id"])
    sb = d.call("signature.binding.create", {"sign_id": sign["id"], "publish_ids": publish_ids[:1]})
    assert sb["bindings"][0]["sign_name"] == "sign_two"
    assert d.call("signature.binding.list_bound_apis", sign_id=sign["id"])["total"] == 1
    assert d.call("signature.binding.list_bound_signatures", api_id=api_id)["total"] == 1
    assert d.call("signature.binding.list_unbound_apis", sign_id=sign["id"])["total"] == 1
    assert d.call("signature.list")["signs"][0]["bind_num"] == 1
    d.call("signature.binding.delete", sign_bindings_id=sb["bindings"][0]["id"])
    d.call("signature.delete", sign_id=sign["id"])


def _apps(d: Driver, api_id: str, env_id: str) -> None:
    app = d.call("app.create", {"name": "app_one", "remark": "a"})
    assert len(app["app_secret"]) >= 16 and app["app_secret"] != "******"
    d.call("app.update", {"name": "app_one_b"}, app_id=app["id"])
    assert d.call("app.get", app_id=app["id"])["name"] == "app_one_b"
    assert d.call("app.list", name="one")["total"] == 1
    assert d.call("app.verify", app_id=app["id"])["id"] == app["id"]
    reset = d.call("app.reset_secret", {"app_secret": "new-secret-value-1234"}, app_id=app["id"])
    assert reset["app_secret"] == "new-secret-value-1234"
    code = d.call("app.code.create", {"app_code": "A" * 64}, app_id=app["id"])
    gen = d.call("app.code.generate", app_id=app["id"])
    assert len(gen["app_code"]) == 64
    assert d.call("app.code.get", app_id=app["id"], app_code_id=code["id"])["app_code"] == "A" * 64
    assert d.call("app.code.list", app_id=app["id"])["total"] == 2
    d.call("app.code.delete", app_id=app["id"], app_code_id=code["id"])

    assert d.call("summary.apps") == {"authed_nums": 0, "unauthed_nums": 1}
    auths = d.call("app_auth.create", {"env_id": env_id, "app_ids": [app["id"]], "api_ids": [api_id]})[
        "auths"
    ]
    assert d.call("summary.apps") == {"authed_nums": 1, "unauthed_nums": 0}
    assert d.call("app_auth.list_bound_apis", app_id=app["id"])["auths"][0]["api_id"] == api_id
    assert d.call("app_auth.list_bound_apps", api_id=api_id)["total"] == 1
    assert d.call("app_auth.list_unbound_apis", app_id=app["id"], env_id=env_id)["total"] == 1
    d.call("app_auth.delete", app_auth_id=auths[0]["id"])

    quota = d.call(
        "app_quota.create",
        {"name": "quota_one", "call_limits": 10, "time_unit": "MINUTE", "time_interval": 1},
    )
    qid = quota["app_quota_id"]
    d.call("app_quota.update", {"name": "quota_two", "call_limits": 20}, app_quota_id=qid)
    assert d.call("app_quota.get", app_quota_id=qid)["name"] == "quota_two"
    assert d.call("app_quota.list")["total"] == 1
    assert d.call("app_quota.binding.list_unbound_apps", app_quota_id=qid)["total"] == 1
    d.call("app_quota.binding.create", {"app_ids": [app["id"]]}, app_quota_id=qid)
    assert d.call("app_quota.binding.list_bound_apps", app_quota_id=qid)["apps"][0]["app_id"] == app["id"]
    assert d.call("app.bound_quota.get", app_id=app["id"])["app_quota_id"] == qid
    assert d.call("app_quota.get", app_quota_id=qid)["bound_app_num"] == 1
    d.call("app_quota.binding.delete", app_quota_id=qid, app_id=app["id"])
    d.call("app_quota.delete", app_quota_id=qid)
    d.call("app.delete", app_id=app["id"])


def test_bad_signature_gets_401_with_the_v2_error_body(v2_server: tuple[str, Emulator]) -> None:
    url, emu = v2_server
    d = SdkDriver(url, AK, "not-the-secret-key", emu.config.project_id, emu.config.instance_id)
    with pytest.raises(ClientRequestException) as info:
        d.call("env.list")
    assert info.value.status_code == 401
    assert info.value.error_code == "APIG.1002"
    d = SdkDriver(url, "UNKNOWNKEY", SK, emu.config.project_id, emu.config.instance_id)
    with pytest.raises(ClientRequestException) as info:
        d.call("env.list")
    assert (info.value.status_code, info.value.error_code) == (401, "APIG.1002")


def test_sdk_sees_documented_errors(v2_server: tuple[str, Emulator]) -> None:
    url, emu = v2_server
    d = SdkDriver(url, AK, SK, emu.config.project_id, emu.config.instance_id)
    with pytest.raises(ClientRequestException) as info:
        d.call("vpc_channel.get", vpc_channel_id="0" * 32)
    assert (info.value.status_code, info.value.error_code) == (404, "APIG.3023")
    d.call("env.create", {"name": "DUP_ENV"})
    with pytest.raises(ClientRequestException) as info:
        d.call("env.create", {"name": "DUP_ENV"})
    assert (info.value.status_code, info.value.error_code) == (400, "APIG.3205")
