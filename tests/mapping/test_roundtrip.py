"""Property-based round trips for every paired operation and part: both lens laws.

v1.0 -> v2 -> v1.0 gives back the original except exactly the declared lossy fields, and the
intermediate message is valid for the v2 models (types, enums, ranges, lengths, and every required
field present unless the source lacked it too or the table declares it lossy; see
``helpers.targets``); likewise v2 -> v1.0 -> v2. Pagination must survive the trip at page boundaries.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from helpers.messages import passed_targets, strip
from helpers.strategies import message
from helpers.targets import target_problems
from hypothesis import given, reject
from hypothesis import strategies as st

from translator.errors import OutOfRange
from translator.mapping import engine, paths
from translator.mapping.compiled import PagePlan, PartPlan, Report
from translator.mapping.load import CONFIGURED_PATH_PARAMS, OperationPair, load_mappings

MAPPINGS = load_mappings()
CASES = [
    (op_id, part, direction)
    for op_id in sorted(MAPPINGS.pairs)
    for part in ("request", "response")
    for direction in ("v1_to_v2", "v2_to_v1")
]


def _pagination(pair: OperationPair) -> PagePlan | None:
    query = pair.request.v1_to_v2.actions.get(paths.QUERY_PARAMS)
    if query is None or query.child is None:
        return None
    return query.child.paging


def _paging_expected(msg: dict[str, Any], pp: PagePlan, direction: str) -> dict[str, Any]:
    """What the paging parameters become after a round trip (the engine's documented rounding)."""
    query = dict(msg.get(paths.QUERY_PARAMS, {}))
    if direction == "v1_to_v2":
        if pp.v1_all_size is not None and query.get(pp.page_size) == pp.v1_all_size:
            query[pp.page_size] = min(pp.v2_max_limit, pp.v1_max_size)  # "every item" becomes pages
            query[pp.page_no] = 1
        return {**msg, paths.QUERY_PARAMS: query}
    limit = query.get(pp.limit)
    size = min(pp.v2_default_limit if limit is None else limit, pp.v1_max_size)
    if limit is not None:
        query[pp.limit] = size
    if pp.offset in query:
        query[pp.offset] = query[pp.offset] // size * size  # offsets round down to a page boundary
    return {**msg, paths.QUERY_PARAMS: query}


def _opaque(plan: PartPlan, direction: str) -> bool:
    """The target body is a document carried whole (nothing to check field by field)."""
    return (plan.document_v2 if direction == "v1_to_v2" else plan.document_v1) == ""


def _set(message: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        message = message.setdefault(key, {})
    message[keys[-1]] = value


def _prune_empty(message: Any, through: frozenset[str]) -> Any:
    """Drop empty pass-through objects: they carry nothing, so nothing brings them back."""
    for path in through:
        _prune_at(message, path.split("."))
    return message


def _prune_at(node: Any, keys: list[str]) -> None:
    if not isinstance(node, dict) or not keys:
        return
    head, rest = keys[0], keys[1:]
    key = head[:-2] if head.endswith("[]") else head
    if key not in node:
        return
    if not rest:
        if node[key] == {}:
            del node[key]
    elif head.endswith("[]") and isinstance(node[key], list):
        for item in node[key]:
            _prune_at(item, rest)
    else:
        _prune_at(node[key], rest)


@pytest.mark.parametrize(("op_id", "part", "direction"), CASES, ids=[f"{o}-{p}-{d}" for o, p, d in CASES])
@given(data=st.data())
def test_round_trip(op_id: str, part: str, direction: str, data: st.DataObject) -> None:
    pair = MAPPINGS.pairs[op_id]
    plan: PartPlan = getattr(pair, part)
    src, dst = (pair.v1, pair.v2) if direction == "v1_to_v2" else (pair.v2, pair.v1)
    back_direction = "v2_to_v1" if direction == "v1_to_v2" else "v1_to_v2"
    original = data.draw(message(src, part, frozenset(CONFIGURED_PATH_PARAMS)), label="message")
    for keys, value in plan.plan(back_direction).constants:  # type: ignore[arg-type]
        _set(original, keys, value)  # a constant of the source side can only have its one value
    report: Report = []
    try:
        middle = engine.run(plan.plan(direction), original, report)  # type: ignore[arg-type]
        again = engine.run(plan.plan(back_direction), middle, [])  # type: ignore[arg-type]
    except OutOfRange:
        reject()
    assert not [r for r in report if r[1] == "unknown"], report
    passed = passed_targets(plan, direction, report)  # out of range by the table's "pass" policy
    found = target_problems(
        plan, direction, src, dst, part, original, middle, passed, _opaque(plan, direction)
    )
    assert found == [], middle

    lossy = plan.lossy_v1 if direction == "v1_to_v2" else plan.lossy_v2
    normalized = plan.normalized_v1 if direction == "v1_to_v2" else plan.normalized_v2
    through = plan.through_v1 if direction == "v1_to_v2" else plan.through_v2
    expected = copy.deepcopy(original)
    paging = _pagination(pair)
    if part == "request" and paging is not None:
        expected = _paging_expected(expected, paging, direction)
    drop = set(lossy) | set(normalized)
    assert strip(again, drop) == _prune_empty(strip(expected, drop), through)
