"""How each list operation pages, derived from its documented query parameters and response.

One description per operation, read by the translation engine (page number and size <-> offset and
limit), the emulators (which items a query selects) and the API client (following the pages to the
end). v1.0 pages by number (``page_no`` from 1, ``page_size``); v2 by offset (``offset`` from 0,
``limit``). Both answer ``total`` (every matching item) and ``size`` (the items on this page) beside
one array of items. Defaults and maxima come from the operation's own query fields; where a page
leaves the default out, the version's convention applies (20 items a page; the first page or
offset 0). A page size whose documented minimum is 0 means "every item" (v1.0 ``api.list``:
"page_size值为0时，返回所有API").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from translator.spec import FieldSpec, OperationSpec, load_spec
from translator.types import Version

Style = Literal["page", "offset"]

_CONVENTIONS: dict[Style, tuple[str, str, int]] = {
    "page": ("page_no", "page_size", 1),
    "offset": ("offset", "limit", 0),
}
"""Per style: the position parameter, the size parameter and the first position."""
DEFAULT_SIZE = 20
"""The page size both versions use when a page leaves the default out ("默认值：20")."""
MAX_SIZE = 500
"""The largest page both versions document ("最大值500")."""
TOTAL_FIELD = "total"
COUNT_FIELD = "size"


@dataclass(frozen=True, slots=True)
class Paging:
    """How one list operation pages."""

    version: Version
    op_id: str
    style: Style
    position: str
    """The query parameter of the page number (``page`` style) or the offset (``offset`` style)."""
    size: str
    """The query parameter of the page size."""
    first: int
    """The first page number (1) or the first offset (0)."""
    default_size: int
    max_size: int
    all_size: int | None
    """A page size that asks for every item (None: no such size)."""
    items: str
    """The response's array of items (the list wrapper, e.g. ``vpcs``)."""
    total: str = TOTAL_FIELD
    count: str = COUNT_FIELD

    @property
    def params(self) -> frozenset[str]:
        return frozenset({self.position, self.size})

    def window(self, query: Mapping[str, Any]) -> tuple[int, int | None]:
        """``(offset, limit)`` of the items ``query`` selects; a limit of None selects every item
        from the offset on. Values are taken as documented integers (the caller validates them)."""
        raw_size = query.get(self.size)
        size = self.default_size if raw_size in (None, "") else int(raw_size)
        raw_position = query.get(self.position)
        position = self.first if raw_position in (None, "") else int(raw_position)
        if self.all_size is not None and size == self.all_size:
            return 0, None
        size = size if size > 0 else self.default_size
        if self.style == "page":
            return (max(position, 1) - 1) * size, size
        return max(position, 0), size

    def query(self, offset: int, size: int) -> dict[str, int]:
        """The query asking for ``size`` items from ``offset`` (page style: offset a multiple of size)."""
        if self.style == "page":
            return {self.position: offset // size + 1, self.size: size}
        return {self.position: offset, self.size: size}


def _style(op: OperationSpec) -> Style | None:
    names = {f.name for f in op.query}
    for style, (position, size, _) in _CONVENTIONS.items():
        if position in names and size in names:
            return style
    return None


def _items(op: OperationSpec) -> str:
    arrays = [f.name for f in (op.response.fields if op.response else ()) if f.type == "array"]
    if len(arrays) != 1:
        raise ValueError(f"{op.version} {op.id}: a paged list needs one array of items, has {arrays}")
    return arrays[0]


def describe(op: OperationSpec) -> Paging | None:
    """The paging of ``op``, or None when it does not page."""
    style = _style(op)
    if style is None:
        return None
    position, size, first = _CONVENTIONS[style]
    by_name: dict[str, FieldSpec] = {f.name: f for f in op.query}
    size_field = by_name[size]
    default = size_field.default if isinstance(size_field.default, int) else DEFAULT_SIZE
    maximum = int(size_field.maximum) if size_field.maximum is not None else MAX_SIZE
    all_size = 0 if size_field.minimum == 0 else None
    return Paging(op.version, op.id, style, position, size, first, default, maximum, all_size, _items(op))


@cache
def paging_of(version: Version) -> dict[str, Paging]:
    """Every list operation of ``version`` that pages, by operation id."""
    out: dict[str, Paging] = {}
    for op in load_spec(version).operations.values():
        described = describe(op)
        if described is not None:
            out[op.id] = described
    return out


def paging(version: Version, op_id: str) -> Paging | None:
    """The paging of operation ``op_id`` of ``version`` (None: it does not page)."""
    return paging_of(version).get(op_id)
