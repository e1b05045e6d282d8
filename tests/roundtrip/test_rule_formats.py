"""The format strategies: every format's valid strings pass its predicate, its invalid ones fail it."""

from __future__ import annotations

import pytest

from translator.models.formats import CHECKS
from translator.roundtrip.rule_formats import invalid_format, valid_format
from translator.roundtrip.rule_violations import examples
from translator.spec.rules import FORMATS


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_valid_strings_are_of_the_format_and_invalid_ones_are_not(fmt: str) -> None:
    good, bad = examples(valid_format(fmt), 30), examples(invalid_format(fmt), 30)
    assert good and bad
    assert all(CHECKS[fmt](v) for v in good), good
    assert not any(CHECKS[fmt](v) for v in bad), bad
