"""The project's API client (X-Auth-Token) against the v1.0 emulator on a loopback socket, called
by method and path as the docs write them: one scenario touching every operation the emulator
serves."""

from __future__ import annotations

from typing import Any

import httpx
from emulator.certs import CERT, DOMAIN, KEY
from emulator.conftest import TOKEN

from translator.core.blocking import BlockingApiClient
from translator.core.credentials import Credentials
from translator.core.retry import RetryPolicy
from translator.emulator.app import Emulator
from translator.emulator.special.publish import RELEASE_ENV_ID
from translator.spec import load_spec
from translator.spec.routes import match

HC = {"protocol": "TCP", "threshold_normal": 2, "threshold_abnormal": 2, "time_out": 5, "time_interval": 10}


class V1:
    """Calls by method and path (below the v1.0 prefix); records the operation each call reached."""

    def __init__(
        self,
        url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        credentials: Credentials | None = None,
    ) -> None:
        self.client = BlockingApiClient(
            url,
            "v1.0",
            credentials=credentials if credentials is not None else Credentials.from_token(TOKEN),
            transport=transport,
            timeout=httpx.Timeout(10),
            retry=RetryPolicy.never(),
        )
        self.called: set[str] = set()
        self.responses: dict[str, Any] = {}

    def __enter__(self) -> V1:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def __call__(
        self, method: str, path: str, body: Any = None, status: int | None = None, **query: Any
    ) -> Any:
        op, params = match("v1.0", method, load_spec("v1.0").prefix + path)
        r = self.client.call(op.id, path=params, query=query or None, body=body, check=False)
        expected = status if status is not None else op.success_status
        assert r.status == expected, (op.id, r.status, r.body)
        self.called.add(op.id)
        if r.body is not None:
            self.responses.setdefault(op.id, r.body)
        return r.body


def test_every_v1_operation_over_http(v1_server: tuple[str, Emulator]) -> None:
    url, emu = v1_server
    with V1(url) as c:
        run_scenario(c)
    assert c.called == set(emu.registry.handlers), sorted(set(emu.registry.handlers) - c.called)
    unserved = set(load_spec("v1.0").operations) - c.called
    assert {op.split(".")[0] for op in unserved} == {"marketplace"}, sorted(unserved)


