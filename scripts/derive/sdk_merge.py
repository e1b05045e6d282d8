"""v2: merging catalog fields with SDK fields; the SDK-only operations."""

from __future__ import annotations

import copy
import re
from typing import Any

from .catalog_fields import convert_enum, convert_scalar
from .catalog_ops import make_body
from .common import TYPES, Body, Field, Op
from .fields import body_fields
from .report import Report
from .sdk import Sdk

CONSTRAINT_KEYS = (
    "required",
    "conditional",
    "enum",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "default",
    "_guessed_enum",
    "_description",
)


class SdkMerger:
    def __init__(self, report: Report) -> None:
        self.report = report

    def fields(self, cat: list[Field], sdk: list[Field], where: str, prefix: str = "") -> list[Field]:
        sdk_by_name = {f["name"]: f for f in sdk}
        cat_names = {f["name"] for f in cat}
        out: list[Field] = []
        for cf in cat:
            p = prefix + cf["name"]
            sf = sdk_by_name.get(cf["name"])
            if sf is None:
                self.report.group(
                    "SDK: catalog v2 fields not in the SDK (dropped)", where, f"`{p}` ({cf['type']})"
                )
                continue
            out.append(self.field(cf, sf, where, p))
        for sf in sdk:
            if sf["name"] not in cat_names:
                self.report.group(
                    "SDK: SDK fields not in the catalog (added)",
                    where,
                    f"`{prefix}{sf['name']}` ({sf['type']})",
                )
                out.append(copy.deepcopy(sf))
        return out

    def field(self, cf: Field, sf: Field, where: str, path: str) -> Field:
        if sf.get("_sdk_untyped"):
            return copy.deepcopy(cf)  # SDK says "object" (untyped): keep the catalog's field
        f: Field = {"name": cf["name"], "type": sf["type"]}
        for k in CONSTRAINT_KEYS:
            if k in cf:
                f[k] = copy.deepcopy(cf[k])
        if "required" not in f:
            f["required"] = False
        ct, st = cf["type"], sf["type"]
        if cf.get("items") and sf.get("items") and cf["items"] != sf["items"]:
            self.report.add(
                "SDK: type disagreements (SDK wins)",
                f"{where} `{path}`: catalog array of {cf['items']}, SDK array of {sf['items']}",
            )
        if ct != st and ct != "any":
            self.report.add(
                "SDK: type disagreements (SDK wins)",
                f"{where} `{path}`: catalog {ct} (`{cf.get('_raw_type', '')}`), SDK {st}",
            )
            self.retype_constraints(f, where, path)
        if "items" in sf:
            f["items"] = sf["items"]
            if "enum" in f:
                self.retype_constraints(f, where, path)
        sub = path + ("[]" if st == "array" else "")
        if "children" in sf:
            f["children"] = self.fields(cf.get("children", []), sf["children"], where, sub + ".")
        if "values" in sf:
            cv = cf.get("values") or {"name": "*", "type": "any", "required": False}
            f["values"] = self.field(cv, sf["values"], where, sub + ".*")
        return f

    def retype_constraints(self, f: Field, where: str, path: str) -> None:
        vt = f.get("items") if f["type"] == "array" else f["type"]
        if "enum" in f:
            if vt in ("string", "integer", "number", "boolean"):
                kept, dropped = convert_enum(f["enum"], vt)
                if dropped:
                    self.report.add(
                        "Enum values dropped (do not parse as the field type)",
                        f"{where} `{path}` ({vt}, SDK type): dropped {dropped!r}",
                    )
                if kept:
                    f["enum"] = kept
                else:
                    del f["enum"]
            else:
                del f["enum"]
        if "default" in f:
            dv = convert_scalar(f["default"], f["type"]) if f["type"] in TYPES[:4] else None
            if dv is None:
                del f["default"]
            else:
                f["default"] = dv
        if f["type"] not in ("integer", "number"):
            f.pop("minimum", None)
            f.pop("maximum", None)
        if f["type"] != "string":
            f.pop("min_length", None)
            f.pop("max_length", None)


def sdk_body(sdk: Sdk, info: dict[str, Any], which: str) -> tuple[Body | None, str | None]:
    """The SDK request/response body as a spec Body, plus the SDK model name of a request body."""
    if which == "request":
        req = sdk.model(info["request_type"])
        bt = req.openapi_types.get("body") if req is not None else None
        if bt is None:
            return None, None
        f = sdk.field("body", bt)
        return field_to_body(f), (bt if sdk.model(bt) is not None else None)
    resp = sdk.model(info["response_type"])
    if "body" in resp.openapi_types:
        return field_to_body(sdk.field("body", resp.openapi_types["body"])), None
    fields = sdk.model_fields(info["response_type"], exclude_keys=tuple(info["response_headers"]))
    return (make_body(fields, "object") if fields else None), None


def field_to_body(f: Field) -> Body:
    if f["type"] == "array":
        item: Field = {"name": "[]", "type": f.get("items") or "object", "required": False}
        if "children" in f:
            item["children"] = f["children"]
        return {"shape": "array", "item": item}
    body: Body = {"shape": "object", "fields": f.get("children", [])}
    if "values" in f:
        body["values"] = f["values"]
    return body


