"""How the store filters and orders a list: the SQL that narrows the rows by text fields (and the
indexes it may use), the exact match in Python that decides, and the sort key of a field's values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson


def same(a: object, b: object) -> bool:
    return a == b and isinstance(a, bool) == isinstance(b, bool)


_PLAIN_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def narrowed_fields(where: Mapping[str, object]) -> list[str]:
    """The fields of ``where`` that SQL can narrow by: plain names compared with a text."""
    return [name for name, value in where.items() if isinstance(value, str) and _PLAIN_FIELD.fullmatch(name)]


def field_expr(name: str) -> str:
    """The SQL expression of a top-level field's value; filters and their indexes share it, as
    SQLite uses an index on an expression only for that exact expression."""
    return f"json_extract(CAST(doc AS TEXT), '$.{name}')"


def narrowing(where: Mapping[str, object], *, indexed: bool) -> tuple[str, list[object]]:
    """SQL keeping only the rows whose fields equal ``where``'s text values (JSON strings: a
    number or a missing field never equals a text in SQLite); ``matches`` still decides, this
    spares loading the rest.

    Only the first field may be looked up by its index (``indexed``), the others are checked on
    the rows it finds (a unary ``+`` keeps SQLite off their index): without statistics the planner
    may otherwise pick the index of a field with two values (``env_id``) over the parent's or the
    first field's, and read half the kind for one row. Callers name the most selective field first."""
    sql, args = "", list[object]()
    for n, name in enumerate(narrowed_fields(where)):
        plus = "" if indexed and n == 0 else "+"
        sql += f" AND {plus}{field_expr(name)} = ?"
        args.append(where[name])
    return sql, args


FIELD_INDEXES = 32
"""Top-level fields the store indexes, at most: each is indexed the first time a list filters by
it (``api_id``, ``env_id``, ...), so that reading one object's bindings among thousands costs an
index lookup, not a scan; the bound keeps the writes' index upkeep bounded too."""


def matches(doc: Mapping[str, Any], where: Mapping[str, object]) -> bool:
    return all(same(doc.get(k), v) for k, v in where.items())


def sort_key(value: object) -> tuple[int, Any]:
    if value is None:
        return (3, 0)
    if isinstance(value, int | float):
        return (0, value)
    if isinstance(value, str):
        return (1, value)
    return (2, orjson.dumps(value))
