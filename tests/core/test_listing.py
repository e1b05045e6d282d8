"""``list_all``'s page walk trusts nothing: pages that do not add up to ``total``, repeat, shrink
early, change ``total`` or repeat an item fail with ``IncompleteListing``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest

from translator.core import listing
from translator.core.blocking import BlockingApiClient
from translator.errors import ApiCallError, IncompleteListing, UnknownOperation
from translator.spec.paging import Paging, paging

V1 = paging("v1.0", "app.list")
V2 = paging("v2", "app.list")
assert V1 is not None and V2 is not None

Pages = Callable[[int, int], dict[str, Any]]


def _store(n: int) -> list[dict[str, Any]]:
    return [{"id": f"id{i:04d}", "name": f"app_{i}"} for i in range(n)]


def _honest(items: list[dict[str, Any]]) -> Pages:
    def page(offset: int, size: int) -> dict[str, Any]:
        chunk = items[offset : offset + size]
        return {"total": len(items), "size": len(chunk), "apps": chunk}

    return page


def _walk(p: Paging, pages: Pages, size: int | None = 10, query: dict[str, Any] | None = None) -> list[Any]:
    asked: list[dict[str, Any]] = []

    async def fetch(q: dict[str, Any]) -> Any:
        asked.append(q)
        offset, limit = p.window(q)
        assert limit is not None
        return pages(offset, limit)

    async def main() -> list[Any]:
        return await listing.collect(p, fetch, query, size)

    found = anyio.run(main)
    assert len(asked) <= len(found) // (size or p.max_size) + 1
    return found


@pytest.mark.parametrize("p", [V1, V2], ids=["page", "offset"])
@pytest.mark.parametrize("n", [0, 1, 9, 10, 11, 1001])
def test_every_item_once(p: Paging, n: int) -> None:
    items = _store(n)
    assert _walk(p, _honest(items)) == items


def test_the_pages_asked_for() -> None:
    asked: list[dict[str, Any]] = []

    async def fetch(q: dict[str, Any]) -> Any:
        asked.append(q)
        offset, limit = V1.window(q)
        assert limit is not None
        return _honest(_store(25))(offset, limit)

    anyio.run(lambda: listing.collect(V1, fetch, {"name": "app"}, 10))
    assert asked == [{"name": "app", "page_no": n, "page_size": 10} for n in (1, 2, 3)]
    with pytest.raises(ValueError, match="page_no"):
        anyio.run(lambda: listing.collect(V1, fetch, {"page_no": 2}, 10))
    for size in (0, 501):
        with pytest.raises(ValueError, match="page_size must be 1 to 500"):
            anyio.run(lambda: listing.collect(V1, fetch, None, size))  # noqa: B023


def _failing(pages: Pages, match: str) -> None:
    with pytest.raises(IncompleteListing, match=match) as info:
        _walk(V2, pages)
    assert isinstance(info.value, ApiCallError) and info.value.op_id == "app.list"


def test_fewer_items_than_total() -> None:
    items = _store(25)

    def short(offset: int, size: int) -> dict[str, Any]:
        return {**_honest(items[:20])(offset, size), "total": 25}

    _failing(short, "ended at 20 items of the 25")


def test_a_short_page_before_the_end() -> None:
    def short(offset: int, size: int) -> dict[str, Any]:
        page = _honest(_store(30))(offset, size)
        if offset == 10:
            page["apps"] = page["apps"][:5]
            page["size"] = 5
        return page

    _failing(short, "holds 5 of 10 items before the end")


def test_a_repeated_page() -> None:
    def stuck(offset: int, size: int) -> dict[str, Any]:
        return _honest(_store(30))(0, size)

    _failing(stuck, "repeats the one before")


def test_an_item_twice() -> None:
    items = _store(20)
    items[15] = items[3]
    _failing(_honest(items), "'id0003' appears twice")


def test_total_changes_under_the_walk() -> None:
    store = _store(30)

    def growing(offset: int, size: int) -> dict[str, Any]:
        page = _honest(store)(offset, size)
        store.append({"id": f"new{len(store)}"})
        return page

    _failing(growing, "total changed from 30 to 31")


def test_more_items_than_total() -> None:
    def liar(offset: int, size: int) -> dict[str, Any]:
        return {**_honest(_store(10))(offset, size), "total": 4}

    _failing(liar, "10 items where the total says 4")


def test_a_page_that_is_not_a_page() -> None:
    _failing(lambda o, s: {"total": 3, "apps": "nope"}, "has no 'apps' list")
    _failing(lambda o, s: {"apps": []}, "has no 'total' count")
    _failing(lambda o, s: {"total": 1, "size": 2, "apps": [{"id": "x"}]}, "says size=2 but holds 1")


def test_list_all_through_the_client() -> None:
    items = _store(12)
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url.params))
        offset, limit = V2.window(dict(request.url.params))
        assert limit is not None
        return httpx.Response(200, json=_honest(items)(offset, limit))

    with BlockingApiClient(
        "http://api.test", "v2", project_id="p", instance_id="i", transport=httpx.MockTransport(handle)
    ) as c:
        assert c.list_all("app.list", query={"name": "app"}, page_size=5) == items
        assert seen == [f"name=app&offset={o}&limit=5" for o in (0, 5, 10)]
        with pytest.raises(UnknownOperation, match="not a paged list"):
            c.list_all("app.get")
