"""Documented bounds of the paging query parameters."""

from __future__ import annotations

from .common import Op
from .report import Report

PAGING_BOUNDS: dict[str, dict[str, dict[str, int]]] = {
    # v1.0: "页码，默认值：1" / "每页显示的条数，默认值：20，最大值500" (the maximum is printed on some pages
    # only, e.g. ViewAPIList.md; the shared gateway applies it to every list).
    "v1.0": {"page_no": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": 500}},
    # v2: "偏移量，表示从此偏移量开始查询，偏移量小于0时，自动转换为0" /
    # "每页显示的条目数量 最小值：1 最大值：500"
    "v2": {"offset": {"minimum": 0}, "limit": {"minimum": 1, "maximum": 500}},
}
PAGING_EXCEPTIONS = {
    # "page_size值为0时，返回所有API" (ViewAPIList.md): 0 is a documented value of this list only.
    ("v1.0", "api.list", "page_size"): {"minimum": 0, "maximum": 500},
}


def apply_paging_bounds(version: str, ops: dict[str, Op], report: Report) -> None:
    """Give every list's paging parameters the documented bounds where its page leaves them out."""
    for op_id, op in sorted(ops.items()):
        for f in op.get("query") or []:
            bounds = PAGING_EXCEPTIONS.get((version, op_id, f["name"]), PAGING_BOUNDS[version].get(f["name"]))
            if not bounds or f.get("type") != "integer":
                continue
            changed = {k: v for k, v in bounds.items() if f.get(k) is None}
            if changed:
                f.update(changed)
                report.group("Paging bounds applied", f"{version} {f['name']}", f"`{op_id}`")
