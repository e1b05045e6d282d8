"""Loading and applying ``scripts/spec_overrides.yaml``."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from .catalog_ops import make_body
from .common import PARTS, VERSIONS, Body, DerivationError, Field, Op
from .fields import body_fields
from .report import Report

ACTIONS = ("set", "unset", "rename", "add", "drop", "map", "explain", "op_set", "rule", "drop_rule", "decide")
DECISIONS = ("column", "prose")


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
        if ("rule" in e or "drop_rule" in e) and (e.get("stage") or set(acts) - {"rule", "drop_rule"}):
            raise DerivationError(
                f"{path}: entry {i}: rule/drop_rule take no stage and no other action: {e!r}"
            )
        if "decide" in e and (len(acts) > 1 or e["decide"] not in DECISIONS or not e.get("kind")):
            raise DerivationError(
                f"{path}: entry {i}: decide (alone) needs one of {DECISIONS} and kind: {e!r}"
            )
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
    if "drop_rule" in e or "rule" in e:
        apply_rule_override(f, e, f"{where} {part} `{path}`", report)
    if "set" in e:
        f.update(copy.deepcopy(e["set"]))
        if "enum" in e["set"]:
            f.pop("_guessed_enum", None)
        if f["type"] == "array" and "items" not in f and "children" not in f:
            f["children"] = []
        if f["type"] != "array":
            f.pop("items", None)
        report.add("Overrides applied", f"{where} {part} `{path}`: set {e['set']!r} — {e['reason']}")


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def apply_rule_override(f: Field, e: dict[str, Any], where: str, report: Report) -> None:
    """``drop_rule: kind`` (or a list) drops the field's rules of those kinds; ``rule: {...}`` (or a
    list) adds rules, each replacing the field's rules of its kind. A rule without ``source`` keeps
    the sentence of the rule it replaces; a rule that replaces none needs its ``source``."""
    rules: list[dict[str, Any]] = f.get("rules", [])
    for kind in _listed(e.get("drop_rule", [])):
        if not any(r["kind"] == kind for r in rules):
            raise DerivationError(f"override {where}: drop_rule {kind!r}, the field has no such rule")
        rules = [r for r in rules if r["kind"] != kind]
        report.add("Prose rules: overrides", f"{where}: dropped the {kind} rule — {e['reason']}")
    for new in _listed(e.get("rule", [])):
        old = [r for r in rules if r["kind"] == new.get("kind")]
        source = new.get("source") or (old[0]["source"] if old else None)
        if not source:
            raise DerivationError(f"override {where}: rule {new!r} replaces no rule, it needs a source")
        rules = [r for r in rules if r["kind"] != new.get("kind")]
        rules.append({**copy.deepcopy(new), "source": source})
        what = "replaced" if old else "added"
        report.add("Prose rules: overrides", f"{where}: {what} {new!r} — {e['reason']}")
    if rules:
        f["rules"] = rules
    else:
        f.pop("rules", None)
