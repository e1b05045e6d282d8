"""Run the round-trip laws on generated messages: per case, up to N examples from a seed; a broken
law is shrunk by hypothesis to a smallest example, which is reported with the law it broke."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, reject, settings
from hypothesis import seed as with_seed
from hypothesis.errors import Unsatisfiable

from translator.roundtrip.laws import SKIP_PATH, Case, LawBroken, OutsideTarget, check, with_constants
from translator.roundtrip.rules_strategies import rules_builder
from translator.roundtrip.strategies import StrategyBuilder


@dataclass
class CaseResult:
    case: Case
    examples: int = 0
    """Examples checked (before a failure, if any)."""
    lossy: set[str] = field(default_factory=set)
    """Lossy fields the trips dropped."""
    failure: str | None = None
    example: dict[str, Any] | None = None
    """The shrunk example of the failure."""


@dataclass(frozen=True)
class OperationResult:
    op_id: str
    cases: tuple[CaseResult, ...]

    @property
    def examples(self) -> int:
        return sum(c.examples for c in self.cases)

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        return tuple(c for c in self.cases if c.failure is not None)


def new_seed() -> int:
    return random.SystemRandom().randrange(2**32)


def run_case(case: Case, examples: int, seed: int, builder: StrategyBuilder | None = None) -> CaseResult:
    """Check ``case`` on up to ``examples`` generated messages (reproducible from ``seed``), drawn
    by ``builder`` (default: the one by the docs' value rules, ``rules_builder``)."""
    builder = builder or rules_builder()
    result = CaseResult(case)
    failing: list[tuple[dict[str, Any], str]] = []
    strategy = builder.message(case.source, case.part, SKIP_PATH)

    @with_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        verbosity=Verbosity.quiet,
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def trip(message: dict[str, Any]) -> None:
        original = with_constants(case, message)
        try:
            dropped = check(case, original)
        except OutsideTarget:
            reject()
        except LawBroken as exc:
            failing.append((original, str(exc)))
            raise
        except Exception as exc:  # anything else the engine raised is a failure too, shown as such
            failing.append((original, f"{type(exc).__name__}: {exc}"))
            raise LawBroken(str(exc)) from exc
        if not failing:
            result.examples += 1
            result.lossy.update(dropped)

    try:
        trip()
    except LawBroken:
        result.example, result.failure = failing[-1]  # hypothesis replays the shrunk example last
    except Unsatisfiable:
        result.failure = "no generated message was inside the target's documented values"
    except Exception as exc:  # hypothesis itself gave up (e.g. a flaky law): said as the failure
        result.failure = f"{type(exc).__name__}: {exc}"
        result.example = failing[-1][0] if failing else None
    return result


def run(
    chosen: Iterable[Case], examples: int, seed: int, builder: StrategyBuilder | None = None
) -> list[OperationResult]:
    """Run every case; results grouped per operation, in the cases' order."""
    by_op: dict[str, list[CaseResult]] = {}
    for case in chosen:
        by_op.setdefault(case.op_id, []).append(run_case(case, examples, seed, builder))
    return [OperationResult(op_id, tuple(results)) for op_id, results in by_op.items()]
