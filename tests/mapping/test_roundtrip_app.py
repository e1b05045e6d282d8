"""Round trips of the app family's operations (see ``roundtrip_cases``: the laws, the split)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mapping.roundtrip_cases import family, ids, round_trip

from translator.roundtrip.laws import Case

CASES = family("app")


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
@given(data=st.data())
def test_round_trip(case: Case, data: st.DataObject) -> None:
    round_trip(case, data)
