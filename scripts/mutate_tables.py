"""Mutation check of the mapping tables: do the goldens notice a deliberate mistake?

Each mutant (see ``scripts/mutants.py``) is one change to a copy of ``mappings/*.yaml``: two fields'
targets swapped, a row or an attribute removed, a policy changed, a path parameter mispaired, ...
It is compiled with ``build_mappings`` (a mutant the compiler refuses is "refused": killed by the
tables' own validation), then the goldens, error cases and doc sample pairs of the operations it
touches (``fixtures/golden/``) are run against it in-process. A mutant nothing notices "survived".
Prints, per kind, how many were tried, refused, killed and survived, and names every survivor.

    python scripts/mutate_tables.py                     # everything (a few minutes)
    python scripts/mutate_tables.py --kind swap --limit 500 --seed 3
    python scripts/mutate_tables.py --op vpc_channel.get --verbose
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from helpers.golden import Golden, check, load_goldens  # noqa: E402
from helpers.golden_extra import (  # noqa: E402
    SamplePair,
    check_error,
    check_sample_pair,
    load_error_cases,
    load_sample_pairs,
)
from mutants import KINDS, Mutant, generate, plain  # noqa: E402
from pydantic import ValidationError  # noqa: E402

import translator  # noqa: E402
from translator import Mappings, TranslatorError  # noqa: E402
from translator.mapping.load import NOT_TABLES, build_mappings  # noqa: E402

_TRANSLATE = sys.modules[translator.translate_request.__module__]
"""The module whose ``load_mappings`` the public translation functions call."""


def read_tables() -> tuple[dict[str, Any], dict[str, Any]]:
    tables = {}
    for path in sorted((ROOT / "mappings").glob("*.yaml")):
        if path.name not in NOT_TABLES:
            tables[path.name] = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = plain(yaml.safe_load((ROOT / "mappings" / "errors.yaml").read_text(encoding="utf-8")))
    return tables, errors


@contextmanager
def tables_in_use(mappings: Mappings) -> Iterator[None]:
    """The public translation functions use ``mappings`` instead of the shipped tables."""
    with (
        mock.patch.object(_TRANSLATE, "load_mappings", lambda: mappings),
        mock.patch.object(_TRANSLATE, "load_error_table", lambda: mappings.errors),
    ):
        yield


def _subset(mutant: Mutant) -> dict[str, Any]:
    """Only the operations the mutant touches, and those sharing their v2 operation (so that a v2
    request is still told apart from its siblings): compiling everything per mutant is slower."""
    if not mutant.ops:
        return {}
    out = {}
    for name, table in mutant.tables.items():
        ops = table.get("operations") or {}
        v2 = {ops[o]["v2"] for o in mutant.ops if o in ops}
        keep = {o: t for o, t in ops.items() if o in mutant.ops or t["v2"] in v2}
        if keep:
            out[name] = {**table, "operations": keep, "unsupported": {}}
    return out


def evaluate(
    mutant: Mutant, goldens: dict[str, list[Golden]], samples: dict[str, list[SamplePair]]
) -> tuple[str, str]:
    """("refused" | "killed" | "survived", the first thing that noticed)."""
    try:
        mappings = build_mappings(_subset(mutant), mutant.errors)
    except (TranslatorError, ValidationError, KeyError, TypeError, ValueError) as exc:
        return "refused", str(exc).splitlines()[0][:160]
    with tables_in_use(mappings):
        if not mutant.ops:
            for case in load_error_cases():
                found = check_error(case)
                if found:
                    return "killed", f"error case {case.why[:60]!r}: {found[0]}"
            return "survived", ""
        for op_id in sorted(mutant.ops):
            for golden in goldens.get(op_id, ()):
                try:
                    found = check(mappings, golden)
                except Exception as exc:  # a mutant may break the translator in any way: that is noticed too
                    return "killed", f"{golden.name}: {type(exc).__name__}: {exc}"
                if found:
                    return "killed", f"{golden.name}: {found[0]}"
            for sample in samples.get(op_id, ()):
                try:
                    found = check_sample_pair(mappings, sample)
                except Exception as exc:
                    return "killed", f"sample pair {sample.name}: {type(exc).__name__}: {exc}"
                if found:
                    return "killed", f"sample pair {sample.name}: {found[0]}"
    return "survived", ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds (repeatable)")
    parser.add_argument("--op", action="append", help="only mutants touching these v1.0 operations")
    parser.add_argument("--limit", type=int, help="at most this many mutants per kind (a seeded sample)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the --limit sample (default 0)")
    parser.add_argument("--verbose", action="store_true", help="also name what killed each mutant")
    args = parser.parse_args(argv)

    tables, errors = read_tables()
    baseline = build_mappings(tables, errors)
    goldens: dict[str, list[Golden]] = {}
    for golden in load_goldens().values():
        goldens.setdefault(golden.op_id, []).append(golden)
    samples: dict[str, list[SamplePair]] = {}
    for sample in load_sample_pairs():
        samples.setdefault(sample.op_id, []).append(sample)
    with tables_in_use(baseline):
        broken = [g.name for gs in goldens.values() for g in gs if check(baseline, g)]
    if broken:
        print(f"the goldens fail on the shipped tables, fix them first: {broken}", file=sys.stderr)
        return 2

    def wanted(mutant: Mutant) -> bool:
        return (not args.kind or mutant.kind in args.kind) and (
            not args.op or bool(mutant.ops & set(args.op))
        )

    # two passes over the (deterministic) generator: count, then evaluate the chosen ones, so that
    # only one mutant's copy of the tables is held at a time
    counts_by_kind = Counter(m.kind for m in generate(tables, errors, baseline) if wanted(m))
    rng = random.Random(args.seed)
    chosen = {
        kind: set(rng.sample(range(n), args.limit)) if args.limit is not None and n > args.limit else None
        for kind, n in sorted(counts_by_kind.items())
    }
    started = time.monotonic()
    totals: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS if kind in counts_by_kind}
    survivors: list[tuple[str, str]] = []
    seen: Counter[str] = Counter()
    for mutant in generate(tables, errors, baseline):
        if not wanted(mutant):
            continue
        index = seen[mutant.kind]
        seen[mutant.kind] += 1
        picked = chosen[mutant.kind]
        if picked is not None and index not in picked:
            continue
        verdict, why = evaluate(mutant, goldens, samples)
        totals[mutant.kind][verdict] += 1
        if verdict == "survived":
            survivors.append((mutant.kind, mutant.name))
        elif args.verbose:
            print(f"  {verdict:8} {mutant.kind:14} {mutant.name}: {why}")
    print(f"{'kind':16}{'tried':>8}{'refused':>9}{'killed':>8}{'survived':>10}")
    for kind, counts in totals.items():
        tried = sum(counts.values())
        if tried:
            print(f"{kind:16}{tried:>8}{counts['refused']:>9}{counts['killed']:>8}{counts['survived']:>10}")
    print(f"({time.monotonic() - started:.0f} s; refused = rejected by the tables' validation when loaded)")
    known = yaml.safe_load((ROOT / "scripts" / "equivalent_mutants.yaml").read_text(encoding="utf-8")) or {}
    unexplained = 0
    for kind, name in survivors:
        reason = (known.get(kind) or {}).get(name)
        if reason:
            print(f"SURVIVED {kind}: {name}\n    equivalent: {' '.join(reason.split())}")
        else:
            unexplained += 1
            print(f"SURVIVED {kind}: {name}")
    if unexplained:
        print(f"{unexplained} survivor(s) not known to be equivalent (scripts/equivalent_mutants.yaml)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    raise SystemExit(main())
