"""How the import recognises an object on the target: its own id in a create's answer, the key
fields a created object is found by again, and whether an object found by its key holds the
content the import would create (adopt) or other content (a conflict)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from translator.core.catalog import id_locations
from translator.migrate.families import Family, masked
from translator.migrate.requests import Request
from translator.types import Version

EMPTY: tuple[Any, ...] = (None, "", [], {})
"""Values that say nothing is set."""


def own_id(target: Version, op_id: str, name: str, body: Any) -> str | None:
    """The id of the ``name`` object that a create's answer ``body`` holds, where the catalog says."""
    for loc in id_locations(target, op_id):
        if loc.part == "response" and loc.kind == "own" and loc.resource == name:
            node: Any = body
            for seg in loc.path.split("."):
                if isinstance(node, list):
                    node = node[0] if node else None
                if seg == "[]":  # a bare array answer (v1.0 bindings): its first item
                    continue
                node = node.get(seg.removesuffix("[]")) if isinstance(node, dict) else None
            if isinstance(node, list):
                node = node[0] if node else None
            if isinstance(node, str) and node:
                return node
    return None


def key_doc(fam: Family, req: Request) -> dict[str, Any]:
    """The key fields of the object ``req`` creates, as the target's documents name them."""
    return {t: req.value(s) for t, s in fam.key.items()}


def empty_fields(full: Any, body: Any) -> frozenset[str]:
    """The top-level fields of ``full`` (a create request built with the source's empty values)
    that hold nothing and that ``body`` (the request sent) leaves out."""
    if not isinstance(full, dict):
        return frozenset()
    sent = body if isinstance(body, dict) else {}
    return frozenset(k for k, v in full.items() if k not in sent and _empty(v))


def same_content(body: Any, found: dict[str, Any], empty: Collection[str] = ()) -> bool:
    """Whether ``found`` holds what the request ``body`` would create: every scalar field of the
    body that the target shows has its value, and every field the source left ``empty`` is empty
    there too. A value the target shows masked (a secret) cannot differ."""
    if not isinstance(body, dict):
        return True
    hidden = masked()
    for k, v in body.items():
        if isinstance(v, (str, int, float, bool)) and k in found and found[k] not in (v, hidden):
            return False
    return all(_empty(found.get(k)) or found.get(k) == hidden for k in empty)


def _empty(value: Any) -> bool:
    return any(value == e and type(value) is type(e) for e in EMPTY)
