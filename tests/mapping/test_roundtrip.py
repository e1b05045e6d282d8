"""Property-based round trips for every paired operation and part: both lens laws.

v1.0 -> v2 -> v1.0 gives back the original except exactly the declared lossy fields, and the
intermediate message is valid for the v2 models (types, enums, ranges, lengths); likewise
v2 -> v1.0 -> v2. Pagination must survive the trip at page boundaries.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers.messages import message_problems, passed_targets, strip
from helpers.strategies import message
from hypothesis import given, reject
from hypothesis import strategies as st

from translator.errors import OutOfRange
from translator.mapping import engine, paths
from translator.mapping.load import CONFIGURED_PATH_PARAMS, OperationPair, load_mappings
from translator.mapping.plan import PartPlan, Report

MAPPINGS = load_mappings()
CASES = [
    (op_id, part, direction)
    for op_id in sorted(MAPPINGS.pairs)
    for part in ("request", "response")
    for direction in ("v1_to_v2", "v2_to_v1")
]


def _paging_expected(msg: dict[str, Any], pair: OperationPair, direction: str) -> dict[str, Any]:
    """What a v2 query's offset/limit become after a trip through v1.0 page numbers."""
    table = next(t for t in [_pagination(pair)] if t is not None)
    query = dict(msg.get(paths.QUERY_PARAMS, {}))
    limit = query.get(table.limit)
    size = table.v2_default_limit if limit is None else limit
    size = min(size, table.v1_max_size)
    if limit is not None:
        query[table.limit] = size
    if table.offset in query:
        query[table.offset] = query[table.offset] // size * size
    return {**msg, paths.QUERY_PARAMS: query}


def _pagination(pair: OperationPair) -> Any:
    query = pair.request.v1_to_v2.actions.get(paths.QUERY_PARAMS)
    if query is None or query.child is None or query.child.paging is None:
        return None
    return query.child.paging


@pytest.mark.parametrize(("op_id", "part", "direction"), CASES, ids=[f"{o}-{p}-{d}" for o, p, d in CASES])
@given(data=st.data())
def test_round_trip(op_id: str, part: str, direction: str, data: st.DataObject) -> None:
    pair = MAPPINGS.pairs[op_id]
    plan: PartPlan = getattr(pair, part)
    src, dst = (pair.v1, pair.v2) if direction == "v1_to_v2" else (pair.v2, pair.v1)
    back_direction = "v2_to_v1" if direction == "v1_to_v2" else "v1_to_v2"
    original = data.draw(message(src, part, frozenset(CONFIGURED_PATH_PARAMS)), label="message")
    for keys, value in plan.plan(back_direction).constants:  # type: ignore[arg-type]
        if len(keys) == 1:
            original[keys[0]] = value  # a constant of the source side has its one value
    report: Report = []
    try:
        middle = engine.run(plan.plan(direction), original, report)  # type: ignore[arg-type]
        again = engine.run(plan.plan(back_direction), middle, [])  # type: ignore[arg-type]
    except OutOfRange:
        reject()
    assert not [r for r in report if r[1] == "unknown"], report
    passed = passed_targets(
        getattr(pair, part), direction, report
    )  # out of range by the table's "pass" policy
    assert [p for p in message_problems(dst, part, middle) if p.split(":")[0] not in passed] == [], middle

    lossy = plan.lossy_v1 if direction == "v1_to_v2" else plan.lossy_v2
    normalized = plan.normalized_v1 if direction == "v1_to_v2" else plan.normalized_v2
    expected = original
    if direction == "v2_to_v1" and part == "request" and _pagination(pair) is not None:
        expected = _paging_expected(original, pair, direction)
    drop = set(lossy) | set(normalized)
    assert strip(again, set(normalized)) == strip(expected, drop)
