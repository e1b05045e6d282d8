"""Catalog fields -> spec fields: type mapping, enums, ranges, lengths, defaults."""

from __future__ import annotations

import re
from typing import Any

from .common import Field
from .report import Report

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
        if part != "response" and cf.get("description"):
            f["_description"] = str(cf["description"])
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
