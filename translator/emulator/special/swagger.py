"""Stored APIs as a Swagger 2.0 document with the gateway's ``x-apigateway-*`` extensions, and
Swagger operations back as ``api.create`` bodies.

Export levels: the front end only (v1.0 ``base``, v2 ``spec``); with the backend (``full``,
``proxy``, ``dev``); with the bound throttling and access control policies as well (``all``).
Import reads the front end and the backend (HTTP, HTTP-VPC by channel name, FUNCTION, MOCK;
none: MOCK); extension policies are not imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from translator.emulator.store import Doc
from translator.spec import FieldSpec

METHODS = ("get", "post", "put", "delete", "head", "patch", "options", "x-apigateway-any-method")
SECURITY = {
    "apig-auth-app": {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-apigateway-auth-type": "AppSigv1",
    },
    "apig-auth-iam": {"type": "apiKey", "name": "unused", "in": "header", "x-apigateway-auth-type": "IAM"},
}
_AUTH = {"APP": "apig-auth-app", "IAM": "apig-auth-iam"}
_SCHEMES = {"HTTP": ["http"], "HTTPS": ["https"], "BOTH": ["http", "https"]}
_PARAM = (  # req_params key -> Swagger parameter key
    ("remark", "description"),
    ("default_value", "default"),
    ("min_num", "minimum"),
    ("max_num", "maximum"),
    ("min_size", "minLength"),
    ("max_size", "maxLength"),
    ("regular", "pattern"),
)
BACKEND_LEVELS = frozenset({"full", "proxy", "all", "dev"})


def _vpc(backend: Mapping[str, Any]) -> tuple[int | None, Mapping[str, Any]]:
    """The VPC status and info of a backend, under either version's names."""
    status = backend.get("vpc_status", backend.get("vpc_channel_status"))
    info = backend.get("vpc_info") or backend.get("vpc_channel_info") or {}
    return status, info


def _parameters(api: Doc) -> list[Doc]:
    out = []
    for p in api.get("req_params") or []:
        location = str(p.get("location", "")).lower()
        param: Doc = {"name": p.get("name"), "in": location, "type": str(p.get("type", "string")).lower()}
        param["required"] = location == "path" or p.get("required") == 1
        param.update({to: p[key] for key, to in _PARAM if p.get(key) not in (None, "")})
        out.append(param)
    return out


def _backend(api: Doc, channel_name: Callable[[Any], str | None]) -> Doc:
    kind = str(api.get("backend_type") or "MOCK").upper()
    out: Doc = {"type": kind}
    out["parameters"] = [
        {
            "name": p.get("name"),
            "value": p.get("value"),
            "in": str(p.get("location", "")).upper(),
            "origin": p.get("origin"),
            "description": p.get("remark") or "",
        }
        for p in api.get("backend_params") or []
    ]
    if kind == "HTTP":
        b = api.get("backend_api") or {}
        endpoint = {
            "scheme": str(b.get("req_protocol", "HTTPS")).lower(),
            "method": b.get("req_method"),
            "path": b.get("req_uri"),
            "timeout": b.get("timeout"),
            "description": b.get("remark") or "",
        }
        status, info = _vpc(b)
        if status == 1:
            out["type"] = "HTTP-VPC"
            name = channel_name(info.get("vpc_id") or info.get("vpc_channel_id"))
            out["httpVpcEndpoints"] = {"name": name, **endpoint}
        else:
            out["httpEndpoints"] = {"address": b.get("url_domain"), **endpoint}
    elif kind == "FUNCTION":
        f = api.get("func_info") or {}
        out["functionEndpoints"] = {
            "function-urn": f.get("function_urn"),
            "invocation-type": f.get("invocation_type"),
            "timeout": f.get("timeout"),
            "version": f.get("version"),
        }
    else:
        out["mockEndpoints"] = {"result-content": (api.get("mock_info") or {}).get("result_content", "")}
    return out


def operation(api: Doc, define: str, channel_name: Callable[[Any], str | None]) -> Doc:
    """One API as a Swagger operation at export level ``define``."""
    out: Doc = {
        "operationId": api.get("name"),
        "description": api.get("remark") or "",
        "schemes": _SCHEMES.get(str(api.get("req_protocol")), ["https"]),
        "parameters": _parameters(api),
        "responses": {
            "default": {"$ref": "#/responses/default"},
            "x-apigateway-result-normal-sample": api.get("result_normal_sample") or "",
            "x-apigateway-result-failure-sample": api.get("result_failure_sample") or "",
        },
        "x-apigateway-cors": bool(api.get("cors")),
        "x-apigateway-match-mode": api.get("match_mode") or "NORMAL",
        "x-apigateway-request-type": "private" if api.get("type") == 2 else "public",
    }
    scheme = _AUTH.get(str(api.get("auth_type")))
    if scheme is not None:
        out["security"] = [{scheme: []}]
    if define in BACKEND_LEVELS:
        out["x-apigateway-backend"] = _backend(api, channel_name)
    return out


