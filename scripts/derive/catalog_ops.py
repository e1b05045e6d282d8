"""Spec operations from the catalog's operations (path, query, bodies, success status)."""

from __future__ import annotations

import copy
import re
from collections import defaultdict
from typing import Any

from .catalog_fields import CatalogConverter, map_type
from .common import Body, Field, Op
from .report import Report


def strip_query(path: str) -> str:
    return re.sub(r"[\[?].*$", "", path)


def uri_hint_names(uri: str) -> list[str]:
    """Query names hinted in a v1.0 URI: ``[?a, b]`` or ``?a=[a]&b={1}``."""
    m = re.search(r"\[\?([^\]]*)\]", uri)
    if m:
        return [n.replace("-", "_") for n in re.split(r"[\s,、]+", m.group(1)) if n]
    if "?" in uri:
        return [kv.split("=")[0] for kv in uri.split("?", 1)[1].split("&") if kv]
    return []


def make_body(fields: list[Field], shape: str) -> Body | None:
    if shape == "array":
        if len(fields) == 1 and fields[0]["type"] == "array":
            item = copy.deepcopy(fields[0])
            item["type"] = item.pop("items", None) or "object"
            item.pop("conditional", None)
            item["name"] = "[]"
            return {"shape": "array", "item": item}
        return {
            "shape": "array",
            "item": {"name": "[]", "type": "object", "required": False, "children": fields},
        }
    if not fields:
        return None
    if len(fields) == 1 and re.fullmatch(r"\{.*\}", fields[0]["name"]) and "values" in fields[0]:
        return {"shape": "object", "fields": [], "values": fields[0]["values"]}
    return {"shape": "object", "fields": fields}


def catalog_op(
    cop: dict[str, Any], version: str, conv: CatalogConverter, report: Report, query_types: dict[str, str]
) -> Op:
    op_id = cop["id"]
    path = strip_query(cop["uri_path"])
    query = conv.fields(cop.get("query_params") or [], op_id, "query")
    if version == "v1.0":
        have = {q["name"] for q in query}
        for name in uri_hint_names(cop["uri"]):
            if name not in have and not any(name in q["name"].split("/") for q in query):
                typ = query_types.get(name, "string")
                query.append({"name": name, "type": typ, "required": False})
                have.add(name)
                report.add(
                    "Query parameters added from URI hints",
                    f"v1.0 `{op_id}`: `{name}` ({typ}) from `{cop['uri']}`",
                )
    req_fields = conv.fields(cop.get("request_body") or [], op_id, "request")
    resp_fields = conv.fields(cop.get("response_body") or [], op_id, "response")
    path_params = order_path_params(
        conv.fields(cop.get("path_params") or [], op_id, "path_params"), path, f"{version} `{op_id}`", report
    )
    op: Op = {
        "id": op_id,
        "family": cop.get("group", ""),
        "title": cop.get("title", ""),
        "method": cop["method"].upper(),
        "path": path,
        "path_params": path_params,
        "query": query,
        "request": make_body(req_fields, cop.get("request_body_shape", "object")),
        "response": make_body(resp_fields, cop.get("response_body_shape", "object")),
        "success_status": (cop.get("success_status") or [200])[0],
    }
    if op["success_status"] == 204:
        op["response"] = None
    if version == "v2":
        op["sdk"] = None
    return op


def order_path_params(params: list[Field], path: str, where: str, report: Report) -> list[Field]:
    """Path parameters in path order; undocumented ones are added (string, required)."""
    by_name = {p["name"]: p for p in params}
    out: list[Field] = []
    for name in re.findall(r"\{(\w+)\}", path):
        if name not in by_name:
            report.add(
                "Catalog structure corrected",
                f"{where}: path parameter `{name}` not in the table; added (string)",
            )
        out.append(by_name.pop(name, {"name": name, "type": "string", "required": True}))
    for name in by_name:
        report.add(
            "Catalog structure corrected",
            f"{where}: documented path parameter `{name}` not in the path; dropped",
        )
    if [p["name"] for p in params] != [p["name"] for p in out] and not by_name:
        report.add(
            "Catalog structure corrected",
            f"{where}: path parameters reordered to path order "
            f"({', '.join(p['name'] for p in params)} -> {', '.join(p['name'] for p in out)})",
        )
    return out


def common_query_types(catalog: dict[str, Any]) -> dict[str, str]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cop in catalog["operations"]:
        for q in cop.get("query_params") or []:
            counts[q["name"]][map_type(q.get("type", ""), False)[0]] += 1
    return {n: max(sorted(c), key=lambda t: c[t]) for n, c in counts.items()}
