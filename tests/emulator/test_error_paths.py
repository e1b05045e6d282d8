"""Both dialects' error paths: documented codes, statuses and messages naming the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
from emulator.certs import CERT, KEY, OTHER_KEY
from emulator.conftest import AK, SK, TOKEN

from translator.emulator.app import Emulator
from translator.emulator.special.publish import RELEASE_ENV_ID
from translator.signing import sign


def _v2(emu: Emulator) -> str:
    return f"/v2/{emu.config.project_id}/apigw/instances/{emu.config.instance_id}"


def _signed(
    url: str, method: str, path: str, body: Any = None, sk: str = SK, now: datetime | None = None
) -> httpx.Response:
    content = orjson.dumps(body) if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    signed = sign(method, url + path, headers, content, AK, sk, now)
    return httpx.request(method, url + path, headers=signed, content=content, timeout=10)


@pytest.fixture(scope="module", params=["v1.0", "v2"])
def dialect(
    request: pytest.FixtureRequest, v1_server: tuple[str, Emulator], v2_server: tuple[str, Emulator]
) -> tuple[str, str]:
    """(base url, path prefix) of each emulator; both accept AK/SK."""
    if request.param == "v1.0":
        return v1_server[0], "/v1.0/apigw"
    return v2_server[0], _v2(v2_server[1])


def test_invalid_body_names_the_field(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    r = _signed(url, "POST", prefix + "/envs", {"remark": "no name"})
    assert r.status_code == 400
    assert r.json()["error_code"] == "APIG.2001"
    assert "parameterName:name" in r.json()["error_msg"]
    r = _signed(
        url,
        "POST",
        prefix + "/throttles",
        {"name": "th_bad", "api_call_limits": 10, "time_interval": 1, "time_unit": "YEAR"},
    )
    assert (r.status_code, r.json()["error_code"]) == (400, "APIG.2011")
    assert "time_unit" in r.json()["error_msg"]
    r = _signed(url, "POST", prefix + "/envs", {"name": "x" * 100})
    assert (r.status_code, r.json()["error_code"]) == (400, "APIG.2006")


def test_malformed_json_is_a_documented_400(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    headers = sign("POST", url + prefix + "/envs", {"Content-Type": "application/json"}, b"{nope", AK, SK)
    r = httpx.post(url + prefix + "/envs", headers=headers, content=b"{nope")
    assert (r.status_code, r.json()["error_code"]) == (400, "APIG.2000")
    assert "Traceback" not in r.text


def test_unknown_id_is_the_documented_404(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    for path, code in (
        ("/acls/" + "a" * 32, "APIG.3006"),
        ("/throttles/" + "b" * 32, "APIG.3005"),
        ("/apps/" + "c" * 32, "APIG.3004"),
    ):
        r = _signed(url, "GET", prefix + path)
        assert (r.status_code, r.json()["error_code"]) == (404, code), path


def test_binding_a_missing_api_is_a_404(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    acl = _signed(
        url,
        "POST",
        prefix + "/acls",
        {"acl_name": "acl_missing_api", "acl_type": "PERMIT", "acl_value": "1.1.1.1", "entity_type": "IP"},
    )
    assert acl.status_code == 201
    r = _signed(
        url, "POST", prefix + "/acl-bindings", {"acl_id": acl.json()["id"], "publish_ids": ["f" * 32]}
    )
    assert (r.status_code, r.json()["error_code"]) == (404, "APIG.3015")
    r = _signed(
        url,
        "POST",
        prefix + "/apis",
        {
            "group_id": "e" * 32,
            "name": "api_x",
            "type": 1,
            "req_method": "GET",
            "req_uri": "/x",
            "auth_type": "NONE",
            "backend_type": "MOCK",
            "req_protocol": "HTTPS",
        },
    )
    assert (r.status_code, r.json()["error_code"]) == (404, "APIG.3001")


def test_duplicate_name_is_the_documented_400(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    body = {"name": "dup_group"}
    assert _signed(url, "POST", prefix + "/api-groups", body).status_code == 201
    r = _signed(url, "POST", prefix + "/api-groups", body)
    assert (r.status_code, r.json()) == (
        400,
        {"error_code": "APIG.3201", "error_msg": "The API group name already exists"},
    )


def test_auth_failures_are_documented_401s(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    r = _signed(url, "GET", prefix + "/envs", sk="wrong-secret")
    assert (r.status_code, r.json()["error_code"]) == (401, "APIG.1002")
    assert SK not in r.text and "wrong-secret" not in r.text
    r = _signed(url, "GET", prefix + "/envs", now=datetime.now(UTC) - timedelta(minutes=16))
    assert (r.status_code, r.json()["error_code"]) == (401, "APIG.1001")
    r = httpx.get(url + prefix + "/envs")
    assert (r.status_code, r.json()["error_code"]) == (401, "APIG.1000")
    r = httpx.get(url + prefix + "/envs", headers={"X-Auth-Token": "not-the-token"})
    assert (r.status_code, r.json()["error_code"]) == (401, "APIG.1002")


def test_unknown_route_is_a_404_in_the_dialect(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    r = _signed(url, "GET", prefix + "/no-such-thing")
    assert r.status_code == 404
    assert set(r.json()) == {"error_code", "error_msg"}


def test_v1_token_is_accepted(v1_server: tuple[str, Emulator]) -> None:
    url, _ = v1_server
    r = httpx.get(url + "/v1.0/apigw/envs", headers={"X-Auth-Token": TOKEN})
    assert r.status_code == 200 and r.json()["envs"][0]["name"] == "RELEASE"


def test_v2_other_instance_is_a_404(v2_server: tuple[str, Emulator]) -> None:
    url, emu = v2_server
    r = _signed(url, "GET", f"/v2/{emu.config.project_id}/apigw/instances/{'0' * 32}/envs")
    assert (r.status_code, r.json()["error_code"]) == (404, "APIG.3030")


def _group(url: str, prefix: str, name: str) -> str:
    r = _signed(url, "POST", prefix + "/api-groups", {"name": name})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _code(r: httpx.Response) -> tuple[int, str]:
    return r.status_code, r.json()["error_code"]


def test_new_families_name_an_unknown_group_or_api(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    missing = "d" * 32
    r = _signed(url, "POST", prefix + f"/api-groups/{missing}/domains", {"url_domain": "www.nowhere.com"})
    assert _code(r) == (404, "APIG.3001") and missing in r.json()["error_msg"]
    assert _code(_signed(url, "GET", prefix + f"/statistics/group/latest?group_id={missing}")) == (
        404,
        "APIG.3001",
    )
    r = _signed(url, "GET", prefix + f"/statistics/api/latest?api_id={missing}&duration=1h")
    assert _code(r) == (404, "APIG.3002")
    debug = {"mode": "DEVELOPER", "scheme": "HTTPS", "method": "GET", "path": "/x"}
    assert _code(_signed(url, "POST", prefix + f"/apis/debug/{missing}", debug)) == (404, "APIG.3002")
    if prefix.startswith("/v1.0"):
        r = _signed(url, "GET", prefix + f"/openapi?env_id={RELEASE_ENV_ID}&group_id={missing}")
    else:
        r = _signed(url, "POST", prefix + "/openapi/export", {"group_id": missing, "define": "dev"})
    assert _code(r) == (404, "APIG.3001")


def test_domains_are_unique_valid_and_limited(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    first, second = _group(url, prefix, "domains_one"), _group(url, prefix, "domains_two")
    domains = prefix + "/api-groups/{}/domains"
    r = _signed(url, "POST", domains.format(first), {"url_domain": "api.example-one.com"})
    assert r.status_code == 201
    dom = r.json()["id"]
    r = _signed(url, "POST", domains.format(second), {"url_domain": "API.Example-One.com"})
    assert (r.status_code, r.json()) == (
        400,
        {"error_code": "APIG.3305", "error_msg": "The URL domain name already exists"},
    )
    assert _code(_signed(url, "POST", domains.format(first), {"url_domain": "not a domain"})) == (
        400,
        "APIG.2024",
    )
    r = _signed(url, "DELETE", domains.format(second) + f"/{dom}")
    assert _code(r) == (403, "APIG.3474")
    for i in range(4):
        assert (
            _signed(url, "POST", domains.format(first), {"url_domain": f"d{i}.example-one.com"}).status_code
            == 201
        )
    assert _code(_signed(url, "POST", domains.format(first), {"url_domain": "d5.example-one.com"})) == (
        403,
        "APIG.3108",
    )
    cert = domains.format(first) + f"/{dom}/certificate"
    for body, code in (
        ({"name": "cert_bad", "cert_content": CERT, "private_key": OTHER_KEY}, "APIG.2101"),
        ({"name": "cert_bad", "cert_content": "no pem here", "private_key": KEY}, "APIG.2106"),
        ({"name": "9cert", "cert_content": CERT, "private_key": KEY}, "APIG.2012"),
    ):
        assert _code(_signed(url, "POST", cert, body)) == (400, code)
    r = _signed(url, "POST", domains.format(second), {"url_domain": "www.example-two.com"})
    other = domains.format(second) + f"/{r.json()['id']}/certificate"
    body = {"name": "cert_one", "cert_content": CERT, "private_key": KEY}
    assert _code(_signed(url, "POST", other, body)) == (400, "APIG.2103")
    assert _code(_signed(url, "GET", cert + "/" + "c" * 32)) == (404, "APIG.3021")


def test_debug_metrics_and_import_check_their_inputs(dialect: tuple[str, str]) -> None:
    url, prefix = dialect
    group = _group(url, prefix, "checks_group")
    api = {
        "group_id": group,
        "name": "api_checks",
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": "/checks",
        "auth_type": "NONE",
        "backend_type": "MOCK",
    }
    api_id = _signed(url, "POST", prefix + "/apis", api).json()["id"]
    debug = {"mode": "TESTING", "scheme": "HTTPS", "method": "GET", "path": "/checks"}
    r = _signed(url, "POST", prefix + f"/apis/debug/{api_id}", debug)
    assert _code(r) == (400, "APIG.2011") and "parameterName:mode" in r.json()["error_msg"]
    r = _signed(url, "POST", prefix + f"/apis/debug/{api_id}", {**debug, "mode": "CONSUMER"})
    assert _code(r) == (404, "APIG.3015")  # not published in RELEASE
    r = _signed(url, "GET", prefix + f"/statistics/api/latest?api_id={api_id}&duration=1d")
    assert _code(r) == (400, "APIG.2012") and "duration" in r.json()["error_msg"]
    swagger = {"swagger": "3.0", "info": {"title": "group_x"}, "paths": {}, "securityDefinitions": {}}
    if prefix.startswith("/v1.0"):
        assert _code(_signed(url, "POST", prefix + "/openapi", swagger)) == (400, "APIG.3601")
        r = _signed(
            url, "PUT", prefix + f"/openapi?group_id={group}&mode=replace", {**swagger, "swagger": "2.0"}
        )
        assert _code(r) == (400, "APIG.2011")
        return
    for content, code in ((b"", "APIG.3609"), (b"{ [", "APIG.3600"), (orjson.dumps(swagger), "APIG.3601")):
        request = httpx.Request(
            "POST",
            url + prefix + "/openapi/import",
            files={"file_name": ("f.json", content)},
            data={"is_create_group": "true"},
        )
        body = request.read()
        headers = sign(
            "POST", str(request.url), {"Content-Type": request.headers["content-type"]}, body, AK, SK
        )
        assert _code(httpx.post(str(request.url), headers=headers, content=body)) == (400, code)
