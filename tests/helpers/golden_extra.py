"""Golden error cases (``fixtures/golden/errors.yaml``) and doc sample pairs (``samples.yaml``).

Like ``helpers.golden``, these use only the public translation functions, so that the mutation check
(``scripts/mutate_tables.py``) can run them against mutated tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers.golden import GOLDEN_DIR, diff, strip
from translator import Mappings, convert, translate_error, translate_response


@dataclass(frozen=True)
class ErrorCase:
    why: str
    direction: str
    status: int
    body: dict[str, Any]
    to_status: int
    to_body: dict[str, Any]


def load_error_cases(directory: Path = GOLDEN_DIR) -> list[ErrorCase]:
    data = yaml.safe_load((directory / "errors.yaml").read_text(encoding="utf-8"))
    return [ErrorCase(**case) for case in data["errors"]]


def check_error(case: ErrorCase) -> list[str]:
    """How ``translate_error`` (with whatever tables it is given) disagrees with ``case``."""
    got = translate_error(case.direction, case.status, case.body)  # type: ignore[arg-type]
    out = [] if got.status == case.to_status else [f"status: expected {case.to_status}, got {got.status}"]
    return out + diff(case.to_body, got.body)


# --------------------------------------------------------------------------------------------------
# doc samples of both versions showing the same object (fixtures/golden/samples.yaml)
# --------------------------------------------------------------------------------------------------

SAMPLES_DIR = GOLDEN_DIR.parent / "samples"


@dataclass(frozen=True)
class SamplePair:
    op_id: str
    part: str
    why: str
    skip: tuple[str, ...]
    index: tuple[int, int] = (0, 0)

    @property
    def name(self) -> str:
        return f"{self.op_id}-{self.part}"


def load_sample_pairs(directory: Path = GOLDEN_DIR) -> list[SamplePair]:
    data = yaml.safe_load((directory / "samples.yaml").read_text(encoding="utf-8"))
    return [
        SamplePair(p["op"], p["part"], p["why"], tuple(p.get("skip", {})), tuple(p.get("index", (0, 0))))
        for p in data["pairs"]
    ]


def _sample(mappings: Mappings, sample: SamplePair, version: str) -> Any:
    pair = mappings.pairs[sample.op_id]
    op = pair.v1 if version == "v1.0" else pair.v2
    data = json.loads((SAMPLES_DIR / version / f"{op.id}.json").read_text(encoding="utf-8"))
    return data[sample.part][sample.index[0 if version == "v1.0" else 1]]


def check_sample_pair(mappings: Mappings, sample: SamplePair) -> list[str]:
    """Each version's doc sample, converted, against the other version's sample (skips aside)."""
    pair = mappings.pairs[sample.op_id]
    samples = {"v1.0": _sample(mappings, sample, "v1.0"), "v2": _sample(mappings, sample, "v2")}
    out: list[str] = []
    for direction, src, dst in (("v1_to_v2", "v1.0", "v2"), ("v2_to_v1", "v2", "v1.0")):
        body = samples[src]
        if sample.part == "response":
            got = translate_response(direction, pair, 200, body).body  # type: ignore[arg-type]
        else:
            got = convert(sample.op_id, direction, "request", body, check=False).body  # type: ignore[arg-type]
        expected = strip(samples[dst], sample.skip, "response")
        out += [f"{direction}: {line}" for line in diff(expected, strip(got, sample.skip, "response"))]
    return out
