#!/usr/bin/env python3
"""Derive the translator's spec data from the vendor reference material and the official SDK.

Inputs (read-only):
  * ``<reference>/catalog/{v1.0,v2,errors}.json``  - the parsed vendor docs (see its README.md)
  * the official SDK ``huaweicloudsdkapig.v2``       - v2 operations and models
  * ``scripts/spec_overrides.yaml``                   - hand-curated corrections, each with a reason

Outputs (in this repository):
  * ``translator/spec/v1.0.json``, ``translator/spec/v2.json``, ``translator/spec/errors.json``
  * ``translator/spec/DERIVATION.md``                 - what was derived, dropped, added, overridden
  * ``fixtures/samples/<version>/<op_id>.json``       - the doc samples per operation

Pipeline per version (see DERIVATION.md "Method"):
  1. catalog fields -> spec fields (types, required, enums, ranges, lengths, defaults)
  2. overrides with ``stage: catalog``
  3. v2 only: merge with the SDK (field sets and types from the SDK, constraints from the catalog);
     add the SDK-only operations of the seed families
  4. sample-driven fixes (not for SDK-matched v2 ops: there the SDK is authoritative)
     - object fields whose samples are lists become arrays, keys present in samples but missing from
       the tables are added with the sample's type; guessed enums contradicted by samples are dropped;
       ``nullable`` from samples
  5. overrides (default stage ``final``)
  6. every sample is validated against the result; violations are listed in DERIVATION.md

The output is deterministic: run it twice and the bytes are identical.
"""

from __future__ import annotations

import argparse
import copy
import inspect
import json
import re
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO / "translator" / "spec"
SAMPLES_DIR = REPO / "fixtures" / "samples"
OVERRIDES = REPO / "scripts" / "spec_overrides.yaml"

PREFIX = {"v1.0": "/v1.0/apigw", "v2": "/v2/{project_id}/apigw/instances/{instance_id}"}
VERSIONS = ("v1.0", "v2")
PARTS = ("path_params", "query", "request", "response")
TYPES = ("string", "integer", "number", "boolean", "object", "array", "any")
FIELD_KEY_ORDER = (
    "name",
    "type",
    "required",
    "conditional",
    "enum",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "pattern",
    "default",
    "nullable",
    "items",
    "children",
    "values",
)

Field = dict[str, Any]
Body = dict[str, Any]
Op = dict[str, Any]
Json = Any


class DerivationError(Exception):
    """Raised for anything that must stop the derivation (e.g. an override that matches nothing)."""


# --------------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------------
class Report:
    """Collects report lines per section, in a fixed section order."""

    SECTIONS = (
        "Known traps verified",
        "Types mapped to `any`",
        "Catalog structure corrected",
        "Query parameters added from URI hints",
        "Enum values dropped (do not parse as the field type)",
        "Guessed enums dropped (doc samples outside the guessed values)",
        "Guessed enums kept (no sample contradicts them; review)",
        "Defaults not recorded (not a typed value)",
        "Defaults outside the enum",
        "SDK: catalog v2 operations without SDK operation",
        "SDK: path parameter names differ",
        "SDK: catalog v2 fields not in the SDK (dropped)",
        "SDK: SDK fields not in the catalog (added)",
        "SDK: type disagreements (SDK wins)",
        "SDK: body presence disagreements",
        "SDK-only operations added",
        "Fields retyped from samples (object -> array)",
        "Fields added from samples",
        "Overrides applied",
        "Paging bounds applied",
        "Sample violations explained",
        "Sample violations NOT explained",
    )

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {s: [] for s in self.SECTIONS}
        self.counts: dict[str, Any] = {}

        self.groups: dict[str, dict[str, list[str]]] = {s: {} for s in self.SECTIONS}
        self.items: dict[str, int] = {}

    def add(self, section: str, line: str) -> None:
        if section not in self.lines:
            raise KeyError(section)
        self.lines[section].append(line)

    def group(self, section: str, key: str, item: str) -> None:
        """Collect ``item`` under ``key``; rendered as one line ``key: item, item, ...``."""
        if section not in self.lines:
            raise KeyError(section)
        self.groups[section].setdefault(key, []).append(item)

    def flush_groups(self) -> None:
        for section, groups in self.groups.items():
            for key, items in groups.items():
                self.items[section] = self.items.get(section, 0) + len(items)
                self.lines[section].append(f"{key} ({len(items)}): " + ", ".join(items))
            groups.clear()


# --------------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------------
def ordered_field(f: Field) -> Field:
    """Return the field with keys in the canonical order (internal ``_`` keys dropped)."""
    out: Field = {}
    for k in FIELD_KEY_ORDER:
        if k in f:
            v = f[k]
            if k == "children":
                v = [ordered_field(c) for c in v]
            elif k == "values":
                v = ordered_field(v)
            out[k] = v
    unknown = [k for k in f if k not in FIELD_KEY_ORDER and not k.startswith("_")]
    if unknown:
        raise DerivationError(f"unknown field keys {unknown} in {f.get('name')}")
    return out


def ordered_body(b: Body | None) -> Body | None:
    if b is None:
        return None
    out: Body = {"shape": b["shape"]}
    if b["shape"] == "object":
        out["fields"] = [ordered_field(f) for f in b["fields"]]
        if "values" in b:
            out["values"] = ordered_field(b["values"])
    else:
        out["item"] = ordered_field(b["item"])
    return out