def run_scenario(c: V1) -> None:
    """Build and tear down a tenant touching every served v1.0 operation."""
    ch = c(
        "POST",
        "/vpc-channels",
        {
            "name": "vpc_one",
            "type": 2,
            "port": 80,
            "vpc_health_config": HC,
            "vpc_instances": [{"instance_id": "ecs-1", "instance_name": "ecs_one", "weight": 5}],
        },
    )
    assert set(ch) >= {"id", "name", "status", "create_time"} and "vpc_instances" not in ch
    got = c("GET", f"/vpc-channels/{ch['id']}")
    assert got["vpc_instances"][0]["vpc_id"] == ch["id"] and got["vpc_health_config"]["vpc_id"] == ch["id"]
    assert c("GET", "/vpc-channels", name="vpc", page_size=5)["vpcs"][0]["id"] == ch["id"]
    c(
        "PUT",
        f"/vpc-channels/{ch['id']}",
        {
            "name": "vpc_two",
            "type": 2,
            "port": 81,
            "vpc_instances": [{"instance_id": "ecs-2", "instance_name": "two"}],
        },
    )
    added = c(
        "POST",
        f"/vpc-channels/{ch['id']}/members",
        {"vpc_instances": [{"instance_id": "ecs-3", "instance_name": "three", "weight": 1}]},
    )
    # the answer is the channel's whole member list (the doc sample: one added to one answers total 2)
    assert added["total"] == added["size"] == 2
    assert [m["instance_id"] for m in added["vpc_instances"]] == ["ecs-3", "ecs-2"]
    members = c("GET", f"/vpc-channels/{ch['id']}/members")
    assert {m["instance_id"] for m in members["vpc_instances"]} == {"ecs-2", "ecs-3"}
    c("DELETE", f"/vpc-channels/{ch['id']}/members/ecs-3")
    c("DELETE", f"/vpc-channels/{ch['id']}")

    env = c("POST", "/envs", {"name": "TEST_ENV"})
    c("PUT", f"/envs/{env['id']}", {"name": "TEST_ENV_B", "remark": "x"})
    assert c("GET", "/envs")["total"] == 2
    grp = c("POST", "/api-groups", {"name": "group_one"})
    c("PUT", f"/api-groups/{grp['id']}", {"name": "group_two"})
    assert c("GET", f"/api-groups/{grp['id']}")["name"] == "group_two"
    assert c("GET", "/api-groups", name="two")["total"] == 1
    var = c(
        "POST",
        "/env-variables",
        {"env_id": env["id"], "group_id": grp["id"], "variable_name": "var_one", "variable_value": "x"},
    )
    assert c("GET", f"/env-variables/{var['id']}")["variable_name"] == "var_one"
    assert c("GET", "/env-variables", group_id=grp["id"])["total"] == 1
    c("DELETE", f"/env-variables/{var['id']}")

    authz = {"name": "auth_one", "type": "FRONTEND", "authorizer_type": "FUNC", "authorizer_uri": "urn:x"}
    au = c("POST", "/authorizers", authz)
    c("PUT", f"/authorizers/{au['id']}", {**authz, "ttl": 5})
    assert c("GET", f"/authorizers/{au['id']}")["ttl"] == 5
    assert c("GET", "/authorizers")["total"] == 1
    c("DELETE", f"/authorizers/{au['id']}")

    api_body = {
        "group_id": grp["id"],
        "name": "api_one",
        "type": 1,
        "req_method": "GET",
        "req_uri": "/one",
        "auth_type": "APP",
        "backend_type": "MOCK",
        "mock_info": {"result_content": "ok"},
    }
    api = c("POST", "/apis", api_body)
    api2 = c("POST", "/apis", {**api_body, "name": "api_two", "req_uri": "/two"})
    c("PUT", f"/apis/{api['id']}", {**api_body, "remark": "changed"})
    assert c("GET", f"/apis/{api['id']}")["remark"] == "changed"
    assert c("GET", "/apis", group_id=grp["id"])["total"] == 2
    pub = c("POST", f"/apis/publish/{api['id']}", {"env_id": env["id"]})
    batch = c("POST", "/apis/publish", {"apis": [api2["id"]], "env_id": env["id"]}, action="online")
    c("POST", f"/apis/publish/{api['id']}", {"env_id": env["id"], "remark": "again"})
    versions = c("GET", f"/apis/publish/{api['id']}")
    assert versions["total"] == 2
    assert c("GET", f"/apis/versions/{versions['api_versions'][0]['version_id']}")["id"] == api["id"]
    assert c("GET", f"/apis/runtime/{api['id']}", env_id=env["id"])["run_env_id"] == env["id"]
    publish_ids = [pub["publish_id"], batch["success"][0]["publish_id"]]
    assert c("GET", "/apis", env_id=env["id"])["total"] == 2
    _domains(c, grp["id"])
    _overview(c, grp["id"], api["id"])
    _openapi(c, grp["id"], env["id"], [api["id"], api2["id"]])

    _policies(c, api["id"], publish_ids)
    _apps(c, api["id"], env["id"])

    c("DELETE", f"/apis/versions/{versions['api_versions'][0]['version_id']}")
    c("DELETE", f"/apis/publish/{api2['id']}", env_id=env["id"])
    c("DELETE", f"/apis/{api['id']}")
    c("DELETE", f"/apis/{api2['id']}")
    c("DELETE", f"/envs/{env['id']}")
    c("DELETE", f"/api-groups/{grp['id']}")


def _domains(c: V1, group_id: str) -> None:
    dom = c("POST", f"/api-groups/{group_id}/domains", {"url_domain": DOMAIN})
    assert (dom["url_domain"], dom["status"]) == (DOMAIN, 3)
    base = f"/api-groups/{group_id}/domains/{dom['id']}/certificate"
    cert = c("POST", base, {"name": "cert_one", "cert_content": CERT, "private_key": KEY})
    assert (cert["id"], cert["ssl_name"]) == (dom["id"], "cert_one")
    got = c("GET", f"{base}/{cert['ssl_id']}")
    assert (got["common_name"], got["country"], got["version"]) == (DOMAIN, ["CN"], 3)
    shown = c("GET", f"/api-groups/{group_id}")["url_domains"]
    assert [(u["domain"], u["cname_status"], u["ssl_id"]) for u in shown] == [(DOMAIN, 3, cert["ssl_id"])]
    c("DELETE", f"{base}/{cert['ssl_id']}")
    c("DELETE", f"/api-groups/{group_id}/domains/{dom['id']}")
    assert c("GET", "/api-groups", name="two")["groups"][0]["url_domains"] == []


