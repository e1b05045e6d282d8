"""The reports' Markdown: every section a plan carries reaches the operator."""

from __future__ import annotations

from dataclasses import dataclass, field

from translator.migrate.report import to_json, to_markdown


@dataclass
class _Plan:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    new_secrets: list[dict[str, str]] = field(default_factory=list)
    changes: dict[str, dict[str, str]] = field(default_factory=dict)
    lossy: dict[str, dict[str, str]] = field(default_factory=dict)
    clean: bool = False


def test_plan_markdown_names_changes_lost_fields_and_new_secrets_with_their_reasons() -> None:
    plan = _Plan(
        counts={"api_group": {"created": 1}},
        new_secrets=[{"family": "app", "id": "a1"}],
        changes={"api_group": {"sl_domain": "the debug subdomain: v2 assigns each group its own"}},
        lossy={"api": {"backend_api.x": "v2 has no x"}},
    )
    text = to_markdown(plan, "plan")
    assert text.startswith("## plan: NOT OK")
    assert "- api_group `sl_domain`: the debug subdomain: v2 assigns each group its own" in text
    assert "- api `backend_api.x`: v2 has no x" in text
    assert "the target generates new ones (1)" in text
    assert "- app `a1`\n" in text
    assert '"sl_domain"' in to_json(plan, "plan")
