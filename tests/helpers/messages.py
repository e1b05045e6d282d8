"""Helpers to compare and check translated messages in tests."""

from __future__ import annotations

import copy
from typing import Any

from translator.mapping import paths
from translator.mapping.compiled import PartPlan, Report
from translator.models import BOUND_ERRORS, problems
from translator.spec import OperationSpec


def strip(message: Any, drop: set[str]) -> Any:
    """``message`` without the values at the given field paths (``a[].b`` reaches into lists)."""
    out = copy.deepcopy(message)
    for path in sorted(drop, key=len, reverse=True):
        _remove(out, path)
    return out


def _remove(node: Any, path: str) -> None:
    if path == paths.ROOT_ARRAY:
        if isinstance(node, dict):
            node.pop("", None)
        return
    if path.startswith("[]."):
        for item in node.get("", []) if isinstance(node, dict) and isinstance(node.get(""), list) else []:
            _remove(item, path[3:])
        return
    head, _, rest = path.partition(".")
    is_array = head.endswith("[]")
    key = head[:-2] if is_array else head
    if not isinstance(node, dict) or key not in node:
        return
    if not rest:
        node.pop(key)
        return
    child = node[key]
    if is_array and isinstance(child, list):
        for item in child:
            _remove(item, rest)
    elif isinstance(child, dict):
        _remove(child, rest)


def passed_targets(plan: PartPlan, direction: str, report: Report) -> set[str]:
    """Target paths of the values a "pass" range policy let through out of range."""
    mapping = plan.mapping if direction == "v1_to_v2" else {v: k for k, v in plan.mapping.items()}
    return {mapping.get(path, path) for path, kind, _ in report if kind == "passed"}


def message_problems(
    op: OperationSpec, part: str, message: dict[str, Any], opaque_body: bool = False
) -> list[str]:
    """Type, enum, range and length violations of a whole message against ``op``'s models.

    With ``opaque_body`` the body is a document carried whole and only the query is checked.
    Absent required fields are not counted (see ``translator.models.problems``). In responses,
    range and length bounds are not counted either: the v1.0 docs rarely state them for response
    fields, so a generated v1.0 response may hold values the real server never produces.
    """
    ignore = BOUND_ERRORS if part == "response" else frozenset()
    msg = dict(message)
    found: list[str] = []
    if part == "request":
        query = msg.pop(paths.QUERY_PARAMS, {})
        msg.pop(paths.PATH_PARAMS, None)
        found += [f"@query.{p}" for p in problems(op.version, op.id, "query", query, ignore_missing=True)]
    if opaque_body:  # a document carried whole: not described field by field on this side
        return found
    body: Any = msg.get("") if "" in msg else (msg or None)
    spec_body = op.request if part == "request" else op.response
    if spec_body is None and body is None:
        return found
    if spec_body is not None and body is None:
        body = [] if spec_body.shape == "array" else {}
    found += problems(op.version, op.id, part, body, ignore_missing=True, ignore=ignore)  # type: ignore[arg-type]
    return found
