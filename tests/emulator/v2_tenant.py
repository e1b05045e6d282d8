"""Parts of the v2 scenario (``test_sdk_v2.run_scenario``): domains and certificates, summaries,
statistics and quota configs, API debugging, and Swagger export/import."""

from __future__ import annotations

import orjson
from emulator.certs import CERT, DOMAIN, KEY
from emulator.sdk_driver import Driver, Upload


def domains(d: Driver, group_id: str) -> None:
    """Bind a domain and its certificate to the group, see them in the group, then unbind."""
    dom = d.call("domain.create", {"url_domain": DOMAIN}, group_id=group_id)
    assert (dom["url_domain"], dom["status"], dom["min_ssl_version"]) == (DOMAIN, 3, "TLSv1.1")
    did = dom["id"]
    updated = d.call("domain.update", {"min_ssl_version": "TLSv1.2"}, group_id=group_id, domain_id=did)
    assert updated["min_ssl_version"] == "TLSv1.2"
    cert = d.call(
        "domain.certificate.create",
        {"name": "cert_one", "cert_content": CERT, "private_key": KEY},
        group_id=group_id,
        domain_id=did,
    )
    assert cert["ssl_name"] == "cert_one" and cert["api_group_id"] == group_id
    got = d.call("domain.certificate.get", group_id=group_id, domain_id=did, certificate_id=cert["ssl_id"])
    assert got["san"] == [DOMAIN, "*.example-one.com"] and got["signature_algorithm"] == "SHA256-RSA"
    assert got["common_name"] == DOMAIN and got["id"] == cert["ssl_id"]
    shown = d.call("api_group.get", group_id=group_id)["url_domains"]
    assert [(u["domain"], u["ssl_name"]) for u in shown] == [(DOMAIN, "cert_one")]
    configs = d.call("config.instance_config.list", limit=50)
    assert configs["total"] == 42
    domain_limit = next(c for c in configs["configs"] if c["config_name"] == "APIGROUP_DOMAIN_NUM_LIMIT")
    assert (domain_limit["config_value"], domain_limit["used"]) == ("5", 1)
    d.call("domain.certificate.delete", group_id=group_id, domain_id=did, certificate_id=cert["ssl_id"])
    assert not d.call("api_group.get", group_id=group_id)["url_domains"][0].get("ssl_id")
    d.call("domain.delete", group_id=group_id, domain_id=did)
    assert d.call("api_group.get", group_id=group_id)["url_domains"] == []


def overview(d: Driver, group_id: str, api_id: str) -> None:
    """Summaries, statistics (no traffic: zero samples) and a debug call."""
    assert d.call("summary.api_groups") == {"offsell_nums": 1, "onsell_nums": 0}
    apis = d.call("summary.apis")
    assert (apis["instance_num"], apis["nums_on_release"], apis["nums_off_release"]) == (2, 0, 2)
    stats = d.call("metrics.api_calls_in_period", api_id=api_id, duration="5m")
    assert len(stats["list"]) == 5 and {s["req_count"] for s in stats["list"]} == {0}
    assert stats["list"][0]["group_id"] == group_id and stats["list"][0]["cycle"] == "MINUTE"
    assert len(d.call("metrics.group_calls_last_hour", group_id=group_id)["list"]) == 60
    debug = d.call(
        "api.debug",
        {
            "mode": "DEVELOPER",
            "scheme": "HTTPS",
            "method": "GET",
            "path": "/one",
            "header": {"x-city": ["sz"]},
        },
        api_id=api_id,
    )
    assert debug["request"].startswith("GET /one HTTP/1.1\r\n") and "X-City: sz" in debug["request"]
    assert debug["response"].startswith("HTTP/1.1 200 OK") and debug["response"].endswith("ok")
    assert isinstance(debug["latency"], int)


def openapi(d: Driver, group_id: str, env_id: str) -> None:
    """Export the group's APIs published in the environment, import them into a new group and
    back into the same group (override), then remove the new group."""
    doc = d.call("openapi.export", {"group_id": group_id, "env_id": env_id, "define": "all"})
    assert doc["swagger"] == "2.0" and set(doc["paths"]) == {"/one", "/two"}
    assert doc["paths"]["/one"]["get"]["x-apigateway-backend"]["type"] == "MOCK"
    doc["info"]["title"] = "group_imported"
    upload = Upload("group.json", orjson.dumps(doc))
    created = d.call("openapi.import", {"is_create_group": True, "file_name": upload})
    assert {s["action"] for s in created["success"]} == {"create"} and len(created["success"]) == 2
    again = d.call(
        "openapi.import",
        {"is_create_group": False, "group_id": group_id, "api_mode": "override", "file_name": upload},
    )
    assert {s["action"] for s in again["success"]} == {"update"} and again["group_id"] == group_id
    for item in created["success"]:
        d.call("api.delete", api_id=item["id"])
    d.call("api_group.delete", group_id=created["group_id"])
