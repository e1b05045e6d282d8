"""scripts/derive/overrides.py: the rule actions (rule, drop_rule) of the overrides."""

from __future__ import annotations

from typing import Any

import pytest
from derive.common import DerivationError
from derive.overrides import apply_rule_override
from derive.report import Report

PATTERN = {"kind": "pattern", "pattern": "[a-z]*", "source": "只能小写"}


def field() -> dict[str, Any]:
    return {
        "name": "n",
        "type": "string",
        "rules": [dict(PATTERN), {"kind": "variables", "source": "支持环境变量"}],
    }


def test_rule_replaces_its_kind_and_keeps_the_sentence() -> None:
    f = field()
    apply_rule_override(
        f, {"rule": {"kind": "pattern", "pattern": "[a-z0-9]*"}, "reason": "r"}, "w", Report()
    )
    assert f["rules"][-1] == {"kind": "pattern", "pattern": "[a-z0-9]*", "source": "只能小写"}
    assert [r["kind"] for r in f["rules"]] == ["variables", "pattern"]


def test_a_new_rule_needs_a_source() -> None:
    with pytest.raises(DerivationError):
        apply_rule_override(
            field(), {"rule": {"kind": "enum", "values": ["a"]}, "reason": "r"}, "w", Report()
        )


def test_drop_rule() -> None:
    f = field()
    report = Report()
    apply_rule_override(f, {"drop_rule": ["pattern", "variables"], "reason": "r"}, "w", report)
    assert "rules" not in f
    assert len(report.lines["Prose rules: overrides"]) == 2
    with pytest.raises(DerivationError):
        apply_rule_override(f, {"drop_rule": "pattern", "reason": "r"}, "w", report)