def dump_json(path: Path, data: Json) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def json_type(v: Json) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def type_accepts(t: str, v: Json) -> bool:
    jt = json_type(v)
    if t == "any":
        return True
    if t == "number":
        return jt in ("integer", "number")
    return jt == t


def body_fields(b: Body | None) -> list[Field]:
    """The top-level field list of a body (the item's children for a bare array)."""
    if b is None:
        return []
    if b["shape"] == "object":
        return list(b["fields"])
    return list(b["item"].get("children", []))


def iter_fields(fields: list[Field], prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Yield ``(path, field)`` for every field, depth first, doc order."""
    for f in fields:
        p = f"{prefix}{f['name']}" + ("[]" if f["type"] == "array" else "")
        yield p, f
        if "children" in f:
            yield from iter_fields(f["children"], p + ".")
        if "values" in f:
            yield from iter_fields([f["values"]], p + ".")


def iter_body_fields(b: Body | None) -> Iterator[tuple[str, Field]]:
    if b is None:
        return
    if b["shape"] == "array":
        yield "[]", b["item"]
        yield from iter_fields(b["item"].get("children", []), "[].")
    else:
        yield from iter_fields(b["fields"])
        if "values" in b:
            yield from iter_fields([b["values"]])


# --------------------------------------------------------------------------------------------------
# catalog -> spec fields
# --------------------------------------------------------------------------------------------------
SCALAR_TYPES = {
    "string": "string",
    "timestamp": "string",
    "date": "string",
    "time": "string",
    "datetime": "string",
    "integer": "integer",
    "long": "integer",
    "int": "integer",
    "number": "number",
    "double": "number",
    "float": "number",
    "boolean": "boolean",
    "bool": "boolean",
}
OBJECT_WORDS = ("字典数据类型", "字典类型", "字段数据类型", "结构体数据类型", "object", "map")


def scalar_of(word: str) -> str | None:
    w = word.strip().lower().rstrip("s")
    if w in SCALAR_TYPES:
        return SCALAR_TYPES[w]
    return SCALAR_TYPES.get(word.strip().lower())


def map_type(raw: str, has_children: bool) -> tuple[str, str | None, str | None]:
    """Map a raw doc type to ``(type, items, map_value)``; ``items`` only for arrays of scalars,
    ``map_value`` the raw value type of ``Map<String,X>``."""
    r = raw.strip()
    low = r.lower()
    if (s := scalar_of(r)) is not None:
        return s, None, None
    m = re.fullmatch(r"map<\s*string\s*,\s*(\w+)\s*>", low)
    if m:
        return "object", None, m.group(1)
    m = (
        re.fullmatch(r"array of (\w+?)s?", low)
        or re.fullmatch(r"array<(\w+)>", low)
        or re.fullmatch(r"\[\](\w+)", low)
        or re.fullmatch(r"(\w+) array", low)
        or re.fullmatch(r"(\w+)数组", low)
    )
    if m and (s := scalar_of(m.group(1))) is not None:
        return "array", s, None
    if re.fullmatch(r"array of \w+ objects", low) or low.startswith("array") or low == "list":
        return "array", (None if has_children else "any"), None
    if any(w in low for w in OBJECT_WORDS):
        return "object", None, None
    return "any", None, None


def convert_enum(values: list[Any], typ: str) -> tuple[list[Any], list[Any]]:
    """Convert raw enum values to ``typ``; return ``(kept, dropped)``."""
    kept: list[Any] = []
    dropped: list[Any] = []
    for v in values:
        cv = convert_scalar(v, typ)
        if cv is None:
            dropped.append(v)
        elif cv not in kept:
            kept.append(cv)
    return kept, dropped


def convert_scalar(v: Any, typ: str) -> Any:
    """Convert a raw doc value to the JSON type ``typ``; ``None`` when it does not parse."""
    s = str(v).strip()
    if typ == "integer":
        return int(s) if re.fullmatch(r"-?\d+", s) else None
    if typ == "number":
        if re.fullmatch(r"-?\d+", s):
            return int(s)
        return float(s) if re.fullmatch(r"-?\d+\.\d+", s) else None
    if typ == "boolean":
        return {"true": True, "false": False}.get(s.lower())
    if typ == "string":
        return s if s else None
    return None


def parse_range(raw: str) -> tuple[int | None, int | None]:
    """Two numbers out of ``取值范围1 ~ 65535`` / ``最小值：0；最大值：100`` / ``100到599``."""
    lo = re.search(r"最小值[：:]\s*(-?\d+)", raw)
    hi = re.search(r"最大值[：:]\s*(-?\d+)", raw)
    if lo or hi:
        return (int(lo.group(1)) if lo else None), (int(hi.group(1)) if hi else None)
    m = re.search(r"(-?\d+)\s*(?:~|～|-|到|至)\s*(-?\d+)", raw)
    if m:
        return int(m.group(1)), int(m.group(2))
    return None, None


def parse_length(raw: str) -> tuple[int | None, int | None]:
    """Lengths out of ``长度为3 ~ 64位的字符串`` / ``1 ~ 64字符`` / ``不超过255个字符`` (max only)."""
    m = re.search(r"总长度不超过\s*(\d+)", raw)
    if m:
        return None, int(m.group(1))
    lo = re.search(r"最小长度[：:]\s*(\d+)", raw)
    hi = re.search(r"最大长度[：:]\s*(\d+)", raw)
    if lo or hi:
        return (int(lo.group(1)) if lo else None), (int(hi.group(1)) if hi else None)
    m = re.search(r"(\d+)\s*(?:~|～|-|到)\s*(\d+)", raw)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"不(?:超过|能大于|大于)\s*(\d+)", raw)
    if m:
        return None, int(m.group(1))
    return None, None


def parse_default(raw: str) -> str | None:
    """The raw default token out of ``缺省值：1`` / ``默认值：20`` / ``缺省为instance`` / ``默认为apig``."""
    for pat in (
        r"缺省值[：:]\s*([^；;，,。\s]+)",
        r"默认值[：:]\s*([^；;，,。\s]+)",
        r"(?:缺省|默认)为\s*([^；;，,。\s：:]+)",
    ):
        m = re.search(pat, raw)
        if m:
            return m.group(1)
    return None


class CatalogConverter:
    """Turns catalog fields into spec fields, recording every lossy decision in the report."""

    def __init__(self, version: str, report: Report) -> None:
        self.version = version
        self.report = report

    def where(self, op_id: str, part: str, path: str) -> str:
        return f"{self.version} `{op_id}` {part} `{path}`"

    def fields(self, cfs: list[dict[str, Any]], op_id: str, part: str, prefix: str = "") -> list[Field]:
        return [self.field(cf, op_id, part, prefix) for cf in cfs]

    def field(self, cf: dict[str, Any], op_id: str, part: str, prefix: str = "") -> Field:
        raw_type = str(cf.get("type", ""))
        cchildren = cf.get("children") or []
        typ, items, map_value = map_type(raw_type, bool(cchildren))
        name = cf["name"]
        path = prefix + name + ("[]" if typ == "array" else "")
        where = self.where(op_id, part, path)
        f: Field = {"name": name, "type": typ, "_raw_type": raw_type}
        if typ == "any":
            self.report.add("Types mapped to `any`", f"{where}: `{raw_type}`")
        if typ == "object" and not cchildren and re.fullmatch(r"\w+ object", raw_type):
            pass  # typed object without a sub-table: left unconstrained
        if part == "response":
            f["required"] = False
        else:
            req = cf.get("required")
            f["required"] = req is True
            if req == "conditional":
                f["conditional"] = True
        value_type = items if typ == "array" else typ
        if cf.get("enum") and value_type in ("string", "integer", "number", "boolean"):
            kept, dropped = convert_enum(cf["enum"], value_type)
            if dropped:
                self.report.add(
                    "Enum values dropped (do not parse as the field type)",
                    f"{where} ({value_type}): dropped {dropped!r}, kept {kept!r}",
                )
            if kept:
                f["enum"] = kept
                if cf.get("enum_source"):
                    f["_guessed_enum"] = cf["enum_source"]
        if cf.get("range") and typ in ("integer", "number"):
            lo, hi = parse_range(cf["range"])
            if lo is not None:
                f["minimum"] = lo
            if hi is not None:
                f["maximum"] = hi
        if cf.get("length") and typ == "string":
            lo, hi = parse_length(cf["length"])
            if lo is not None:
                f["min_length"] = lo
            if hi is not None:
                f["max_length"] = hi
        if cf.get("default"):
            self.default(f, cf["default"], where)
        if typ == "array":
            if items is not None:
                f["items"] = items
            else:
                f["children"] = self.fields(cchildren, op_id, part, path + ".")
        elif typ == "object":
            if map_value is not None:
                f["values"] = self.map_values(map_value, cchildren, op_id, part, path + ".")
            elif cchildren:
                f["children"] = self.fields(cchildren, op_id, part, path + ".")
        elif cchildren:
            self.report.add(
                "Catalog structure corrected", f"{where}: `{raw_type}` has a sub-table; typed object"
            )
            f["type"] = "object"
            f["children"] = self.fields(cchildren, op_id, part, path + ".")
        return f

    def default(self, f: Field, raw: str, where: str) -> None:
        token = parse_default(raw)
        typ = f["type"]
        value = convert_scalar(token, typ) if token is not None else None
        if typ == "string" and value is not None and not re.fullmatch(r"[A-Za-z0-9_.\-]+", value):
            value = None
        if value is None or token == "null":
            self.report.add("Defaults not recorded (not a typed value)", f"{where} ({typ}): `{raw}`")
            return
        if "enum" in f and value not in f["enum"]:
            self.report.add("Defaults outside the enum", f"{where}: default {value!r} not in {f['enum']!r}")
        f["default"] = value

    def map_values(
        self, raw_value: str, cchildren: list[dict[str, Any]], op_id: str, part: str, prefix: str
    ) -> Field:
        s = scalar_of(raw_value)
        v: Field = {"name": "*", "type": s or "object", "required": False}
        if s is None and cchildren:
            v["children"] = self.fields(cchildren, op_id, part, prefix + "*.")
        return v


# --------------------------------------------------------------------------------------------------
# operations from the catalog
# --------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------
# the SDK
# --------------------------------------------------------------------------------------------------
class Sdk:
    """Reads operations and models of ``huaweicloudsdkapig.v2``."""

    def __init__(self) -> None:
        import huaweicloudsdkapig.v2 as v2
        from huaweicloudsdkapig.v2 import ApigClient

        self.mod = v2
        self.ops: dict[str, dict[str, Any]] = {}
        for attr in sorted(dir(ApigClient)):
            m = re.fullmatch(r"_(\w+)_http_info", attr)
            if not m or not hasattr(ApigClient, m.group(1)):
                continue
            name = m.group(1)
            src = inspect.getsource(getattr(ApigClient, attr))
            doc = inspect.getsource(getattr(ApigClient, name))
            req_type = re.search(r":type request: :class:`huaweicloudsdkapig\.v2\.(\w+)`", doc)
            title = re.search(r'r"""(.*)', doc)
            self.ops[name] = {
                "method": must_search(r'"method": "(\w+)"', src, name),
                "resource_path": must_search(r'"resource_path": "([^"]+)"', src, name),
                "response_type": must_search(r'"response_type": "(\w+)"', src, name),
                "request_type": req_type.group(1) if req_type else None,
                "path_params": re.findall(r"path_params\['(\w+)'\]", src),
                "query_params": re.findall(
                    r"query_params\.append\(\('([^']+)', local_var_params\['(\w+)'\]", src
                ),
                "header_params": [
                    h for h in re.findall(r"header_params\['([^']+)'\]", src) if h != "Content-Type"
                ],
                "response_headers": [
                    h.lower()
                    for h in re.findall(
                        r'"([^"]+)"', must_search(r"response_headers = \[(.*?)\]", src, name, re.S)
                    )
                ],
                "title": title.group(1).strip() if title else name,
            }

    def index(self) -> dict[tuple[str, str], list[str]]:
        idx: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name, info in self.ops.items():
            idx[(info["method"], norm_path(info["resource_path"]))].append(name)
        return idx

    def model(self, name: str) -> Any:
        return getattr(self.mod, name, None)

    def field(self, name: str, tstr: str, stack: tuple[str, ...] = ()) -> Field:
        """A spec field for SDK attribute type ``tstr`` (recursing into models)."""
        f: Field = {"name": name, "type": "any", "required": False}
        t = tstr.strip()
        m_list = re.fullmatch(r"list\[(.+)\]", t)
        m_dict = re.fullmatch(r"dict\(str,\s*(.+)\)", t)
        if t in ("str", "datetime", "date"):
            f["type"] = "string"
        elif t in ("int", "long"):
            f["type"] = "integer"
        elif t == "float":
            f["type"] = "number"
        elif t == "bool":
            f["type"] = "boolean"
        elif t == "object":
            f["type"] = "any"
            f["_sdk_untyped"] = True
        elif m_list:
            f["type"] = "array"
            inner = self.field("[]", m_list.group(1), stack)
            if inner["type"] == "object" and "values" not in inner:
                f["children"] = inner.get("children", [])
            else:
                f["items"] = inner["type"]
        elif m_dict:
            f["type"] = "object"
            f["values"] = self.field("*", m_dict.group(1), stack)
        elif self.model(t) is not None:
            f["type"] = "object"
            f["_sdk_model"] = t
            if t not in stack:
                f["children"] = self.model_fields(t, (*stack, t))
        return f

    def model_fields(
        self, model: str, stack: tuple[str, ...] = (), exclude_keys: tuple[str, ...] = ()
    ) -> list[Field]:
        cls = self.model(model)
        out: list[Field] = []
        for attr, tstr in cls.openapi_types.items():
            key = cls.attribute_map[attr]
            if key.lower() in exclude_keys:
                continue
            out.append(self.field(key, tstr, stack))
        return out


def must_search(pattern: str, text: str, what: str, flags: int = 0) -> str:
    m = re.search(pattern, text, flags)
    if m is None:
        raise DerivationError(f"SDK source of `{what}`: no match for {pattern!r}")
    return m.group(1)


def norm_path(p: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", p.rstrip("/"))


# --------------------------------------------------------------------------------------------------
# merging catalog fields with SDK fields (v2)
# --------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------
# samples
# --------------------------------------------------------------------------------------------------
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
    """Sample-driven corrections of one operation (see module docstring, step 4)."""

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


# --------------------------------------------------------------------------------------------------
# validation of samples
# --------------------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------------------
# overrides
# --------------------------------------------------------------------------------------------------
ACTIONS = ("set", "unset", "rename", "add", "drop", "map", "explain", "op_set")


def load_overrides(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise DerivationError(f"{path}: expected a list of entries")
    for i, e in enumerate(data):
        if (
            not isinstance(e, dict)
            or not e.get("reason")
            or e.get("version") not in VERSIONS
            or not e.get("op")
        ):
            raise DerivationError(f"{path}: entry {i} needs version (v1.0|v2), op and reason: {e!r}")
        acts = [a for a in ACTIONS if a in e]
        if not acts or ("explain" in acts and len(acts) > 1):
            raise DerivationError(f"{path}: entry {i} needs one of {ACTIONS} (explain alone): {e!r}")
        if "op_set" not in e and e.get("part") not in PARTS:
            raise DerivationError(f"{path}: entry {i} needs part in {PARTS}: {e!r}")
    return data


def entry_ops(e: dict[str, Any]) -> list[str]:
    return [e["op"]] if isinstance(e["op"], str) else list(e["op"])


def entry_paths(e: dict[str, Any]) -> list[str]:
    p = e.get("path", "")
    return [p] if isinstance(p, str) else list(p)


def part_root(op: Op, part: str) -> tuple[list[Field], Body | None]:
    """The field list a path starts from, plus the body (for bodies)."""
    if part in ("path_params", "query"):
        return op[part], None
    body = op[part]
    if body is None:
        raise DerivationError(f"`{op['id']}` has no {part} body")
    return (body["fields"] if body["shape"] == "object" else []), body


def resolve(op: Op, part: str, path: str) -> tuple[list[Field], int]:
    """Find the field at ``path``: return its containing list and index (index -1: not present, for add)."""
    fields, body = part_root(op, part)
    segs = path.split(".")
    if body is not None and body["shape"] == "array":
        if segs[0] != "[]":
            raise DerivationError(f"`{op['id']}` {part} is a bare array: path must start with []")
        if len(segs) == 1:
            return [body["item"]], 0
        fields = body["item"].setdefault("children", [])
        segs = segs[1:]
    holder: list[Field] = []
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == "*":
            if not holder or "values" not in holder[0]:
                raise DerivationError(f"`{op['id']}` {part} `{path}`: `*` on a field without values")
            if last:
                return [holder[0]["values"]], 0
            fields = holder[0]["values"].setdefault("children", [])
            holder = [holder[0]["values"]]
            continue
        is_arr = seg.endswith("[]")
        name = seg[:-2] if is_arr else seg
        idx = next((j for j, f in enumerate(fields) if f["name"] == name), -1)
        if last:
            return fields, idx
        if idx < 0:
            raise DerivationError(f"`{op['id']}` {part}: no field `{name}` on the way to `{path}`")
        f = fields[idx]
        if is_arr != (f["type"] == "array") and not (is_arr and f["type"] == "object"):
            # `x[]` may address a doc "字典数据类型" that the samples show to be a list (retyped later)
            raise DerivationError(f"`{op['id']}` {part} `{path}`: `{seg}` vs type {f['type']}")
        holder = [f]
        if segs[i + 1] != "*":
            fields = f.setdefault("children", [])
    raise DerivationError(f"empty path for `{op['id']}`")


def apply_override(ops: dict[str, Op], e: dict[str, Any], report: Report) -> None:
    for op_id in entry_ops(e):
        op = ops.get(op_id)
        if op is None:
            raise DerivationError(f"override {e!r}: no operation `{op_id}` in {e['version']}")
        if "op_set" in e:
            op.update(copy.deepcopy(e["op_set"]))
            report.add("Overrides applied", f"{e['version']} `{op_id}`: set {e['op_set']!r} — {e['reason']}")
            continue
        for path in entry_paths(e):
            apply_field_override(op, e, path, report)


def apply_field_override(op: Op, e: dict[str, Any], path: str, report: Report) -> None:
    where = f"{e['version']} `{op['id']}`"
    part = e["part"]
    if "shape" in e.get("set", {}) and path == "":
        op[part] = make_body(body_fields(op[part]), e["set"]["shape"])
        report.add("Overrides applied", f"{where} {part}: shape {e['set']['shape']} — {e['reason']}")
        return
    fields, idx = resolve(op, part, path)
    if "add" in e:
        if idx >= 0:
            raise DerivationError(f"override add {where} {part} `{path}`: field exists already")
        new = {"name": path.split(".")[-1].removesuffix("[]"), "required": False, **copy.deepcopy(e["add"])}
        after = e.get("after")
        pos = next((j + 1 for j, f in enumerate(fields) if f["name"] == after), len(fields))
        fields.insert(pos, new)
        report.add("Overrides applied", f"{where} {part} `{path}`: added {e['add']!r} — {e['reason']}")
        return
    if idx < 0:
        raise DerivationError(f"override {where} {part} `{path}` matches no field")
    f = fields[idx]
    if "drop" in e:
        del fields[idx]
        report.add("Overrides applied", f"{where} {part} `{path}`: dropped — {e['reason']}")
        return
    if "map" in e:
        kids = f.get("children", [])
        if f["type"] != "object" or len(kids) != 1:
            raise DerivationError(f"override map {where} {part} `{path}`: needs an object with one child")
        f["values"] = {**kids[0], "name": "*", "required": False}
        f["values"].pop("conditional", None)
        del f["children"]
        report.add(
            "Overrides applied",
            f"{where} {part} `{path}`: map keyed by free names, values "
            f"described by placeholder `{kids[0]['name']}` — {e['reason']}",
        )
    if "rename" in e:
        f["name"] = e["rename"]
        report.add(
            "Overrides applied", f"{where} {part} `{path}`: renamed to `{e['rename']}` — {e['reason']}"
        )
    if "unset" in e:
        for k in e["unset"]:
            f.pop(k, None)
        report.add("Overrides applied", f"{where} {part} `{path}`: unset {e['unset']!r} — {e['reason']}")
    if "set" in e:
        f.update(copy.deepcopy(e["set"]))
        if "enum" in e["set"]:
            f.pop("_guessed_enum", None)
        if f["type"] == "array" and "items" not in f and "children" not in f:
            f["children"] = []
        if f["type"] != "array":
            f.pop("items", None)
        report.add("Overrides applied", f"{where} {part} `{path}`: set {e['set']!r} — {e['reason']}")


# --------------------------------------------------------------------------------------------------
# paging bounds
# --------------------------------------------------------------------------------------------------
PAGING_BOUNDS: dict[str, dict[str, dict[str, int]]] = {
    # v1.0: "页码，默认值：1" / "每页显示的条数，默认值：20，最大值500" (the maximum is printed on some pages
    # only, e.g. ViewAPIList.md; the shared gateway applies it to every list).
    "v1.0": {"page_no": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 500}},
    # v2: "偏移量，表示从此偏移量开始查询，偏移量小于0时，自动转换为0" /
    # "每页显示的条目数量 最小值：1 最大值：500"
    "v2": {"offset": {"minimum": 0}, "limit": {"minimum": 1, "maximum": 500}},
}
PAGING_EXCEPTIONS = {
    # "page_size值为0时，返回所有API" (ViewAPIList.md): 0 is a documented value of this list only.
    ("v1.0", "api.list", "page_size"): {"minimum": 0, "maximum": 500},
}


def apply_paging_bounds(version: str, ops: dict[str, Op], report: Report) -> None:
    """Give every list's paging parameters the documented bounds where its page leaves them out."""
    for op_id, op in sorted(ops.items()):
        for f in op.get("query") or []:
            bounds = PAGING_EXCEPTIONS.get((version, op_id, f["name"]), PAGING_BOUNDS[version].get(f["name"]))
            if not bounds or f.get("type") != "integer":
                continue
            changed = {k: v for k, v in bounds.items() if f.get(k) is None}
            if changed:
                f.update(changed)
                report.group("Paging bounds applied", f"{version} {f['name']}", f"`{op_id}`")


# --------------------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------------------
class Deriver:
    def __init__(self, reference: Path) -> None:
        self.reference = reference
        self.report = Report()
        self.overrides = load_overrides(OVERRIDES)
        self.catalog = {
            v: json.loads((reference / "catalog" / f"{v}.json").read_text(encoding="utf-8")) for v in VERSIONS
        }
        self.sdk = Sdk()
        self.samples: dict[str, dict[str, dict[str, Any]]] = {v: {} for v in VERSIONS}
        self.sdk_matched: set[str] = set()

    def overrides_for(self, version: str, stage: str) -> list[dict[str, Any]]:
        return [
            e
            for e in self.overrides
            if e["version"] == version and e.get("stage", "final") == stage and "explain" not in e
        ]

    def derive(self, version: str) -> dict[str, Op]:
        conv = CatalogConverter(version, self.report)
        qtypes = common_query_types(self.catalog[version])
        ops: dict[str, Op] = {}
        for cop in self.catalog[version]["operations"]:
            ops[cop["id"]] = catalog_op(cop, version, conv, self.report, qtypes)
            s = op_samples(cop)
            if s:
                self.samples[version][cop["id"]] = s
        for e in self.overrides_for(version, "catalog"):
            apply_override(ops, e, self.report)
        if version == "v2":
            self.merge_sdk(ops)
        fixer = SampleFixer(version, self.report)
        for op_id, s in sorted(self.samples[version].items()):
            fixer.fix(ops[op_id], s, structural=op_id not in self.sdk_matched)
        for e in self.overrides_for(version, "final"):
            apply_override(ops, e, self.report)
        apply_paging_bounds(version, ops, self.report)
        return dict(sorted(ops.items()))

    def merge_sdk(self, ops: dict[str, Op]) -> None:
        idx = self.sdk.index()
        merger = SdkMerger(self.report)
        for op_id, op in sorted(ops.items()):
            cands = idx.get((op["method"], norm_path(op["path"])), [])
            if not cands:
                self.report.add(
                    "SDK: catalog v2 operations without SDK operation",
                    f"v2 `{op_id}`: {op['method']} `{op['path']}`",
                )
                continue
            name = sorted(cands, key=lambda n: (not n.endswith("_v2"), n))[0]
            apply_sdk(op, self.sdk, name, merger, self.report)
            self.sdk_matched.add(op_id)
        for op_id, (sdk_name, family) in SDK_ONLY_OPS.items():
            if op_id in ops:
                continue
            if sdk_name not in self.sdk.ops:
                raise DerivationError(f"SDK has no `{sdk_name}` for required op `{op_id}`")
            info = self.sdk.ops[sdk_name]
            if any(o["sdk"] and o["sdk"]["method"] == sdk_name for o in ops.values()):
                raise DerivationError(f"`{sdk_name}` already matched a catalog op; cannot add `{op_id}`")
            ops[op_id] = sdk_only_op(op_id, self.sdk, sdk_name, family, self.report)
            self.sdk_matched.add(op_id)
            del info

    def validate(self, version: str, ops: dict[str, Op]) -> None:
        explains = [e for e in self.overrides if e["version"] == version and "explain" in e]
        used: set[int] = set()
        for op_id, s in sorted(self.samples[version].items()):
            for part in ("request", "response"):
                for n, value in enumerate(s.get(part, []), 1):
                    for viol in validate_body(value, ops[op_id][part], part == "request"):
                        line = (
                            f"{version} `{op_id}` {part} sample #{n} `{viol['path'] or '(body)'}`: "
                            f"{viol['kind']}: {viol['detail']}"
                        )
                        hit = next(
                            (
                                i
                                for i, e in enumerate(explains)
                                if op_id in entry_ops(e)
                                and e["part"] == part
                                and viol["path"] in entry_paths(e)
                            ),
                            None,
                        )
                        if hit is None:
                            self.report.add("Sample violations NOT explained", line)
                        else:
                            used.add(hit)
                            self.report.add(
                                "Sample violations explained",
                                f"{line} — {explains[hit]['explain']}",
                            )
        unused = [e for i, e in enumerate(explains) if i not in used]
        if unused:
            raise DerivationError(f"explain overrides matching no violation: {unused!r}")

    def check(self, version: str, ops: dict[str, Op]) -> None:
        for op in ops.values():
            for part in PARTS:
                fields = op[part] if part in ("path_params", "query") else None
                items = iter_fields(fields) if fields is not None else iter_body_fields(op[part])
                for path, f in items:
                    if f["type"] not in TYPES:
                        raise DerivationError(f"{version} `{op['id']}` {part} `{path}`: bad type {f['type']}")
            if "?" in op["path"]:
                raise DerivationError(f"{version} `{op['id']}`: query left in path")

    def run(self) -> None:
        out: dict[str, dict[str, Op]] = {}
        for v in VERSIONS:
            ops = self.derive(v)
            self.check(v, ops)
            self.validate(v, ops)
            out[v] = ops
        for v in VERSIONS:
            data = {
                "version": v,
                "prefix": PREFIX[v],
                "operations": {k: finalize_op(op, v) for k, op in out[v].items()},
            }
            dump_json(SPEC_DIR / f"{v}.json", data)
        errors = json.loads((self.reference / "catalog" / "errors.json").read_text(encoding="utf-8"))
        dump_json(
            SPEC_DIR / "errors.json",
            [
                {"status": int(r["status"]), "error_code": r["error_code"], "error_msg": r["error_msg"]}
                for r in errors
            ],
        )
        self.write_samples()
        self.write_pairing()
        verify_traps(out, self.report)
        for v in VERSIONS:
            for op_id, op in out[v].items():
                for part in PARTS:
                    items = (
                        iter_fields(op[part])
                        if part in ("path_params", "query")
                        else iter_body_fields(op[part])
                    )
                    for path, f in items:
                        if f.get("_guessed_enum") and "enum" in f:
                            self.report.group(
                                "Guessed enums kept (no sample contradicts them; review)",
                                f"{v} `{op_id}` {part}",
                                f"`{path}` {f['enum']!r}",
                            )
        self.report.flush_groups()
        self.report.counts = self.counts(out, errors)
        (SPEC_DIR / "DERIVATION.md").write_text(render_report(self.report), encoding="utf-8")

    def write_pairing(self) -> None:
        """The catalog's pairing as facts: v1.0 op -> v2 op and how well they match."""
        pairing = json.loads((self.reference / "catalog" / "pairing.json").read_text(encoding="utf-8"))
        rows = {
            p["v1"]: {"v2": p.get("v2"), "match": p["match"], "reason": p["reason"]}
            for p in sorted(pairing["pairs"], key=lambda p: p["v1"])
        }
        dump_json(SPEC_DIR / "pairing.json", rows)

    def write_samples(self) -> None:
        for v in VERSIONS:
            d = SAMPLES_DIR / v
            if d.exists():
                shutil.rmtree(d)
            explained = [e for e in self.overrides if e["version"] == v and "explain" in e]
            for op_id, s in sorted(self.samples[v].items()):
                known = [
                    {"part": e["part"], "path": path, "why": e["explain"]}
                    for e in explained
                    if op_id in entry_ops(e)
                    for path in entry_paths(e)
                ]
                dump_json(d / f"{op_id}.json", {**s, "known_errors": known} if known else s)

    def counts(self, out: dict[str, dict[str, Op]], errors: list[Any]) -> dict[str, Any]:
        c: dict[str, Any] = {}
        for v in VERSIONS:
            nf = sum(
                1
                for op in out[v].values()
                for part in PARTS
                for _ in (
                    iter_fields(op[part]) if part in ("path_params", "query") else iter_body_fields(op[part])
                )
            )
            c[f"{v} operations"] = len(out[v])
            c[f"{v} fields (all parts, nested)"] = nf
            c[f"{v} operations with samples"] = len(self.samples[v])
        c["v2 operations matched to the SDK (catalog)"] = len(
            [
                k
                for k in self.sdk_matched
                if k not in SDK_ONLY_OPS or k in {c2["id"] for c2 in self.catalog["v2"]["operations"]}
            ]
        )
        c["v2 SDK-only operations added"] = len(
            [
                k
                for k in SDK_ONLY_OPS
                if k in out["v2"] and k not in {c2["id"] for c2 in self.catalog["v2"]["operations"]}
            ]
        )
        c["error codes"] = len(errors)
        c["overrides (entries)"] = len(self.overrides)
        for s in Report.SECTIONS:
            n = self.report.items.get(s)
            c[f"{s}"] = f"{n} items in {len(self.report.lines[s])} lines" if n else len(self.report.lines[s])
        return c


def field_names(body: Body | None) -> set[str]:
    return {f["name"] for f in body_fields(body)}


def find_path(body: Body | None, path: str) -> Field | None:
    return next((f for p, f in iter_body_fields(body) if p == path), None)


def verify_traps(out: dict[str, dict[str, Op]], report: Report) -> None:
    """Check the outcome for each trap of catalog/README.md "Known errors and traps"; fail if not met."""
    v1, v2 = out["v1.0"], out["v2"]
    checks: list[tuple[str, bool]] = []
    for op_id in ("acl.binding.create", "signature.binding.create", "app_auth.create"):
        req = v1[op_id]["request"]
        checks.append(
            (
                f"v1.0 `{op_id}`: bare array is the RESPONSE (response shape array, request "
                f"{'object' if req else 'absent'})",
                v1[op_id]["response"] is not None
                and v1[op_id]["response"]["shape"] == "array"
                and (req is None or req["shape"] == "object"),
            )
        )
    for ver, ops in (("v1.0", v1), ("v2", v2)):
        ok = all(
            "is_inclu_special_throttle" in {f["name"] for _, f in iter_body_fields(ops[o]["response"])}
            and "is_include_special_throttle"
            not in {f["name"] for _, f in iter_body_fields(ops[o]["response"])}
            for o in ("throttle.create", "throttle.get", "throttle.update", "throttle.list")
        )
        checks.append(
            (
                f"{ver} throttles: `is_inclu_special_throttle` (examples + SDK) used, not the table's "
                "`is_include_special_throttle`",
                ok,
            )
        )
    for op_id in ("throttle.special.create", "throttle.special.update"):
        f1, f2 = (
            find_path(v1[op_id]["response"], "instance_id"),
            find_path(v1[op_id]["response"], "instance_type"),
        )
        checks.append(
            (
                f"v1.0 `{op_id}` response instance_id/instance_type are strings",
                bool(f1 and f2 and f1["type"] == f2["type"] == "string"),
            )
        )
    checks.append(
        (
            "v2 `env.create` response has `id` (table + SDK), not the example's `env_id`",
            "id" in field_names(v2["env.create"]["response"])
            and "env_id" not in field_names(v2["env.create"]["response"]),
        )
    )
    vi = find_path(v1["vpc_channel.create"]["request"], "vpc_instances[]")
    checks.append(
        (
            "v1.0 `vpc_channel.create` request has `vpc_instances` (array of objects; doc row missing)",
            bool(vi and vi["type"] == "array" and vi.get("children")),
        )
    )
    for ver, ops, paths in (
        (
            "v1.0",
            v1,
            [
                ("vpc_channel.create", "request"),
                ("vpc_channel.update", "request"),
                ("vpc_channel.get", "response"),
            ],
        ),
        (
            "v2",
            v2,
            [
                ("vpc_channel.create", "request"),
                ("vpc_channel.update", "request"),
                ("vpc_channel.get", "response"),
            ],
        ),
    ):
        ok = all(
            (f := find_path(ops[o][part], "vpc_health_config.protocol")) is not None
            and f.get("enum") == ["TCP", "HTTP", "HTTPS", "tcp", "http", "https"]
            for o, part in paths
        )
        checks.append((f"{ver} health-check protocol enum accepts TCP/HTTP/HTTPS in both cases", ok))
    for text, ok in checks:
        if not ok:
            raise DerivationError(f"trap not handled: {text}")
        report.add("Known traps verified", text)


def finalize_op(op: Op, version: str) -> Op:
    out: Op = {k: op[k] for k in ("id", "family", "title", "method", "path")}
    out["path_params"] = [ordered_field(f) for f in op["path_params"]]
    out["query"] = [ordered_field(f) for f in op["query"]]
    out["request"] = ordered_body(op["request"])
    out["response"] = ordered_body(op["response"])
    out["success_status"] = op["success_status"]
    if version == "v2":
        out["sdk"] = op["sdk"]
    return out


def render_report(r: Report) -> str:
    lines = [
        "# Spec derivation report",
        "",
        "Generated by `scripts/derive_spec.py` from `../shared/reference/catalog/` (the vendor docs), the",
        "official SDK `huaweicloudsdkapig.v2` and `scripts/spec_overrides.yaml`. Do not edit by hand.",
        "",
        "## Method",
        "",
        "1. Catalog fields -> spec fields (type mapping, required/conditional, typed enums, ranges, lengths,",
        "   defaults). v1.0 URI query hints missing from the tables are added as optional query parameters.",
        "2. Overrides with `stage: catalog` (renames that must happen before the SDK merge).",
        "3. v2: each catalog op is matched to the SDK by method + path (param names ignored). Matched ops:",
        "   the field sets of query, request and response come from the SDK models, types from the SDK,",
        "   constraints (enum/range/length/default/required) from the catalog field at the same path. The",
        "   SDK-only operations of the seed families are added with SDK fields only.",
        "4. Samples (doc examples): for ops *not* matched to the SDK, fields typed object whose samples are",
        "   lists become arrays and keys present in samples but missing from the tables are added; for all",
        "   ops guessed enums (`enum_source` in the catalog) contradicted by a sample are dropped and",
        "   `nullable` is set where a sample shows null.",
        "5. Overrides (default stage `final`), each with a reason.",
        "6. Every sample is validated against the result; `explain` overrides mark violations where the",
        "   sample itself is wrong (or, where said, the contradiction cannot be decided from the docs).",
        "",
        "## Counts",
        "",
    ]
    lines += [f"* {k}: {v}" for k, v in r.counts.items()]
    for s in Report.SECTIONS:
        lines += ["", f"## {s}", ""]
        lines += [f"* {x}" for x in r.lines[s]] or ["(none)"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--reference",
        type=Path,
        default=REPO.parent / "shared" / "reference",
        help="the reference folder (default: ../shared/reference next to the repo)",
    )
    args = ap.parse_args(argv)
    try:
        Deriver(args.reference.resolve()).run()
    except DerivationError as exc:
        print(f"derive_spec: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
