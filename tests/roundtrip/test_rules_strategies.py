"""Values by the docs' rules: for every rule of every field of both versions, the valid strategy
yields values that break no rule of the field; the shared builder's messages break no rule at all
(relations between siblings included) and keep the models; the round trips use that builder."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from roundtrip.rule_fields import rule_fields

from translator.models import problems
from translator.models.rules import breaches
from translator.roundtrip import run
from translator.roundtrip.rule_facts import value_breaches
from translator.roundtrip.rule_violations import examples
from translator.roundtrip.rules_strategies import rule_values, rules_builder, valid_values
from translator.roundtrip.strategies import Site
from translator.spec import load_spec
from translator.spec.rules import INERT, RELATIONS
from translator.types import VERSIONS, Version

VALUED = [r for r in rule_fields() if r.rule.kind not in RELATIONS]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_field_with_a_rule_draws_values_that_break_none(version: Version) -> None:
    found: list[str] = []
    for rf in (r for r in VALUED if r.version == version):
        for value in examples(valid_values(rf.field), 4):
            broken = value_breaches(rf.field, value)
            if broken:
                found.append(f"{rf.id}: {value!r} breaks {[b.rule.kind for b in broken]}")
    assert found == []


def test_the_field_rule_answers_for_ruled_values_only() -> None:
    op = load_spec("v1.0").operation("vpc_channel.create")
    fields = {f.name: f for f in op.part("request") or ()}
    site = Site(op, "request", "name")
    assert rule_values(site, fields["name"]) is not None  # a pattern rule
    assert rule_values(site, fields["vpc_health_config"]) is None  # an object: field by field
    kinds = {r.rule.kind for r in rule_fields()} - INERT
    assert kinds == {"pattern", "range", "length", "enum", "format", "compare", "required_if"}


def test_references_are_drawn_where_variables_are_allowed() -> None:
    where = "api.create.request.backend_api.url_domain"
    (rf,) = [r for r in VALUED if (r.version, r.where, r.rule.kind) == ("v1.0", where, "format")]
    drawn = examples(valid_values(rf.field), 60, seed=1)
    assert any("#" in v for v in drawn) and any("#" not in v for v in drawn)
    assert all(value_breaches(rf.field, v) == [] for v in drawn)


RELATED = sorted(
    {(r.version, r.where.split(".request")[0]) for r in rule_fields() if r.rule.kind in RELATIONS}
)


@pytest.mark.parametrize(("version", "op_id"), RELATED, ids=[f"{v}-{o}" for v, o in RELATED])
def test_messages_of_the_shared_builder_break_no_rule_and_keep_the_models(
    version: Version, op_id: str
) -> None:
    op = load_spec(version).operation(op_id)
    strategy = rules_builder().message(op, "request")
    seen: list[dict[str, Any]] = []

    @settings(max_examples=25, database=None, deadline=None)
    @given(strategy)
    def draw(message: dict[str, Any]) -> None:
        body = {k: v for k, v in message.items() if not k.startswith("@")}
        assert breaches(version, op_id, "request", body) == []
        assert breaches(version, op_id, "query", message["@query"]) == []
        assert problems(version, op_id, "request", body) == []
        seen.append(body)

    draw()
    assert seen


def test_the_round_trips_draw_by_the_rules() -> None:
    assert run.rules_builder() is rules_builder()
