"""Documented defaults and response shaping, driven by the spec's field trees.

``with_defaults`` fills the documented ``default`` of every absent field of a request body.
``project`` shapes a stored document as a response: only the documented keys, in the documented
nesting; absent scalars are given the zero value of their type when that value is valid for the
field (``""``, ``0``, ``false``, ``[]``), as the real services return them; with ``mask``, secret
fields (``translator.redact``) show its mask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from translator.redact import MASK, is_secret
from translator.spec import BodySpec, FieldSpec

_ZERO: dict[str, Any] = {"string": "", "integer": 0, "number": 0, "boolean": False}


def with_defaults(fields: tuple[FieldSpec, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with the documented default of every absent field (nested objects included)."""
    out = dict(data)
    for f in fields:
        value = out.get(f.name)
        if value is None and f.default is not None:
            out[f.name] = f.default
        elif f.children and f.type == "object" and isinstance(value, Mapping):
            out[f.name] = with_defaults(f.children, value)
        elif f.children and f.type == "array" and isinstance(value, list):
            out[f.name] = [with_defaults(f.children, v) if isinstance(v, Mapping) else v for v in value]
    return out


def _zero(f: FieldSpec) -> Any:
    if f.default is not None:
        return f.default
    if f.type == "array" and not f.min_length:
        return []
    zero = _ZERO.get(f.type)
    if zero is None or f.enum is not None:
        return None
    if f.type == "string" and f.min_length:
        return None
    if f.type in ("integer", "number") and (
        (f.minimum is not None and f.minimum > 0) or (f.maximum is not None and f.maximum < 0)
    ):
        return None
    return zero


def _fits(f: FieldSpec, value: Any) -> bool:
    if f.type == "string":
        return isinstance(value, str) and (f.enum is None or value in f.enum)
    if f.type == "integer":
        return isinstance(value, int) and not isinstance(value, bool) and (f.enum is None or value in f.enum)
    if f.type == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if f.type == "boolean":
        return isinstance(value, bool)
    if f.type == "array":
        return isinstance(value, list)
    if f.type == "object":
        return isinstance(value, dict)
    return True


def _value(f: FieldSpec, value: Any, mask: bool) -> Any:
    if mask and isinstance(value, str) and value and is_secret(f.name):
        return MASK
    if f.type == "object" and f.children:
        return project(f.children, value, mask, fill=False)
    if f.type == "array" and f.children:
        return [project(f.children, v, mask) for v in value if isinstance(v, dict)]
    return value


def project(
    fields: tuple[FieldSpec, ...],
    doc: Mapping[str, Any],
    mask: bool = False,
    fill: bool = True,
) -> dict[str, Any]:
    """``doc`` shaped by ``fields`` (see the module docstring)."""
    out: dict[str, Any] = {}
    for f in fields:
        value = doc.get(f.name)
        if value is None or not _fits(f, value):
            if value is None and f.nullable and f.name in doc:
                out[f.name] = None
                continue
            zero = _zero(f) if fill else None
            if zero is not None:
                out[f.name] = zero
            continue
        out[f.name] = _value(f, value, mask)
    return out


def project_body(body: BodySpec | None, data: Any, mask: bool = False) -> Any:
    """A handler's result shaped as the operation's response body (None when it has none)."""
    if body is None:
        return None
    if body.shape == "array":
        assert body.item is not None
        item = body.item
        rows = data if isinstance(data, list) else []
        if item.type == "object":
            return [project(item.children, r, mask) for r in rows if isinstance(r, dict)]
        return list(rows)
    if body.values is not None and not body.fields:
        return dict(data) if isinstance(data, dict) else {}
    return project(body.fields, data if isinstance(data, Mapping) else {}, mask)
