"""``api.debug``: the request the gateway would send and a synthetic answer; no backend is called.

The definition debugged is the API as it stands (``DEVELOPER``/``MARKET``) or as published in the
``stage`` environment (``CONSUMER``, default ``RELEASE``). A request whose method and path match
that definition gets ``200`` with the mock's content (``MOCK`` backends) or an empty JSON object;
one that does not gets the gateway's ``404 APIG.0101``. Latency is the emulator's own time.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import orjson

from translator.core.apierrors import ROUTE_NOT_FOUND, documented, error_body, not_found, parameter_error
from translator.emulator.crud import load
from translator.emulator.declare import Call, Handler
from translator.emulator.store import Doc

MODES = ("DEVELOPER", "MARKET", "CONSUMER")
_QUERY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,31}$")
_HEADER_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.-]{0,31}$")
_RESERVED = ("x-apig-", "x-sdk-")


def _check_names(values: Any, pattern: re.Pattern[str], where: str, extra: tuple[str, ...] = ()) -> None:
    for name in values or {}:
        lowered = name.lower()
        if not pattern.match(name) or lowered.startswith(_RESERVED) or lowered in ("x-stage", *extra):
            raise parameter_error("APIG.2011", where)


def _definition(call: Call, api: Doc, mode: str, stage: Any) -> Doc:
    if mode != "CONSUMER":
        return api
    env_res = call.res("env")
    envs = call.store.list(env_res.kind, {"name": stage or "RELEASE"}, limit=1)[0]
    if not envs:
        raise not_found(env_res.not_found, env_res.label, str(stage))
    pub = call.res("publication")
    found = call.store.list(pub.kind, {"api_id": api["id"], "env_id": envs[0]["id"]}, limit=1)[0]
    if not found:
        raise not_found(pub.not_found, pub.label, f"{api['id']}/{envs[0]['id']}")
    version = load(call, call.res("api_version"), found[0]["version_id"])
    return dict(version.get("snapshot") or api)


def _route(definition: Doc) -> re.Pattern[str]:
    uri = str(definition.get("req_uri") or "/")
    parts = re.split(r"(\{[^}]+\})", uri)
    body = "".join(
        (".+" if p.endswith("+}") else "[^/]+") if p.startswith("{") else re.escape(p) for p in parts
    )
    return re.compile(f"^{body}" + ("" if definition.get("match_mode") == "SWA" else "$"))


def _matches(definition: Doc, method: str, path: str) -> bool:
    wanted = str(definition.get("req_method") or "").upper()
    return wanted in ("ANY", method) and _route(definition).match(path) is not None


def _canonical(name: str) -> str:
    return "-".join(part.capitalize() for part in name.split("-"))


def _request_text(body: Doc, host: str) -> str:
    target = str(body["path"])
    query = body.get("query") or {}
    if query:
        target += "?" + urlencode(query, doseq=True)
    lines = [f"{body['method']} {target} HTTP/1.1", f"Host: {host}", "User-Agent: APIGatewayDebugClient/1.0"]
    lines.append("X-Apig-Mode: debug")
    for name, values in (body.get("header") or {}).items():
        lines.extend(f"{_canonical(name)}: {v}" for v in values)
    return "\r\n".join(lines) + "\r\n\r\n" + str(body.get("body") or "")


def _response_text(call: Call, status: str, content: str, latency: int) -> str:
    head = [
        f"HTTP/1.1 {status}",
        f"Content-Length: {len(content.encode())}",
        "Connection: keep-alive",
        "Content-Type: application/json",
        f"Date: {datetime.now(UTC).strftime('%a, %d %b %Y %H:%M:%S GMT')}",
        "Server: api-gateway",
        f"X-Apig-Latency: {latency}",
        f"X-Request-Id: {call.ids.hex()}",
    ]
    return "\r\n".join(head) + "\r\n\r\n" + content


def _typed(call: Call, name: str, value: int) -> Any:
    """``value`` as the type the response documents for ``name`` (v1.0 shows latency as a string)."""
    assert call.op.response is not None
    kinds = {f.name: f.type for f in call.op.response.fields}
    return str(value) if kinds.get(name) == "string" else value


def debug(call: Call) -> Doc:
    started = time.perf_counter()
    api = load(call, call.res("api"), call.path["api_id"])
    body = call.body or {}
    mode = body.get("mode")
    if mode not in MODES:
        raise parameter_error("APIG.2011", "mode")
    if not str(body.get("path") or "").startswith("/") or len(str(body["path"])) > 1024:
        raise parameter_error("APIG.2011", "path")
    _check_names(body.get("query"), _QUERY_NAME, "query")
    consumer = ("x-auth-token", "authorization") if mode != "DEVELOPER" else ()
    _check_names(body.get("header"), _HEADER_NAME, "header", consumer)
    definition = _definition(call, api, str(mode), body.get("stage"))
    group = call.store.get(call.res("api_group").kind, str(api["group_id"]))
    host = str(body.get("domain") or group.get("sl_domain") or "")
    if _matches(definition, str(body.get("method")), str(body["path"]).split("?", 1)[0]):
        status = "200 OK"
        mock = definition.get("mock_info") or {}
        mocked = definition.get("backend_type") == "MOCK"
        content = str(mock.get("result_content") or "") if mocked else "{}"
    else:
        _, message = documented(ROUTE_NOT_FOUND)
        status = "404 Not Found"
        content = orjson.dumps(error_body(ROUTE_NOT_FOUND, message)).decode()
    latency = max(1, round((time.perf_counter() - started) * 1000))
    return {
        "request": _request_text(body, host),
        "response": _response_text(call, status, content, latency),
        "latency": _typed(call, "latency", latency),
        "log": "",
    }


HANDLERS: dict[str, Handler] = {"api.debug": debug}
