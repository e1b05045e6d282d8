"""The message strategies: valid for the spec's models, and a per-field rule asked at every field."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.models import problems
from translator.roundtrip.strategies import FieldRule, Site, StrategyBuilder
from translator.spec import FieldSpec, load_spec

OP = load_spec("v1.0").operation("vpc_channel.create")


@settings(max_examples=30)
@given(data=st.data())
def test_generated_bodies_are_valid(data: st.DataObject) -> None:
    body = data.draw(StrategyBuilder().message(OP, "response"))
    assert problems("v1.0", OP.id, "response", body) == []


def test_a_rule_is_asked_at_every_field_and_its_values_are_used() -> None:
    asked: set[str] = set()

    def rule(site: Site, f: FieldSpec) -> st.SearchStrategy[Any] | None:
        assert site.op is OP and site.part == "request"
        asked.add(site.path)
        return st.just(42) if site.path == "vpc_instances[].weight" else None

    ruled: FieldRule = rule
    strategy = StrategyBuilder(ruled).message(OP, "request")
    seen: list[int] = []

    @settings(max_examples=30, database=None)
    @given(strategy)
    def draw(message: dict[str, Any]) -> None:
        seen.extend(m["weight"] for m in message.get("vpc_instances") or [] if "weight" in m)

    draw()
    assert {"name", "vpc_instances", "vpc_instances[].weight", "vpc_health_config.protocol"} <= asked
    assert any(p.startswith("@query.") for p in asked) or not OP.query
    assert seen and set(seen) == {42}
