"""Messages as the engine sees them: taking fields out by path, and what a translation let pass."""

from __future__ import annotations

import copy
from typing import Any

from translator.mapping import paths
from translator.mapping.compiled import PartPlan, Report


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
