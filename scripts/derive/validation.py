"""Validation of doc samples against the derived spec."""

from __future__ import annotations

import json
import re
from typing import Any

from .common import Body, Field, Json
from .fields import json_type, type_accepts

Violation = dict[str, Any]


def validate_value(v: Json, f: Field, path: str, is_request: bool, out: list[Violation]) -> None:
    if v is None:
        if not f.get("nullable"):
            out.append({"path": path, "kind": "null", "detail": "null but not nullable"})
        return
    if not type_accepts(f["type"], v):
        out.append(
            {"path": path, "kind": "type", "detail": f"{json_type(v)} {short(v)}, expected {f['type']}"}
        )
        return
    if "enum" in f and f["type"] != "array" and v not in f["enum"]:
        out.append({"path": path, "kind": "enum", "detail": f"{short(v)} not in {f['enum']!r}"})
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in f and v < f["minimum"]:
            out.append({"path": path, "kind": "range", "detail": f"{v} < minimum {f['minimum']}"})
        if "maximum" in f and v > f["maximum"]:
            out.append({"path": path, "kind": "range", "detail": f"{v} > maximum {f['maximum']}"})
    if isinstance(v, (str, list)):
        if "min_length" in f and len(v) < f["min_length"]:
            out.append(
                {"path": path, "kind": "length", "detail": f"{short(v)} shorter than {f['min_length']}"}
            )
        if "max_length" in f and len(v) > f["max_length"]:
            out.append({"path": path, "kind": "length", "detail": f"length {len(v)} > {f['max_length']}"})
    for rule in f.get("rules", []):
        detail = rule_breach(v, rule, f)
        if detail is not None:
            out.append({"path": path, "kind": f"{rule['kind']} rule", "detail": detail})
    if isinstance(v, list):
        for item in v:
            if "items" in f:
                item_field: Field = {"name": "[]", "type": f["items"]}
                if "enum" in f:
                    item_field["enum"] = f["enum"]
                validate_value(item, item_field, path, is_request, out)
            elif "children" in f:
                validate_object(item, f["children"], path + ".", is_request, out)
    elif isinstance(v, dict) and f["type"] == "object":
        if "values" in f:
            for x in v.values():
                validate_value(x, f["values"], path + ".*", is_request, out)
        elif "children" in f:
            validate_object(v, f["children"], path + ".", is_request, out)


def rule_breach(v: Json, rule: dict[str, Any], f: Field) -> str | None:
    """How a sample value breaks a prose rule of its field (None: it keeps it). Only the rules about
    one value are checked here (pattern, range, length, enum, forbidden)."""
    kind = rule["kind"]
    variable = isinstance(v, str) and "#" in v and any(r["kind"] == "variables" for r in f.get("rules", []))
    if kind == "pattern" and isinstance(v, str) and not variable and not re.fullmatch(rule["pattern"], v):
        return f"{short(v)} does not match {rule['pattern']}"
    number = isinstance(v, (int, float)) and not isinstance(v, bool)
    if kind == "range" and number and not rule.get("minimum", v) <= v <= rule.get("maximum", v):
        return f"{v} outside {rule.get('minimum')}..{rule.get('maximum')}"
    sized = isinstance(v, (str, list)) and not variable
    if (
        kind == "length"
        and sized
        and not rule.get("min_length", 0) <= len(v) <= rule.get("max_length", len(v))
    ):
        return f"length {len(v)} outside {rule.get('min_length')}..{rule.get('max_length')}"
    items = v if isinstance(v, list) else [v]
    if kind == "enum" and any(x not in rule["values"] for x in items):
        return f"{short(v)} not in {rule['values']!r}"
    if kind == "forbidden" and any(x in rule["values"] for x in items):
        return f"{short(v)} is one of {rule['values']!r}"
    return None


def validate_object(
    v: Json, fields: list[Field], prefix: str, is_request: bool, out: list[Violation]
) -> None:
    if not isinstance(v, dict):
        out.append({"path": prefix.rstrip("."), "kind": "type", "detail": f"{json_type(v)}, expected object"})
        return
    by_name = {f["name"]: f for f in fields}
    for k, x in v.items():
        f = by_name.get(k)
        if f is None:
            out.append(
                {"path": prefix + k, "kind": "unknown", "detail": f"unknown key ({json_type(x)} {short(x)})"}
            )
            continue
        validate_value(x, f, prefix + k + ("[]" if f["type"] == "array" else ""), is_request, out)
    if is_request:
        for f in fields:
            if f.get("required") and not f.get("conditional") and f["name"] not in v:
                out.append({"path": prefix + f["name"], "kind": "missing", "detail": "required key missing"})


def validate_body(v: Json, body: Body | None, is_request: bool) -> list[Violation]:
    out: list[Violation] = []
    if body is None:
        if v not in (None, {}, []):
            out.append({"path": "", "kind": "body", "detail": "sample has a body, spec has none"})
        return out
    if body["shape"] == "array":
        if not isinstance(v, list):
            out.append({"path": "", "kind": "type", "detail": f"{json_type(v)}, expected a bare array"})
        else:
            for item in v:
                validate_value(item, body["item"], "[]", is_request, out)
        return out
    if "values" in body:
        if not isinstance(v, dict):
            out.append({"path": "", "kind": "type", "detail": f"{json_type(v)}, expected object"})
        else:
            for x in v.values():
                validate_value(x, body["values"], "*", is_request, out)
        return out
    validate_object(v, body["fields"], "", is_request, out)
    return out


def short(v: Json) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + "..."
