"""Ids in and out through an id map, at the places the resource catalog says hold ids.

A :class:`CatalogIdRewrite` is the ``IdRewrite`` hook of ``translator.translate``: given a v1.0
message it replaces every id the catalog locates in it (path and query parameters, body fields,
items of arrays, ids joined by a separator, ids that count only when a sibling has a given value)
by what ``lookup`` answers for that resource. The shim plugs the migration's id map in: old v1.0
ids become their v2 ids on the way in (``IdMap.to_target``) and v2 ids become the old ones on the
way out (``IdMap.to_source``); an id the map does not know (an object made after the migration)
passes unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from translator.core.catalog import IdLocation, id_locations
from translator.mapping import paths
from translator.mapping.engine import unwrap_body, wrap_body
from translator.spec import OperationSpec
from translator.types import JSON, Part

Lookup = Callable[[str, str], str | None]
"""``lookup(resource, id)``: the id to use instead, or None to keep ``id``."""

_REQUEST_PARTS = {"path": paths.PATH_PARAMS, "query": paths.QUERY_PARAMS}


class CatalogIdRewrite:
    """Replaces ids in v1.0 requests with ``ids_in`` and in v1.0 responses with ``ids_out``."""

    def __init__(self, ids_in: Lookup, ids_out: Lookup) -> None:
        self._in = ids_in
        self._out = ids_out

    def __call__(self, op: OperationSpec, part: Part, message: JSON) -> JSON:
        locations = id_locations(op.version, op.id)
        if part == "response":
            found = [loc for loc in locations if loc.part == "response"]
            if not found or message is None:
                return message
            out = wrap_body(message)
            for loc in found:
                out = _apply(out, _segments(loc.path), loc, self._out)
            return unwrap_body(out, True)
        if not isinstance(message, dict):
            return message
        out = message
        for loc in locations:
            if loc.part == "response":
                continue
            holder = _REQUEST_PARTS.get(loc.part)
            if holder is None:
                out = _apply(out, _segments(loc.path), loc, self._in)
            elif isinstance(out.get(holder), dict):
                out = {**out, holder: _apply(out[holder], [loc.path], loc, self._in)}
        return out


def _segments(path: str) -> list[str]:
    """``a[].b`` -> ``["a[]", "b"]``; a bare array body's ``[]`` is the key ``""`` of the message."""
    return path.split(".")


def _apply(node: Any, segments: list[str], loc: IdLocation, lookup: Lookup) -> Any:
    """``node`` with the ids at ``segments`` replaced (a copy where something changed)."""
    if not isinstance(node, dict):
        return node
    head, rest = segments[0], segments[1:]
    is_array = head.endswith("[]")
    key = head[:-2] if is_array else head
    if key not in node:
        return node
    value = node[key]
    if is_array:
        if not isinstance(value, list):
            return node
        if rest:
            new: Any = [_apply(item, rest, loc, lookup) for item in value]
        elif _holds(node, loc):
            new = [_mapped(item, loc, lookup) for item in value]
        else:
            return node
    elif rest:
        new = _apply(value, rest, loc, lookup)
    elif _holds(node, loc):
        new = _mapped(value, loc, lookup)
    else:
        return node
    return node if new is value else {**node, key: new}


def _holds(node: dict[str, Any], loc: IdLocation) -> bool:
    """Whether the field's conditions on its siblings hold (e.g. ``instance_type: APP``)."""
    return all(str(node.get(name, "")).casefold() == str(want).casefold() for name, want in loc.when)


def _mapped(value: Any, loc: IdLocation, lookup: Lookup) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if loc.joined:
        parts = value.split(loc.joined)
        return loc.joined.join(lookup(loc.resource, p) or p for p in parts)
    return lookup(loc.resource, value) or value
