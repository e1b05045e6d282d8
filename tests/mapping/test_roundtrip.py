"""Property-based round trips for every paired operation and part: both lens laws.

v1.0 -> v2 -> v1.0 gives back the original except exactly the declared lossy fields, and the
intermediate message is valid for the v2 models (types, enums, ranges, lengths, and every required
field present unless the source lacked it too or the table declares it lossy); likewise
v2 -> v1.0 -> v2. Pagination must survive the trip at page boundaries. The laws and the message
strategies are the package's (``translator.roundtrip``, also behind ``apig-translator roundtrip``);
the example counts are the test profile's (``tests/conftest.py``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from translator.roundtrip.laws import SKIP_PATH, Case, OutsideTarget, cases, check, with_constants
from translator.roundtrip.strategies import StrategyBuilder

CASES = cases()
BUILDER = StrategyBuilder()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@given(data=st.data())
def test_round_trip(case: Case, data: st.DataObject) -> None:
    message = data.draw(BUILDER.message(case.source, case.part, SKIP_PATH), label="message")
    try:
        check(case, with_constants(case, message))
    except OutsideTarget:
        reject()
