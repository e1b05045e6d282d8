"""Follow a list operation's pages to the end (``ApiClient.list_all``), trusting nothing.

The pages are asked for by ``translator.spec.paging`` (page number and size in v1.0, offset and
limit in v2). Every page must repeat the first page's ``total``, hold as many items as its ``size``
says, and bring new items; the walk ends when the items add up to ``total`` and fails when they
cannot: a page that is empty or short before the end, a page that repeats the one before, an item
(by ``id``) seen twice, or more items than ``total``. Every page but the last brings exactly the
page size, so the walk takes at most ``total / size + 1`` pages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from translator.errors import IncompleteListing
from translator.spec.paging import Paging

Fetch = Callable[[dict[str, Any]], Awaitable[Any]]
"""Sends the list operation with a query; returns the answer's body."""


def page_size(paging: Paging, wanted: int | None) -> int:
    """The page size to ask for: ``wanted``, else the largest the operation documents."""
    size = paging.max_size if wanted is None else wanted
    if not 1 <= size <= paging.max_size:
        raise ValueError(f"{paging.op_id}: page_size must be 1 to {paging.max_size}, not {size}")
    return size


def _page(paging: Paging, body: Any, offset: int) -> tuple[list[Any], int]:
    def fail(problem: str) -> IncompleteListing:
        return IncompleteListing(paging.op_id, f"the page at item {offset} {problem}")

    if not isinstance(body, dict):
        raise fail("is not an object")
    items = body.get(paging.items)
    total = body.get(paging.total)
    if not isinstance(items, list):
        raise fail(f"has no {paging.items!r} list")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise fail(f"has no {paging.total!r} count")
    count = body.get(paging.count)
    if count is not None and count != len(items):
        raise fail(f"says {paging.count}={count} but holds {len(items)} items")
    return items, total


def _key(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


async def collect(
    paging: Paging, fetch: Fetch, query: Mapping[str, Any] | None = None, size: int | None = None
) -> list[Any]:
    """Every item the list operation of ``paging`` answers for ``query``, each once, in order."""
    size = page_size(paging, size)
    clash = paging.params & set(query or {})
    if clash:
        raise ValueError(f"{paging.op_id}: list_all sets {sorted(clash)} itself")
    found: list[Any] = []
    seen: set[Any] = set()
    previous: list[Any] | None = None
    expected: int | None = None
    while True:
        offset = len(found)
        items, total = _page(paging, await fetch({**(query or {}), **paging.query(offset, size)}), offset)
        if expected is None:
            expected = total
        elif total != expected:
            raise IncompleteListing(
                paging.op_id, f"total changed from {expected} to {total} at item {offset}: the list moved"
            )
        if not items:
            if offset < expected:
                raise IncompleteListing(
                    paging.op_id, f"the pages ended at {offset} items of the {expected} the total says"
                )
            return found
        if items == previous:
            raise IncompleteListing(paging.op_id, f"the page at item {offset} repeats the one before")
        if offset + len(items) < expected and len(items) < size:
            raise IncompleteListing(
                paging.op_id,
                f"the page at item {offset} holds {len(items)} of {size} items before the end",
            )
        for item in items:
            key = _key(item)
            if key is not None:
                if key in seen:
                    raise IncompleteListing(paging.op_id, f"item {key!r} appears twice")
                seen.add(key)
        found.extend(items)
        previous = items
        if len(found) > expected:
            raise IncompleteListing(paging.op_id, f"{len(found)} items where the total says {expected}")
        if len(found) == expected:
            return found