def _overview(c: V1, group_id: str, api_id: str) -> None:
    assert c("GET", "/resources/outline/groups") == {"offsell_nums": 1, "onsell_nums": 0}
    assert c("GET", "/resources/outline/apis") == {
        "instance_num": 2,
        "nums_off_release": 2,
        "nums_on_release": 0,
    }
    assert c("GET", "/resources/outline/apps") == {"authed_nums": 0, "unauthed_nums": 0}
    hours = c("GET", "/statistics/api/latest", api_id=api_id, duration="3h")
    assert [s["cycle"] for s in hours["list"]] == ["HOUR"] * 3 and hours["list"][0]["api_id"] == api_id
    assert len(c("GET", "/statistics/group/latest", group_id=group_id)["list"]) == 60
    configs = c("GET", "/config/project", config_name="APP_NUM", page_size=5)
    assert configs["total"] == 1 and configs["configs"][0]["config_value"] == "30"
    debug = {"mode": "DEVELOPER", "scheme": "HTTPS", "method": "POST", "path": "/one", "query": {"a": ["1"]}}
    out = c("POST", f"/apis/debug/{api_id}", debug)
    assert out["request"].startswith("POST /one?a=1 HTTP/1.1") and "404 Not Found" in out["response"]
    assert isinstance(out["latency"], str)


def _openapi(c: V1, group_id: str, env_id: str, api_ids: list[str]) -> None:
    doc = c("GET", "/openapi", env_id=env_id, group_id=group_id, define="full")
    assert doc["info"]["title"] == "group_two" and set(doc["paths"]) == {"/one", "/two"}
    assert c("POST", "/openapi/apis", api_ids[:1], env_id=env_id, type="yaml")["paths"].keys() == {"/one"}
    doc["info"]["title"] = "group_imported"
    created = c("POST", "/openapi", doc)
    assert len(created["success"]) == 2 and created["failure"] == []
    merged = c("PUT", "/openapi", doc, group_id=group_id, mode="merge")
    assert {f["error_code"] for f in merged["failure"]} == {"APIG.3301"} and merged["success"] == []
    for item in created["success"]:
        c("DELETE", f"/apis/{item['id']}")
    c("DELETE", f"/api-groups/{created['group_id']}")


