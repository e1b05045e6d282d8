"""Property-based round trips for every paired operation and part: both lens laws.

v1.0 -> v2 -> v1.0 gives back the original except exactly the declared lossy fields, and the
intermediate message is valid for the v2 models (types, enums, ranges, lengths, and every required
field present unless the source lacked it too or the table declares it lossy); likewise
v2 -> v1.0 -> v2. Pagination must survive the trip at page boundaries. The laws and the message
strategies are the package's (``translator.roundtrip``, also behind ``apig-translator roundtrip``),
one builder for both: values valid by the docs' value rules (``rules_builder``);
the example counts are the test profile's (``tests/conftest.py``).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from translator.roundtrip.laws import SKIP_PATH, Case, OutsideTarget, cases, check, with_constants
from translator.roundtrip.rules_strategies import rules_builder

CASES = cases()
BUILDER = rules_builder()
_MESSAGES: dict[str, st.SearchStrategy[dict[str, Any]]] = {}


def _messages(case: Case) -> st.SearchStrategy[dict[str, Any]]:
    """The case's message strategy, built once (building one per example would cost more than the
    example)."""
    if case.name not in _MESSAGES:
        _MESSAGES[case.name] = BUILDER.message(case.source, case.part, SKIP_PATH)
    return _MESSAGES[case.name]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@given(data=st.data())
def test_round_trip(case: Case, data: st.DataObject) -> None:
    message = data.draw(_messages(case), label="message")
    try:
        check(case, with_constants(case, message))
    except OutsideTarget:
        reject()
