"""A v1.0 tenant built through the API: every migrated family, ``scale`` times over."""

from __future__ import annotations

from collections import Counter
from typing import Any

from emulator.certs import CERT, DOMAIN, KEY

from translator.core.blocking import BlockingApiClient

HC = {"protocol": "TCP", "threshold_normal": 2, "threshold_abnormal": 2, "time_out": 5, "time_interval": 10}
RELEASE = "DEFAULT_ENVIRONMENT_RELEASE_ID"


def build_tenant(c: BlockingApiClient, scale: int = 1, apis_per_group: int = 3) -> Counter[str]:
    """Create the tenant; returns the objects made per family."""
    made: Counter[str] = Counter()

    def call(op: str, body: Any = None, path: dict[str, str] | None = None, **query: Any) -> Any:
        return c.call(op, path=path, body=body, query=query or None).body

    env = call("env.create", {"name": "TEST_ENV"})
    made["env"] += 1
    envs = [RELEASE, env["id"]]
    auth = call(
        "authorizer.create",
        {"name": "auth_one", "type": "FRONTEND", "authorizer_type": "FUNC", "authorizer_uri": "urn:x"},
    )
    made["authorizer"] += 1
    for s in range(scale):
        channel = call(
            "vpc_channel.create",
            {
                "name": f"vpc_{s}",
                "type": 2,
                "port": 80,
                "vpc_health_config": HC,
                "vpc_instances": [
                    {"instance_id": f"ecs-{s}-{i}", "instance_name": f"ecs{i}", "weight": 5} for i in range(2)
                ],
            },
        )
        made["vpc_channel"] += 1
        made["vpc_member"] += 2
        grp = call("api_group.create", {"name": f"group_{s}", "remark": f"group {s} of the tenant"})
        made["api_group"] += 1
        domain = DOMAIN if s == 0 else f"g{s}.example-one.com"
        dom = call("domain.create", {"url_domain": domain}, path={"group_id": grp["id"]})
        made["domain"] += 1
        if s == 0:
            cert = {"name": "cert_one", "cert_content": CERT, "private_key": KEY}
            call("domain.certificate.create", cert, path={"group_id": grp["id"], "domain_id": dom["id"]})
            made["certificate"] += 1
        for e in envs:
            call(
                "env_variable.create",
                {"env_id": e, "group_id": grp["id"], "variable_name": f"var_{s}", "variable_value": "x"},
            )
            made["env_variable"] += 1
        apis = []
        for i in range(apis_per_group):
            body: dict[str, Any] = {
                "group_id": grp["id"],
                "name": f"api_{s}_{i}",
                "type": 1,
                "req_method": "GET",
                "req_uri": f"/p{s}/{i}",
                "auth_type": "APP",
                "backend_type": "MOCK",
                "mock_info": {"result_content": "ok"},
            }
            if i == 1:
                body["auth_type"], body["authorizer_id"] = "AUTHORIZER", auth["id"]
            if i == 2:  # a web backend behind the group's VPC channel
                del body["mock_info"]
                body["backend_type"] = "HTTP"
                body["backend_api"] = {
                    "req_protocol": "HTTP",
                    "req_method": "GET",
                    "req_uri": f"/backend/{s}",
                    "timeout": 5000,
                    "vpc_status": 1,
                    "vpc_info": {"vpc_id": channel["id"], "vpc_proxy_host": f"backend{s}.internal"},
                }
            apis.append(call("api.create", body))
            made["api"] += 1
        for a in apis:
            for n, e in enumerate(envs):
                remark = {"remark": f"{a['name']} released"} if n == 0 else {}
                call("api.publish", {"env_id": e, **remark}, path={"api_id": a["id"]})
                made["publication"] += 1
        pubs = {
            (r["id"], e): r["publish_id"]
            for e in envs
            for r in c.list_all("api.list", query={"env_id": e, "group_id": grp["id"]})
        }
        pids = list(pubs.values())
        th = call(
            "throttle.create",
            {"name": f"throttle_{s}", "api_call_limits": 100, "time_interval": 1, "time_unit": "SECOND"},
        )
        made["throttle"] += 1
        call("throttle.binding.create", {"strategy_id": th["id"], "publish_ids": pids[:2]})
        made["throttle_binding"] += 2
        acl = call(
            "acl.create",
            {"acl_name": f"acl_{s}", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
        )
        made["acl"] += 1
        call("acl.binding.create", {"acl_id": acl["id"], "publish_ids": pids[:1]})
        made["acl_binding"] += 1
        sign = call("signature.create", {"name": f"sign_{s}"})
        made["signature"] += 1
        call("signature.binding.create", {"sign_id": sign["id"], "publish_ids": pids[1:2]})
        made["sign_binding"] += 1
        app = call("app.create", {"name": f"app_{s}"})
        made["app"] += 1
        call("app.code.create", {"app_code": chr(65 + s % 26) * 64}, path={"app_id": app["id"]})
        made["app_code"] += 1
        call("app_auth.create", {"api_ids": [apis[0]["id"]], "app_ids": [app["id"]], "env_id": env["id"]})
        made["app_auth"] += 1
        call(
            "throttle.special.create",
            {"call_limits": 5, "instance_id": app["id"], "instance_type": "APP", "strategy_id": th["id"]},
        )
        made["throttle_special"] += 1
    return made