def _policies(c: V1, api_id: str, publish_ids: list[str]) -> None:
    limits = {"api_call_limits": 100, "time_interval": 1, "time_unit": "SECOND"}
    th = c("POST", "/throttles", {"name": "throttle_one", **limits})
    c("PUT", f"/throttles/{th['id']}", {"name": "throttle_one", **limits, "remark": "r"})
    assert c("GET", "/throttles")["total"] == 1
    tb = c("POST", "/throttle-bindings", {"strategy_id": th["id"], "publish_ids": publish_ids})[
        "throttle_applys"
    ]
    assert c("GET", f"/throttles/{th['id']}")["bind_num"] == 2
    assert c("GET", "/throttle-bindings/binded-apis", throttle_id=th["id"])["total"] == 2
    assert c("GET", "/throttle-bindings/binded-throttles", api_id=api_id)["throttles"][0]["id"] == th["id"]
    assert c("GET", "/throttle-bindings/unbinded-apis", throttle_id=th["id"])["total"] == 0
    for b in tb:
        c("DELETE", f"/throttle-bindings/{b['id']}")
    app = c("POST", "/apps", {"name": "special_app"})
    sp = c(
        "POST",
        "/throttle-specials",
        {"call_limits": 5, "instance_id": app["id"], "instance_type": "APP", "strategy_id": th["id"]},
    )
    assert sp["app_name"] == "special_app"
    c("PUT", f"/throttle-specials/{sp['id']}", {"call_limits": 7})
    assert c("GET", f"/throttle-specials/{th['id']}")["throttle_specials"][0]["call_limits"] == 7
    c("DELETE", f"/throttle-specials/{sp['id']}")
    c("DELETE", f"/throttles/{th['id']}")
    c("DELETE", f"/apps/{app['id']}")

    acl = c(
        "POST",
        "/acls",
        {"acl_name": "acl_one", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
    )
    c("PUT", f"/acls/{acl['id']}", {"acl_name": "acl_one", "acl_type": "DENY", "acl_value": "2.2.2.2"})
    assert c("GET", f"/acls/{acl['id']}")["acl_type"] == "DENY"
    ab = c("POST", "/acl-bindings", {"acl_id": acl["id"], "publish_ids": publish_ids})
    assert isinstance(ab, list) and len(ab) == 2
    assert c("GET", "/acls")["acls"][0]["bind_num"] == 2
    assert c("GET", "/acl-bindings/binded-apis", acl_id=acl["id"])["total"] == 2
    assert c("GET", "/acl-bindings/binded-acls", api_id=api_id)["total"] == 1
    assert c("GET", "/acl-bindings/unbinded-apis", acl_id=acl["id"])["total"] == 0
    c("DELETE", f"/acl-bindings/{ab[0]['id']}")
    c("PUT", "/acl-bindings", {"acl_bindings": [ab[1]["id"]]}, action="delete")
    c("DELETE", f"/acls/{acl['id']}")
    acl2 = c(
        "POST",
        "/acls",
        {"acl_name": "acl_two", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
    )
    assert c("PUT", "/acls", {"acls": [acl2["id"]]}, action="delete")["success_count"] == 1

    sign = c("POST", "/signs", {"name": "sign_one"})
    assert sign["sign_secret"] == "******"
    c("PUT", f"/signs/{sign['id']}", {"name": "sign_two"})
    sb = c("POST", "/sign-bindings", {"sign_id": sign["id"], "publish_ids": publish_ids[:1]})
    assert sb[0]["sign_name"] == "sign_two" and sb[0]["sign_secret"] == "******"
    assert c("GET", "/sign-bindings/binded-apis", sign_id=sign["id"])["total"] == 1
    assert c("GET", "/sign-bindings/binded-signs", api_id=api_id)["total"] == 1
    assert c("GET", "/sign-bindings/unbinded-apis", sign_id=sign["id"])["total"] == 1
    assert c("GET", "/signs")["signs"][0]["bind_num"] == 1
    c("DELETE", f"/sign-bindings/{sb[0]['id']}")
    c("DELETE", f"/signs/{sign['id']}")


def _apps(c: V1, api_id: str, env_id: str) -> None:
    app = c("POST", "/apps", {"name": "app_one"})
    assert app["app_secret"] == "******"
    c("PUT", f"/apps/{app['id']}", {"name": "app_one_b"})
    assert c("GET", f"/apps/{app['id']}")["name"] == "app_one_b"
    assert c("GET", "/apps", name="one")["total"] == 1
    assert c("GET", f"/apps/validation/{app['id']}")["id"] == app["id"]
    c("PUT", f"/apps/secret/{app['id']}", {"app_secret": "new-secret-value-1234"})
    code = c("POST", f"/apps/{app['id']}/app-codes", {"app_code": "B" * 64})
    assert len(c("PUT", f"/apps/{app['id']}/app-codes")["app_code"]) == 64
    assert c("GET", f"/apps/{app['id']}/app-codes/{code['id']}")["app_code"] == "B" * 64
    assert c("GET", f"/apps/{app['id']}/app-codes/")["total"] == 2
    c("DELETE", f"/apps/{app['id']}/app-codes/{code['id']}")
    auths = c("POST", "/app-auths", {"api_ids": [api_id], "app_ids": [app["id"]], "env_id": env_id})
    assert isinstance(auths, list) and auths[0]["app_id"] == app["id"]
    assert c("GET", "/resources/outline/apps") == {"authed_nums": 1, "unauthed_nums": 0}
    assert c("GET", "/app-auths/binded-apis", app_id=app["id"])["auths"][0]["api_id"] == api_id
    assert c("GET", "/app-auths/binded-apps", api_id=api_id)["total"] == 1
    assert c("GET", "/app-auths/unbinded-apis", app_id=app["id"], env_id=env_id)["total"] == 1
    c("DELETE", f"/app-auths/{auths[0]['id']}")
    c("DELETE", f"/apps/{app['id']}")


WEB_API: dict[str, Any] = {
    "name": "vpc_backed",
    "type": 1,
    "req_method": "GET",
    "req_uri": "/vpc/backed",
    "auth_type": "NONE",
    "backend_type": "HTTP",
}


def _vpc_backend(info: Any) -> dict[str, Any]:
    return {
        "req_protocol": "HTTP",
        "req_method": "GET",
        "req_uri": "/b",
        "timeout": 5000,
        "vpc_status": 1,
        "vpc_info": info,
    }


def test_an_apis_vpc_channel_is_stored_and_answered(v1_server: tuple[str, Emulator]) -> None:
    """``backend_api.vpc_info`` (and a policy backend's): the object the request documents, or a
    bare channel id, answered as the object by create, get, update and the version detail."""
    url, _ = v1_server
    with V1(url) as c:
        members = {"vpc_instances": [{"instance_id": "ecs-vpc", "instance_name": "ecs_vpc", "weight": 1}]}
        made = [
            c(
                "POST",
                "/vpc-channels",
                {"name": name, "type": 2, "port": 80, "vpc_health_config": HC, **members},
            )
            for name in ("vpc_backend", "vpc_policy")
        ]
        channel, other = made[0]["id"], made[1]["id"]
        group = c("POST", "/api-groups", {"name": "group_vpc"})["id"]
        info = {"vpc_id": channel, "vpc_proxy_host": "backend.internal"}
        policy = {
            "name": "policy_vpc",
            "req_protocol": "HTTP",
            "req_method": "GET",
            "req_uri": "/p",
            "effect_mode": "ANY",
            "vpc_status": 1,
            "vpc_info": other,  # a bare channel id
            "conditions": [{"condition_type": "exact", "condition_value": "1", "condition_origin": "source"}],
        }
        body = {**WEB_API, "group_id": group, "backend_api": _vpc_backend(info), "policy_https": [policy]}
        created = c("POST", "/apis", body)
        assert created["backend_api"]["vpc_info"] == info
        assert created["policy_https"][0]["vpc_info"] == {"vpc_id": other}
        got = c("GET", f"/apis/{created['id']}")
        assert got["backend_api"]["vpc_info"] == info and got["backend_api"]["vpc_status"] == 1
        assert got["policy_https"][0]["vpc_info"]["vpc_id"] == other
        update = {**body, "backend_api": _vpc_backend(other)}  # a bare id on update too
        updated = c("PUT", f"/apis/{created['id']}", update)
        assert updated["backend_api"]["vpc_info"] == {"vpc_id": other}
        assert c("GET", f"/apis/{created['id']}")["backend_api"]["vpc_info"]["vpc_id"] == other
        c("POST", f"/apis/publish/{created['id']}", {"env_id": RELEASE_ENV_ID})
        (version,) = c("GET", f"/apis/publish/{created['id']}", env_id=RELEASE_ENV_ID)["api_versions"]
        detail = c("GET", f"/apis/versions/{version['version_id']}")
        assert detail["backend_api"]["vpc_info"]["vpc_id"] == other
        refused = c("POST", "/apis", {**body, "backend_api": _vpc_backend(7)}, status=400)
        assert "vpc_info" in refused["error_msg"]


def test_a_list_by_environment_shows_that_environments_publication(v1_server: tuple[str, Emulator]) -> None:
    """An API published in two environments: ``GET /apis?env_id=X`` shows X's run_env_id and
    publish_id on every row, whichever environment it was published in first."""
    url, _ = v1_server
    with V1(url) as c:
        env = c("POST", "/envs", {"name": "ENV_LISTED"})["id"]
        group = c("POST", "/api-groups", {"name": "group_listed"})["id"]
        published: dict[tuple[str, str], str] = {}
        for i in range(4):
            api = c(
                "POST",
                "/apis",
                {
                    **WEB_API,
                    "name": f"listed_{i}",
                    "req_uri": f"/listed/{i}",
                    "group_id": group,
                    "backend_type": "MOCK",
                    "mock_info": {"result_content": "ok"},
                },
            )["id"]
            order = (RELEASE_ENV_ID, env) if i % 2 else (env, RELEASE_ENV_ID)
            for e in order:
                published[(api, e)] = c("POST", f"/apis/publish/{api}", {"env_id": e})["publish_id"]
        for e in (env, RELEASE_ENV_ID):
            rows = c("GET", "/apis", env_id=e, group_id=group)["apis"]
            assert len(rows) == 4
            assert {(r["run_env_id"], r["publish_id"]) for r in rows} == {
                (e, published[(r["id"], e)]) for r in rows
            }
