"""Filtering and paging of computed (joined) rows, shared by the binding and publishing handlers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from translator.emulator.crud import envelope, page, paging_params
from translator.emulator.declare import Call
from translator.emulator.store import Doc


def filter_rows(
    call: Call, rows: Iterable[Doc], skip: Iterable[str] = (), aliases: Mapping[str, str] | None = None
) -> list[Doc]:
    """Rows matching every query parameter that names one of their keys (``*name``: substring)."""
    dialect = call.registry.dialect
    ignored = set(skip) | paging_params(call) | {dialect.precise_param}
    wanted: list[tuple[str, Any]] = []
    for key, value in call.query.items():
        if key in ignored or value in (None, ""):
            continue
        wanted.append(((aliases or {}).get(key, key), value))
    out = []
    for row in rows:
        ok = True
        for key, value in wanted:
            if key not in row:
                continue
            have = row.get(key)
            if key.endswith("name"):
                ok = isinstance(have, str) and str(value).lower() in have.lower()
            else:
                ok = have == value or str(have) == str(value)
            if not ok:
                break
        if ok:
            out.append(row)
    return out


def listing(call: Call, rows: list[Doc]) -> dict[str, Any]:
    """One page of ``rows`` in the operation's list envelope."""
    return envelope(call, page(call, rows), len(rows))


def wrap(call: Call, rows: list[Doc]) -> Any:
    """``rows`` as the operation returns a batch: a bare array, or the object's array field."""
    body = call.op.response
    if body is None or body.shape == "array":
        return rows
    for f in body.fields:
        if f.type == "array":
            return {f.name: rows}
    return rows
