"""Comparing the answers of two v1.0 services (the v1.0 emulator, the shim over the v2 emulator)
in the differential test: generated ids and keys paired one to one, times only times, and the
response fields the tables declare v2 cannot give left out, by name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from translator.matrix import compatibility_matrix

ID = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
HEX = re.compile(r"[0-9a-f]{32}")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
GENERATED = {"app_key", "sign_key", "app_code"}
"""Fields whose value each emulator generates when the caller gives none (keys, AppCodes): paired
one to one as ids are."""
LOSSY: dict[str, set[str]] = {
    row.v1_id: set(row.lossy.get("response.v1.0", {})) for row in compatibility_matrix() if row.lossy
}
"""Per v1.0 operation: the response fields v1.0 has and the tables declare v2 cannot give."""


def _drop(body: Any, path: str) -> Any:
    """``body`` without the field at ``path`` (``a.b``, ``a[].b``)."""
    head, _, rest = path.partition(".")
    is_array = head.endswith("[]")
    key = head[:-2] if is_array else head
    if isinstance(body, dict) and key in body:
        if not rest:
            return {k: v for k, v in body.items() if k != key}
        value = body[key]
        if is_array and isinstance(value, list):
            return {**body, key: [_drop(item, rest) for item in value]}
        return {**body, key: _drop(value, rest)}
    if isinstance(body, list) and head == "[]":
        return [_drop(item, rest) for item in body]
    return body


def allowed(op_id: str, body: Any) -> Any:
    """``body`` without the fields the tables declare v2 cannot give for ``op_id``."""
    for path in LOSSY.get(op_id, ()):
        body = _drop(body, path)
    return body


class Mismatch(AssertionError):
    """The two answers differ (the message names where)."""


def _pair_ids(left: Any, right: Any, ids: dict[str, str], where: str) -> None:
    """Record which generated id of the v1.0 side corresponds to which of the shim's (one to one)."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in set(left) & set(right):
            a, b = left[key], right[key]
            if key in GENERATED and isinstance(a, str) and isinstance(b, str):
                known = ids.setdefault(a, b)
                if known != b:
                    raise Mismatch(f"{where}.{key}: {a} corresponds to {known}, here to {b}")
                continue
            _pair_ids(a, b, ids, f"{where}.{key}" if where else key)
    elif isinstance(left, list) and isinstance(right, list):
        for i, (a, b) in enumerate(zip(left, right, strict=False)):
            _pair_ids(a, b, ids, f"{where}[{i}]")
    elif isinstance(left, str) and isinstance(right, str) and ID.match(left) and ID.match(right):
        known = ids.setdefault(left, right)
        if known != right:
            raise Mismatch(f"{where}: id {left} corresponds to {known}, here to {right}")


def _strict(left: Any, right: Any, ids: dict[str, str], where: str) -> None:
    if isinstance(left, dict) and isinstance(right, dict):
        if set(left) != set(right):
            raise Mismatch(f"{where or 'body'}: keys differ: {sorted(set(left) ^ set(right))}")
        for key in left:
            _strict(left[key], right[key], ids, f"{where}.{key}" if where else key)
        return
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            raise Mismatch(f"{where}: {len(left)} items against {len(right)}")
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            _strict(a, b, ids, f"{where}[{i}]")
        return
    if isinstance(left, str) and isinstance(right, str):
        if TIME.match(left) and TIME.match(right):
            return
        # a generated id or key as a whole (either emulator's form: hex, a UUID), or ids inside text
        left = ids[left] if left in ids else HEX.sub(lambda m: ids.get(m.group(0), m.group(0)), left)
    if left != right:
        raise Mismatch(f"{where}: {left!r} != {right!r}")


def compare(left: Any, right: Any, ids: dict[str, str]) -> None:
    """Raise ``Mismatch`` naming the first difference; generated ids (also inside strings, such as
    a group's domain name) must correspond one to one, times only be times."""
    _pair_ids(left, right, ids, "")
    _strict(left, right, ids, "")


@dataclass(frozen=True)
class Obj:
    """One object made on both sides: its id in the v1.0 emulator and through the shim."""

    kind: str
    v1: str
    shim: str
    parent: Obj | None = None


@dataclass(frozen=True)
class Published:
    """An API published to an environment on both sides (publish ids are what bindings name)."""

    api: Obj
    env: Obj
    v1: str
    shim: str


def first_ids(body: Any) -> tuple[str, ...]:
    """The ids of what a binding or authorization create made (a list, or a list in an object)."""
    if isinstance(body, dict):
        body = next((v for v in body.values() if isinstance(v, list)), [])
    return tuple(item["id"] for item in body if isinstance(item, dict) and "id" in item)
