"""Every doc sample of a paired operation converts, and the result is valid for the other version
(required fields present where the sample had something to fill them with, values in range)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from translator.errors import OutOfRange
from translator.mapping import engine
from translator.mapping.compiled import PartPlan, Report
from translator.mapping.load import load_mappings
from translator.roundtrip.messages import passed_targets, strip
from translator.roundtrip.targets import target_problems

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
MAPPINGS = load_mappings()


def _cases() -> list[tuple[str, str, str, int, Any]]:
    cases = []
    for op_id, pair in sorted(MAPPINGS.pairs.items()):
        for version, op in (("v1.0", pair.v1), ("v2", pair.v2)):
            path = SAMPLES / version / f"{op.id}.json"
            if not path.exists():
                continue
            samples = json.loads(path.read_text(encoding="utf-8"))
            for part in ("request", "response"):
                # where the derivation proved the doc sample wrong (a typo, a masked secret),
                # the wrong key is left out; the reason is kept in the sample file
                wrong = {k["path"] for k in samples.get("known_errors", []) if k["part"] == part}
                for i, body in enumerate(samples.get(part, [])):
                    if part == "request" and version == "v2" and not _holds(pair, body):
                        continue  # the sample is the other operation sharing this v2 one (offline/publish)
                    cases.append(
                        (
                            op_id,
                            version,
                            part,
                            i,
                            strip(body if isinstance(body, dict) else {"": body}, wrong),
                        )
                    )
    return cases


def _holds(pair: Any, body: Any) -> bool:
    """Whether a v2 request sample holds the constants of ``pair`` (which v1.0 operation it is)."""
    expected = pair.request.v2_to_v1.expected
    return isinstance(body, dict) and all(body.get(k, v) == v for k, v in expected.items())


CASES = _cases()


def _target_document(plan: PartPlan, direction: str) -> str | None:
    return plan.document_v2 if direction == "v1_to_v2" else plan.document_v1


def test_there_are_samples() -> None:
    assert len(CASES) >= len(MAPPINGS.pairs)


@pytest.mark.parametrize(
    ("op_id", "version", "part", "index", "body"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in CASES]
)
def test_sample_converts(op_id: str, version: str, part: str, index: int, body: Any) -> None:
    pair = MAPPINGS.pairs[op_id]
    direction = "v1_to_v2" if version == "v1.0" else "v2_to_v1"
    target = pair.v2 if version == "v1.0" else pair.v1
    plan = getattr(pair, part).plan(direction)
    report: Report = []
    try:
        out = engine.run(plan, body, report)
    except OutOfRange as exc:
        pytest.fail(f"a documented sample is out of range for the other version: {exc}")
    unknown = [r for r in report if r[1] == "unknown"]
    assert not unknown, f"sample keys missing from the spec: {unknown}"
    passed = passed_targets(getattr(pair, part), direction, report)
    source = pair.v1 if version == "v1.0" else pair.v2
    opaque = _target_document(getattr(pair, part), direction) == ""
    found = target_problems(getattr(pair, part), direction, source, target, part, body, out, passed, opaque)
    assert found == [], out
