"""The round-trip runner: the shipped tables keep the laws; a message the other version refuses
is caught, the law named and the example shrunk; a run is reproducible from its seed."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from translator.mapping.load import load_mappings
from translator.roundtrip.laws import cases
from translator.roundtrip.run import run, run_case
from translator.roundtrip.strategies import Site, StrategyBuilder
from translator.spec import FieldSpec


def wrong_name(site: Site, f: FieldSpec) -> st.SearchStrategy[Any] | None:
    """A value rule gone wrong: channel names drawn as integers (the other version wants text)."""
    return st.integers(0, 10**6) if site.path == "name" and site.op.id == "vpc_channel.create" else None


WRONG = StrategyBuilder(wrong_name)


def test_the_shipped_tables_keep_the_laws() -> None:
    (result,) = run(cases(("vpc_channel.create",)), examples=15, seed=3)
    assert result.op_id == "vpc_channel.create" and len(result.cases) == 4
    assert result.failures == () and result.examples > 0
    lossy = {f for c in result.cases for f in c.lossy}
    # which lossy fields 15 examples happen to carry depends on hypothesis's state in the process
    # (it seeds generation with constants of the modules loaded so far): every one it reports is
    # a lossy field the table declares, and there are some
    plan = load_mappings().pair("vpc_channel.create")
    declared = {
        *plan.request.lossy_v1,
        *plan.request.lossy_v2,
        *plan.response.lossy_v1,
        *plan.response.lossy_v2,
    }
    assert lossy and lossy <= declared, lossy - declared


def test_a_broken_law_is_named_and_its_example_shrunk() -> None:
    (case,) = [c for c in cases(("vpc_channel.create",)) if (c.part, c.direction) == ("request", "v1_to_v2")]
    result = run_case(case, examples=100, seed=1, builder=WRONG)
    assert result.failure is not None
    assert "the v2 message is invalid" in result.failure and "name" in result.failure
    assert result.example is not None and result.example["name"] == 0  # shrunk to the least integer
    assert not result.example.get("vpc_instances") and "vpc_health_config" not in result.example
    again = run_case(case, examples=100, seed=1, builder=WRONG)
    assert (again.failure, again.example, again.examples) == (result.failure, result.example, result.examples)