def document(group: Doc, version: str, paths: dict[str, dict[str, Doc]]) -> Doc:
    return {
        "swagger": "2.0",
        "info": {"title": group.get("name"), "version": version, "description": group.get("remark") or ""},
        "host": group.get("sl_domain"),
        "paths": paths,
        "responses": {"default": {"description": "response example"}},
        "securityDefinitions": SECURITY,
    }


def _protocol(schemes: set[str]) -> str:
    if schemes >= {"http", "https"}:
        return "BOTH"
    return "HTTP" if schemes == {"http"} else "HTTPS"


def _present(**values: Any) -> Doc:
    return {k: v for k, v in values.items() if v is not None}


def _api_name(method: str, path: str) -> str:
    return f"API_{method}_{re.sub(r'[^A-Za-z0-9_]', '_', path.strip('/'))}"[:64].rstrip("_")


def _backend_fields(
    backend: Mapping[str, Any], channel_id: Callable[[Any], str | None], vpc: tuple[str, str, str]
) -> Doc:
    kind = str(backend.get("type") or "MOCK").upper()
    out: Doc = {"backend_type": "HTTP" if kind == "HTTP-VPC" else kind}
    params = [
        _present(
            name=p.get("name"),
            value=p.get("value"),
            location=str(p.get("in", "")).upper(),
            origin=str(p.get("origin", "REQUEST")).upper(),
            remark=p.get("description") or None,
        )
        for p in backend.get("parameters") or []
        if isinstance(p, Mapping)
    ]
    if params:
        out["backend_params"] = params
    endpoint = backend.get("httpVpcEndpoints" if kind == "HTTP-VPC" else "httpEndpoints") or {}
    if kind in ("HTTP", "HTTP-VPC"):
        api: Doc = {
            "req_protocol": str(endpoint.get("scheme", "https")).upper(),
            "req_method": str(endpoint.get("method", "GET")).upper(),
            "req_uri": endpoint.get("path"),
            "timeout": endpoint.get("timeout") or 5000,
        }
        if kind == "HTTP":
            api["url_domain"] = endpoint.get("address")
        else:
            status_field, info_field, id_field = vpc
            api[status_field] = 1
            api[info_field] = {id_field: channel_id(endpoint.get("name"))}
        out["backend_api"] = api
    elif kind == "FUNCTION":
        f = backend.get("functionEndpoints") or {}
        out["func_info"] = {
            "function_urn": f.get("function-urn"),
            "invocation_type": f.get("invocation-type", "sync"),
            "timeout": f.get("timeout") or 5000,
        }
    else:
        mock = backend.get("mockEndpoints") or {}
        out["mock_info"] = {"result_content": mock.get("result-content", "")}
    return out


def api_body(
    path: str,
    method: str,
    op: Mapping[str, Any],
    channel_id: Callable[[Any], str | None],
    vpc: tuple[str, str, str],
) -> Doc:
    """An ``api.create`` body (without ``group_id``) from one Swagger operation."""
    schemes = {str(s).lower() for s in op.get("schemes") or ["https"]}
    verb = "ANY" if method == "x-apigateway-any-method" else method.upper()
    security = [next(iter(s), "") for s in op.get("security") or [] if isinstance(s, Mapping)]
    auth = next((a for a, scheme in _AUTH.items() if scheme in security), "NONE")
    responses = op.get("responses") or {}
    out: Doc = {
        "name": op.get("operationId") or _api_name(verb, path),
        "type": 2 if op.get("x-apigateway-request-type") == "private" else 1,
        "req_protocol": _protocol(schemes),
        "req_method": verb,
        "req_uri": path,
        "auth_type": auth,
        "match_mode": op.get("x-apigateway-match-mode") or "NORMAL",
        "cors": bool(op.get("x-apigateway-cors", False)),
        "remark": op.get("description") or None,
        "result_normal_sample": responses.get("x-apigateway-result-normal-sample") or None,
        "result_failure_sample": responses.get("x-apigateway-result-failure-sample") or None,
    }
    params = []
    for p in op.get("parameters") or []:
        if isinstance(p, Mapping) and str(p.get("in")) in ("path", "query", "header"):
            param: Doc = {
                "name": p.get("name"),
                "type": "NUMBER" if p.get("type") in ("number", "integer") else "STRING",
                "location": str(p["in"]).upper(),
                "required": 1 if p.get("required") or p.get("in") == "path" else 2,
            }
            param.update({key: p[to] for key, to in _PARAM if p.get(to) is not None})
            params.append(param)
    if params:
        out["req_params"] = params
    out.update(_backend_fields(op.get("x-apigateway-backend") or {}, channel_id, vpc))
    return _present(**out)


def vpc_names(api_create: tuple[FieldSpec, ...]) -> tuple[str, str, str]:
    """How a version's ``api.create`` names a backend's VPC status, info and channel id."""
    backend = next((f for f in api_create if f.name == "backend_api"), None)
    names = {c.name: c for c in (backend.children if backend is not None else ())}
    for status, info in (("vpc_channel_status", "vpc_channel_info"), ("vpc_status", "vpc_info")):
        if status in names and info in names:
            ids = [c.name for c in names[info].children if c.name.endswith("_id")]
            return status, info, ids[0] if ids else "id"
    return "vpc_status", "vpc_info", "vpc_id"
