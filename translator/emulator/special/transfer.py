"""Swagger export and import (v1.0 ``openapi.*``, v2 ``openapi.export``/``openapi.import``).

Export: the APIs of a group as published in an environment (their published version), or as
they stand (v2 ``define=dev``), as a JSON or YAML file. Import: into a new group (named by
``info.title``) or an existing one; an API whose method and path already exist in the group is
a failure (``APIG.3301``) in ``merge`` mode and updated in ``override`` mode; every API is
reported as a success (``create``/``update``) or a failure with its error; operations that are
not HTTP methods are reported as ignored. Policy extensions (``x-apigateway-ratelimits``,
``x-apigateway-access-controls``) are exported with ``define=all`` but not imported, so
``extend_mode`` has no effect; v2 ``mock_mode`` gives every imported API a MOCK backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
import yaml

from translator.core import validation
from translator.core.apierrors import ApiError, parameter_error
from translator.emulator.crud import create_doc, load, update_doc
from translator.emulator.declare import Call, Handler, Raw
from translator.emulator.shape import with_defaults
from translator.emulator.special import swagger
from translator.emulator.store import Doc
from translator.spec import OperationSpec, load_spec

MODES = ("merge", "override")
_EXISTS = (
    "The API already exists, An API with the same combination of the method, path, and "
    "x-apigateway-match-mode fields already exists. API name: "
)


def _channel_name(call: Call) -> Any:
    def name(ident: Any) -> str | None:
        docs = call.store.list(call.res("vpc_channel").kind, {"id": ident}, limit=1)[0]
        return str(docs[0]["name"]) if docs else None

    return name


def _published(call: Call, api_id: str, env_id: str) -> Doc | None:
    pub = call.res("publication")
    found = call.store.list(pub.kind, {"api_id": api_id, "env_id": env_id}, limit=1)[0]
    if not found:
        return None
    version = load(call, call.res("api_version"), found[0]["version_id"])
    return dict(version.get("snapshot") or {})


def _extensions(call: Call, apis: list[Doc], env_id: str) -> tuple[dict[str, Doc], Doc]:
    """Per API the names of its throttling and access control policies in ``env_id``, and the
    policies' definitions (``define=all``)."""
    per_api: dict[str, Doc] = {}
    limits: Doc = {}
    acls: Doc = {}
    for api in apis:
        where = {"api_id": api.get("id"), "env_id": env_id}
        names: Doc = {}
        for binding in call.store.list(call.res("throttle_binding").kind, where, limit=1)[0]:
            t = load(call, call.res("throttle"), binding["strategy_id"])
            names["x-apigateway-ratelimit"] = t["name"]
            limits[t["name"]] = {
                "api-limit": t.get("api_call_limits"),
                "user-limit": t.get("user_call_limits"),
                "app-limit": t.get("app_call_limits"),
                "ip-limit": t.get("ip_call_limits"),
                "interval": t.get("time_interval"),
                "unit": t.get("time_unit"),
                "shared": t.get("type") == 2,
            }
        for binding in call.store.list(call.res("acl_binding").kind, where, limit=1)[0]:
            a = load(call, call.res("acl"), binding["acl_id"])
            names["x-apigateway-access-control"] = a["acl_name"]
            acls[a["acl_name"]] = {
                "acl-type": a.get("acl_type"),
                "entity-type": a.get("entity_type"),
                "value": a.get("acl_value"),
            }
        per_api[str(api.get("id"))] = names
    top = {"x-apigateway-ratelimits": limits, "x-apigateway-access-controls": acls}
    return per_api, {k: v for k, v in top.items() if v}


def _file(call: Call, group: Doc, apis: list[Doc], env_id: str | None, options: Mapping[str, Any]) -> Raw:
    """The Swagger file of ``apis`` (``options``: the request's define, version and type)."""
    define = str(options.get("define"))
    per_api, top = _extensions(call, apis, env_id) if define == "all" and env_id else ({}, {})
    paths: dict[str, dict[str, Doc]] = {}
    names = _channel_name(call)
    for api in apis:
        method = str(api.get("req_method", "GET")).lower()
        method = "x-apigateway-any-method" if method == "any" else method
        op = swagger.operation(api, define, names)
        op.update(per_api.get(str(api.get("id")), {}))
        paths.setdefault(str(api.get("req_uri")), {})[method] = op
    stamp = options.get("version") or datetime.now(UTC).strftime("%Y-%m-%d-%H:%M:%S")
    doc = {**swagger.document(group, str(stamp), paths), **top}
    kind = options.get("type") or "json"
    disposition = {"Content-Disposition": f'attachment; filename="{group["id"]}.{kind}"'}
    if kind in ("yaml", "yml"):
        content = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()
        return Raw(content, "application/x-yaml", disposition)
    return Raw(orjson.dumps(doc), "application/json", disposition)


def _required(value: Any, name: str) -> str:
    if value in (None, ""):
        raise parameter_error("APIG.2001", name)
    return str(value)


def _group_apis(call: Call, group_id: str) -> list[Doc]:
    return call.store.list(call.res("api").kind, {"group_id": group_id})[0]


def export_group_v1(call: Call) -> Raw:
    q = call.query
    env = load(call, call.res("env"), _required(q.get("env_id") or q.get("env"), "env_id"))
    group = load(call, call.res("api_group"), _required(q.get("group_id") or q.get("group"), "group_id"))
    apis = [p for a in _group_apis(call, group["id"]) if (p := _published(call, a["id"], env["id"]))]
    return _file(call, group, apis, env["id"], {**q, "define": q.get("define") or "base"})


