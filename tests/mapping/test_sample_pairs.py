"""Where the v1.0 and v2 doc samples show the same object with the same values, each converts into
the other (``fixtures/golden/samples.yaml`` lists them, with the fields the pages chose differently)."""

from __future__ import annotations

import pytest
from helpers.golden_extra import SamplePair, check_sample_pair, load_sample_pairs

from translator import load_mappings

MAPPINGS = load_mappings()
PAIRS = load_sample_pairs()


def test_there_are_sample_pairs() -> None:
    assert PAIRS and all(p.op_id in MAPPINGS.pairs for p in PAIRS)


@pytest.mark.parametrize("sample", PAIRS, ids=[p.name for p in PAIRS])
def test_each_sample_becomes_the_other(sample: SamplePair) -> None:
    found = check_sample_pair(MAPPINGS, sample)
    assert not found, f"{sample.name} ({sample.why}):\n  " + "\n  ".join(found)
