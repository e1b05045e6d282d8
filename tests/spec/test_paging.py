"""translator.spec.paging: one paging description per list operation, and the engine agrees with it
(a v1.0 page and the v2 window it becomes select the same items)."""

from __future__ import annotations

import pytest

from translator.mapping.load import load_mappings
from translator.spec import load_spec
from translator.spec.paging import DEFAULT_SIZE, paging, paging_of
from translator.translate import route_request
from translator.types import VERSIONS, Version

PAGED = [(v, op_id) for v in VERSIONS for op_id in sorted(paging_of(v))]
PAIRS = sorted(
    (op_id, pair)
    for op_id, pair in load_mappings().pairs.items()
    if paging("v1.0", pair.v1.id) is not None and paging("v2", pair.v2.id) is not None
)


def test_every_list_that_pages_is_described() -> None:
    assert len(paging_of("v1.0")) >= 25 and len(paging_of("v2")) >= 30
    for version in VERSIONS:
        for op in load_spec(version).operations.values():
            names = {f.name for f in op.query}
            style_params = {"page_no", "page_size"} if version == "v1.0" else {"offset", "limit"}
            assert (paging(version, op.id) is not None) == (style_params <= names), op.id


@pytest.mark.parametrize(("version", "op_id"), PAGED)
def test_a_page_query_selects_the_window_it_was_built_for(version: Version, op_id: str) -> None:
    pages = paging(version, op_id)
    assert pages is not None
    op = load_spec(version).operation(op_id)
    assert op.response is not None and pages.items in {f.name for f in op.response.fields}
    for size in (1, 7, pages.default_size, pages.max_size):
        for offset in (0, size, 5 * size):
            assert pages.window(pages.query(offset, size)) == (offset, size)
    assert pages.window({}) == (0, pages.default_size)


def test_defaults_and_the_every_item_size() -> None:
    api_list = paging("v1.0", "api.list")
    assert api_list is not None and api_list.all_size == 0 and api_list.window({"page_size": 0}) == (0, None)
    others = [p for v in VERSIONS for p in paging_of(v).values() if p.op_id != "api.list" or v != "v1.0"]
    assert all(p.all_size is None for p in others)
    assert all(p.default_size == DEFAULT_SIZE for p in others)


def test_every_table_pair_of_two_lists_declares_its_pagination() -> None:
    declared = {op_id for op_id, pair in PAIRS if pair.request.v1_to_v2.actions["@query"].child.paging}  # type: ignore[union-attr]
    assert declared == {op_id for op_id, _ in PAIRS}


@pytest.mark.parametrize(("op_id", "pair"), PAIRS, ids=[op for op, _ in PAIRS])
def test_the_engine_translates_a_page_into_the_same_window(op_id: str, pair: object) -> None:
    v1, v2 = paging("v1.0", pair.v1.id), paging("v2", pair.v2.id)  # type: ignore[attr-defined]
    assert v1 is not None and v2 is not None
    op = pair.v1  # type: ignore[attr-defined]
    path = op.path.replace("{", "").replace("}", "")  # any value fills a parameter
    required = {f.name: "x1" for f in op.query if f.required}
    for number, size in ((1, 20), (2, 20), (3, 7), (40, 500)):
        query = {**required, v1.position: str(number), v1.size: str(size)}
        out = route_request("v1_to_v2", op.method, path, query, project_id="p", instance_id="i")
        assert v2.window(out.query) == v1.window({v1.position: number, v1.size: size}), (number, size)
        back = route_request("v2_to_v1", out.method, out.path, {k: str(v) for k, v in out.query.items()})
        assert v1.window(back.query) == v2.window(out.query)