def export_apis_v1(call: Call) -> Raw:
    q = call.query
    env = load(call, call.res("env"), _required(q.get("env_id") or q.get("env"), "env_id"))
    ids = call.body if isinstance(call.body, list) else []
    stored = [load(call, call.res("api"), ident) for ident in ids]
    if not stored:
        raise parameter_error("APIG.2001", "apis")
    group = load(call, call.res("api_group"), stored[0]["group_id"])
    apis = [p for a in stored if (p := _published(call, a["id"], env["id"]))]
    return _file(call, group, apis, env["id"], {**q, "define": q.get("define") or "base"})


def export_v2(call: Call) -> Raw:
    body = call.body or {}
    group = load(call, call.res("api_group"), body.get("group_id"))
    define = body.get("define") or "spec"
    wanted = set(body.get("apis") or [])
    apis = [a for a in _group_apis(call, group["id"]) if not wanted or a["id"] in wanted]
    env_id = None
    if define != "dev":
        env_id = load(call, call.res("env"), _required(body.get("env_id"), "env_id"))["id"]
        apis = [p for a in apis if (p := _published(call, a["id"], env_id))]
    return _file(call, group, apis, env_id, {**body, "define": define})


def _operations(doc: Any) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise ApiError("APIG.3602")
    if str(doc.get("swagger")) != "2.0":
        raise ApiError("APIG.3601")
    paths = doc.get("paths")
    if not isinstance(paths, Mapping) or not isinstance(doc.get("info", {}), Mapping):
        raise ApiError("APIG.3602")
    return paths


def _new_group(call: Call, doc: Mapping[str, Any]) -> str:
    op = load_spec(call.registry.dialect.version).operation("api_group.create")
    info = doc.get("info") or {}
    data: Doc = {"name": info.get("title")}
    if info.get("description"):
        data["remark"] = info["description"]
    data = validation.body(op, data)
    assert op.request is not None
    return str(create_doc(call, call.res("api_group"), with_defaults(op.request.fields, data))["id"])


def _one(call: Call, op: OperationSpec, group_id: str, data: Doc, override: bool) -> Doc:
    assert op.request is not None
    data = with_defaults(op.request.fields, validation.body(op, {**data, "group_id": group_id}))
    res = call.res("api")
    where = {"group_id": group_id, "req_method": data["req_method"], "req_uri": data["req_uri"]}
    existing = call.store.list(res.kind, where, limit=1)[0]
    if not existing:
        return {"action": "create", "id": create_doc(call, res, data)["id"]}
    if not override:
        raise ApiError("APIG.3301", _EXISTS + str(existing[0].get("name")))
    return {"action": "update", "id": update_doc(call, res, existing[0], data)["id"]}


def run_import(call: Call, doc: Any, group_id: str | None, override: bool, mock: bool = False) -> Doc:
    """Import the Swagger ``doc`` into ``group_id`` (None: a new group named by its title);
    ``mock``: every API gets a MOCK backend."""
    paths = _operations(doc)
    group = _new_group(call, doc) if group_id is None else load(call, call.res("api_group"), group_id)["id"]
    op = load_spec(call.registry.dialect.version).operation("api.create")
    assert op.request is not None
    vpc = swagger.vpc_names(op.request.fields)

    def channel_id(name: Any) -> str | None:
        found = call.store.list(call.res("vpc_channel").kind, {"name": name}, limit=1)[0]
        return str(found[0]["id"]) if found else None

    success, failure, ignored = [], [], []
    for path, methods in paths.items():
        for method, operation in (methods or {}).items() if isinstance(methods, Mapping) else ():
            where = {"method": method.upper(), "path": path}
            if method not in swagger.METHODS or not isinstance(operation, Mapping):
                ignored.append(where)
                continue
            if mock:
                operation = {k: v for k, v in operation.items() if k != "x-apigateway-backend"}
            data = swagger.api_body(path, method, operation, channel_id, vpc)
            where["method"] = data["req_method"]
            try:
                success.append({**where, **_one(call, op, group, data, override)})
            except ApiError as err:
                failure.append({**where, **err.body()})
    return {"group_id": group, "success": success, "failure": failure, "ignore": ignored}


def _mode(value: Any, name: str) -> bool:
    if value not in MODES:
        raise parameter_error("APIG.2011", name)
    return bool(value == "override")


def import_new_v1(call: Call) -> Doc:
    return run_import(call, call.body, None, False)


def import_existing_v1(call: Call) -> Doc:
    override = _mode(call.query.get("mode"), "mode")
    return run_import(call, call.body, _required(call.query.get("group_id"), "group_id"), override)


def import_v2(call: Call) -> Doc:
    body = call.body or {}
    override = _mode(body.get("api_mode") or "merge", "api_mode")
    group_id = None if body.get("is_create_group", True) else _required(body.get("group_id"), "group_id")
    return run_import(call, body.get("file_name"), group_id, override, bool(body.get("mock_mode")))


HANDLERS_V1: dict[str, Handler] = {
    "openapi.export_group": export_group_v1,
    "openapi.export_apis": export_apis_v1,
    "openapi.import_new_group": import_new_v1,
    "openapi.import_existing_group": import_existing_v1,
}
HANDLERS_V2: dict[str, Handler] = {"openapi.export": export_v2, "openapi.import": import_v2}
