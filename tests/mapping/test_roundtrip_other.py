"""Round trips of the other family's operations (see ``roundtrip_cases``: the laws, the split)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mapping.roundtrip_cases import family, ids, round_trip

from translator.roundtrip.laws import Case

CASES = family("other")


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
@given(data=st.data())
def test_round_trip(case: Case, data: st.DataObject) -> None:
    round_trip(case, data)


def test_every_case_is_in_exactly_one_family() -> None:
    from mapping.roundtrip_cases import CASES, FAMILIES

    names = [c.name for name in FAMILIES for c in family(name)]
    assert sorted(names) == sorted(c.name for c in CASES)
