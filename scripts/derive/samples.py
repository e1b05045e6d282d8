"""Doc samples per operation, walking samples along spec fields, sample-driven fixes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .common import TYPES, Body, Field, Json, Op
from .fields import json_type
from .report import Report


def op_samples(cop: dict[str, Any]) -> dict[str, Any]:
    """``{"request": [...], "response": [...], "errors": {status: body}}`` (empty keys omitted)."""
    ok = {str(s) for s in cop.get("success_status") or []}
    out: dict[str, Any] = {"request": [], "response": [], "errors": {}}

    def usable(x: Any) -> bool:
        return not (isinstance(x, dict) and set(x) == {"raw_text"})

    if "request_example" in cop and usable(cop["request_example"]):
        out["request"].append(cop["request_example"])
    for ex in cop.get("request_examples") or []:
        if usable(ex.get("example")):
            out["request"].append(ex["example"])
    if "response_example" in cop and usable(cop["response_example"]):
        out["response"].append(cop["response_example"])
    for ex in cop.get("response_examples") or []:
        if not usable(ex.get("example")):
            continue
        st = str(ex.get("status", ""))
        if st and ok and st not in ok:
            out["errors"].setdefault(st, ex["example"])
        else:
            out["response"].append(ex["example"])
    for st, body in sorted((cop.get("error_response_example") or {}).items()):
        if usable(body):
            out["errors"][str(st)] = body
    return {k: v for k, v in out.items() if v}


Visitor = Callable[[Field, str, Json], None]


def walk_value(
    value: Json,
    f: Field,
    path: str,
    visit: Visitor,
    on_unknown: Callable[[Field, str, str, Json], None] | None = None,
) -> None:
    """Visit ``f`` with ``value`` and descend into children/items/values."""
    visit(f, path, value)
    if f["type"] == "array" and not path.endswith("[]"):
        path += "[]"  # retyped by the visitor
    if isinstance(value, list) and f["type"] == "array":
        for item in value:
            if "children" in f:
                walk_object(item, f["children"], path + ".", visit, on_unknown, f)
    elif isinstance(value, dict) and f["type"] in ("object", "any"):
        if "values" in f:
            for v in value.values():
                walk_value(v, f["values"], path + ".*", visit, on_unknown)
        elif "children" in f:
            walk_object(value, f["children"], path + ".", visit, on_unknown, f)


def walk_object(
    value: Json,
    fields: list[Field],
    prefix: str,
    visit: Visitor,
    on_unknown: Callable[[Field, str, str, Json], None] | None,
    parent: Field | None,
) -> None:
    if not isinstance(value, dict):
        return
    by_name = {f["name"]: f for f in fields}
    for k, v in value.items():
        f = by_name.get(k)
        if f is None:
            if on_unknown is not None and parent is not None:
                on_unknown(parent, prefix, k, v)
            continue
        walk_value(v, f, prefix + k + ("[]" if f["type"] == "array" else ""), visit, on_unknown)


def walk_body(
    value: Json,
    body: Body | None,
    visit: Visitor,
    on_unknown: Callable[[Field, str, str, Json], None] | None = None,
) -> None:
    if body is None:
        return
    if body["shape"] == "array":
        if isinstance(value, list):
            for item in value:
                walk_value(item, body["item"], "[]", visit, on_unknown)
        return
    root: Field = {"name": "", "type": "object", "children": body["fields"]}
    if "values" in body:
        if isinstance(value, dict):
            for v in value.values():
                walk_value(v, body["values"], "*", visit, on_unknown)
        return
    walk_object(value, body["fields"], "", visit, on_unknown, root)


def infer_field(name: str, v: Json, part: str) -> Field:
    """A field typed after a sample value."""
    t = json_type(v)
    f: Field = {"name": name, "type": "any" if t == "null" else t, "required": False}
    if t == "null":
        f["nullable"] = True
    if t == "object":
        f["children"] = [infer_field(k, x, part) for k, x in v.items()]
    elif t == "array":
        kinds = {json_type(x) for x in v}
        if kinds == {"object"}:
            f["children"] = []
            for item in v:
                have = {c["name"] for c in f["children"]}
                f["children"] += [infer_field(k, x, part) for k, x in item.items() if k not in have]
        elif len(kinds) == 1:
            f["items"] = kinds.pop()
        else:
            f["items"] = "any"
    return f


def case_only(bad: list[Json], enum: list[Json]) -> bool:
    upper = {str(e).upper() for e in enum}
    return all(isinstance(b, str) and b.upper() in upper for b in bad)


class SampleFixer:
    """Sample-driven corrections of one operation (see ``scripts/derive_spec.py``, step 4)."""

    def __init__(self, version: str, report: Report) -> None:
        self.version = version
        self.report = report

    def fix(self, op: Op, samples: dict[str, Any], structural: bool) -> None:
        for part in ("request", "response"):
            for value in samples.get(part, []):
                if structural:
                    self.fix_structure(op, part, value)
                self.mark_nullable(op[part], value)
        self.check_guessed_enums(op, samples)

    def fix_structure(self, op: Op, part: str, value: Json) -> None:
        where = f"{self.version} `{op['id']}` {part}"
        body = op[part]
        if body is None:
            if isinstance(value, dict) and value:
                op[part] = body = {"shape": "object", "fields": []}
                self.report.add("Fields added from samples", f"{where}: body absent from the tables")
            else:
                return

        def retype(f: Field, path: str, v: Json) -> None:
            if f["type"] == "object" and isinstance(v, list) and "values" not in f:
                f["type"] = "array"
                if not f.get("children"):
                    f.pop("children", None)
                    inferred = infer_field(f["name"], v, part)
                    for k in ("items", "children"):
                        if k in inferred:
                            f[k] = inferred[k]
                self.report.add(
                    "Fields retyped from samples (object -> array)",
                    f"{where} `{path}[]`: doc type `{f.get('_raw_type', 'object')}`, sample is a list",
                )
            elif f["type"] == "array" and f.get("items") == "any" and isinstance(v, list) and v:
                kinds = {json_type(x) for x in v}
                if len(kinds) == 1 and (k := kinds.pop()) in TYPES[:4]:
                    f["items"] = k

        def add_unknown(parent: Field, prefix: str, key: str, v: Json) -> None:
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_\-]*", key):
                return  # not a plausible field name (typo in the sample): left to validation
            parent.setdefault("children", []).append(infer_field(key, v, part))
            self.report.add("Fields added from samples", f"{where} `{prefix}{key}` ({json_type(v)})")

        walk_body(value, body, retype)
        if body["shape"] == "object" and "values" not in body and isinstance(value, dict):
            root: Field = {"name": "", "type": "object", "children": body["fields"]}
            walk_object(value, body["fields"], "", lambda f, p, v: None, add_unknown, root)
            body["fields"] = root["children"]
        else:
            walk_body(value, body, lambda f, p, v: None, add_unknown)

    @staticmethod
    def mark_nullable(body: Body | None, value: Json) -> None:
        def visit(f: Field, path: str, v: Json) -> None:
            if v is None:
                f["nullable"] = True

        walk_body(value, body, visit)

    def check_guessed_enums(self, op: Op, samples: dict[str, Any]) -> None:
        seen: dict[int, tuple[Field, str, list[Json]]] = {}

        def collector(f: Field, path: str, v: Json) -> None:
            if f.get("_guessed_enum") and v is not None:
                seen.setdefault(id(f), (f, path, []))[2].extend(v if isinstance(v, list) else [v])

        for part in ("request", "response"):
            for value in samples.get(part, []):
                walk_body(value, op[part], collector)
        for f, path, values in seen.values():
            bad = [v for v in values if v not in f.get("enum", [])]
            if bad:
                self.report.add(
                    "Guessed enums dropped (doc samples outside the guessed values)",
                    f"{self.version} `{op['id']}` `{path}`: guessed {f['enum']!r} "
                    f"({f['_guessed_enum']}), samples show {sorted(set(map(repr, bad)))}"
                    + (" (case differs only)" if case_only(bad, f["enum"]) else ""),
                )
                del f["enum"]
                f.pop("_guessed_enum", None)
                if "default" in f and f.get("_raw_type"):
                    pass
