"""Field and body helpers: canonical key order, JSON value types, traversal."""

from __future__ import annotations

from collections.abc import Iterator

from .common import FIELD_KEY_ORDER, Body, DerivationError, Field, Json


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
