"""Values that break one rule on purpose: for every rule of every field of both versions,
``violating`` (``violating_patch`` for a relation) breaks that rule and no other of the field (a
relation: no other relation of the object, but the same comparison written on the sibling)."""

from __future__ import annotations

import pytest
from roundtrip.rule_fields import rule_fields

from translator.roundtrip.rule_facts import relation_breaches, value_breaches
from translator.roundtrip.rule_violations import examples, violating, violating_patch
from translator.roundtrip.rules_strategies import valid_values
from translator.spec import FieldSpec, Rule
from translator.spec.rules import INERT, RELATIONS
from translator.types import VERSIONS, Version

REFUSING = [r for r in rule_fields() if r.rule.kind not in INERT]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_rule_has_values_breaking_it_and_nothing_else(version: Version) -> None:
    found: list[str] = []
    covered: dict[str, int] = {}
    for rf in (r for r in REFUSING if r.version == version):
        patches = examples(violating_patch(rf.rule, rf.field, rf.siblings), 3)
        if not patches:
            found.append(f"{rf.id}: nothing drawn")
        for patch in patches:
            if rf.rule.kind in RELATIONS:
                data = {k: v for k, v in patch.items() if v is not None}
                rules = [b.rule for b in relation_breaches(rf.siblings, data)]
                if rf.rule not in rules or any(r.kind != rf.rule.kind for r in rules):
                    found.append(f"{rf.id}: {patch!r} breaks {[r.kind for r in rules]}")
            else:
                rules = [b.rule for b in value_breaches(rf.field, patch[rf.field.name])]
                if rules != [rf.rule]:
                    found.append(f"{rf.id}: {patch!r} breaks {[r.kind for r in rules]}")
        covered[rf.rule.kind] = covered.get(rf.rule.kind, 0) + 1
    assert found == []
    assert {"pattern", "range", "length", "enum", "format", "compare"} <= set(covered)


def test_a_rule_refusing_nothing_has_no_violation() -> None:
    inert = next(r for r in rule_fields() if r.rule.kind == "variables")
    with pytest.raises(ValueError, match="refuses no value"):
        violating(inert.rule, inert.field)
    related = next(r for r in rule_fields() if r.rule.kind == "compare")
    with pytest.raises(ValueError, match="violating_patch"):
        violating(related.rule, related.field)


def test_a_forbidden_value_is_never_drawn_valid_and_is_the_violation() -> None:
    """The spec data holds no forbidden rule yet: a made-up field stands in."""
    rule = Rule("forbidden", "不能为default", values=("default",))
    f = FieldSpec(name="name", type="string", rules=(rule, Rule("pattern", "", pattern="[a-z]{3,8}")))
    assert all(v != "default" for v in examples(valid_values(f), 40))
    assert set(examples(violating(rule, f), 5)) == {"default"}