def merge_body(cat: Body | None, sdkb: Body | None, merger: SdkMerger, where: str) -> Body | None:
    if sdkb is None:
        if cat is not None:
            merger.report.add(
                "SDK: body presence disagreements",
                f"{where}: catalog documents a body, the SDK has none (dropped)",
            )
        return None
    if cat is None:
        cat = {"shape": sdkb["shape"], "fields": []} if sdkb["shape"] == "object" else None
    if sdkb["shape"] == "array":
        citem = (
            cat["item"]
            if cat and cat["shape"] == "array"
            else {"name": "[]", "type": sdkb["item"]["type"], "required": False, "children": body_fields(cat)}
        )
        return {"shape": "array", "item": merger.field(citem, sdkb["item"], where, "[]")}
    cat_fields = body_fields(cat)
    out: Body = {"shape": "object", "fields": merger.fields(cat_fields, sdkb["fields"], where)}
    if "values" in sdkb:
        cv = (cat or {}).get("values") or {"name": "*", "type": "any", "required": False}
        out["values"] = merger.field(cv, sdkb["values"], where, "*")
    return out


def apply_sdk(op: Op, sdk: Sdk, sdk_name: str, merger: SdkMerger, report: Report) -> None:
    info = sdk.ops[sdk_name]
    op_id = op["id"]
    cat_names = re.findall(r"\{(\w+)\}", op["path"])
    sdk_names = re.findall(r"\{(\w+)\}", info["resource_path"])
    if cat_names != sdk_names:
        report.add(
            "SDK: path parameter names differ",
            f"v2 `{op_id}`: catalog `{op['path']}` vs SDK `{info['resource_path']}` (catalog kept)",
        )
    req = sdk.model(info["request_type"])
    sdk_query = [sdk.field(key, req.openapi_types[attr]) for key, attr in info["query_params"]]
    op["query"] = merger.fields(op["query"], sdk_query, f"v2 `{op_id}` query")
    rb, body_model = sdk_body(sdk, info, "request")
    op["request"] = merge_body(op["request"], rb, merger, f"v2 `{op_id}` request")
    sb, _ = sdk_body(sdk, info, "response")
    op["response"] = merge_body(op["response"], sb, merger, f"v2 `{op_id}` response")
    op["sdk"] = {
        "method": sdk_name,
        "request": info["request_type"],
        "response": info["response_type"],
        "body": body_model,
    }


SDK_ONLY_OPS: dict[str, tuple[str, str]] = {
    # op id -> (SDK method, family)
    "vpc_channel.member_group.create": ("create_member_group", "专享版-VPC通道管理"),
    "vpc_channel.member_group.list": ("list_member_groups", "专享版-VPC通道管理"),
    "vpc_channel.member_group.get": ("show_details_of_member_group", "专享版-VPC通道管理"),
    "vpc_channel.member_group.update": ("update_member_group", "专享版-VPC通道管理"),
    "vpc_channel.member_group.delete": ("delete_member_group", "专享版-VPC通道管理"),
    "vpc_channel.member.update": ("update_backend_instances_v2", "专享版-VPC通道管理"),
    "vpc_channel.member.batch_enable": ("batch_enable_members", "专享版-VPC通道管理"),
    "vpc_channel.member.batch_disable": ("batch_disable_members", "专享版-VPC通道管理"),
    "vpc_channel.health_check.update": ("update_health_check", "专享版-VPC通道管理"),
    "app_quota.create": ("create_app_quota", "专享版-凭据配额管理"),
    "app_quota.list": ("list_app_quotas", "专享版-凭据配额管理"),
    "app_quota.get": ("show_app_quota", "专享版-凭据配额管理"),
    "app_quota.update": ("update_app_quota", "专享版-凭据配额管理"),
    "app_quota.delete": ("delete_app_quota", "专享版-凭据配额管理"),
    "app_quota.binding.create": ("associate_apps_for_app_quota", "专享版-凭据配额管理"),
    "app_quota.binding.list_bound_apps": ("list_app_quota_bound_apps", "专享版-凭据配额管理"),
    "app_quota.binding.list_unbound_apps": ("list_app_quota_bindable_apps", "专享版-凭据配额管理"),
    "app_quota.binding.delete": ("disassociate_app_quota_with_app", "专享版-凭据配额管理"),
    "app.bound_quota.get": ("show_app_bound_app_quota", "专享版-凭据配额管理"),
    "instance.get": ("show_details_of_instance_v2", "专享版-实例管理"),
    "env_variable.update": ("update_environment_variable_v2", "专享版-环境变量管理"),
}


def sdk_only_op(op_id: str, sdk: Sdk, sdk_name: str, family: str, report: Report) -> Op:
    """A v2 operation known only from the SDK: fields from the SDK, no constraints."""
    info = sdk.ops[sdk_name]
    method = info["method"]
    req = sdk.model(info["request_type"])
    path_params = [
        {"name": n, "type": "string", "required": True}
        for n in re.findall(r"\{(\w+)\}", info["resource_path"])
    ]
    query = [sdk.field(key, req.openapi_types[attr]) for key, attr in info["query_params"]]
    request, body_model = sdk_body(sdk, info, "request")
    response, _ = sdk_body(sdk, info, "response")
    if method == "POST" and response is not None and op_id.endswith((".create", "binding.create")):
        status = 201
    elif response is None and method in ("DELETE", "POST", "PUT"):
        status = 204
    else:
        status = 200
    report.add(
        "SDK-only operations added",
        f"v2 `{op_id}`: {method} `{info['resource_path']}` <- `{sdk_name}` "
        f"(success_status {status} inferred: POST create with body -> 201, no body -> 204, else 200)",
    )
    return {
        "id": op_id,
        "family": family,
        "title": info["title"],
        "method": method,
        "path": info["resource_path"],
        "path_params": path_params,
        "query": query,
        "request": request,
        "response": response,
        "success_status": status,
        "sdk": {
            "method": sdk_name,
            "request": info["request_type"],
            "response": info["response_type"],
            "body": body_model,
        },
    }
