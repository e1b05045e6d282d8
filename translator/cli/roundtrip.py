"""The ``roundtrip`` command."""

from __future__ import annotations

import json
import time

import click

from translator.cli.common import fail


@click.command(short_help="Check the tables' round trips on generated messages, per operation.")
@click.option(
    "--op",
    "ops",
    multiple=True,
    metavar="OP",
    help="A paired v1.0 operation id (repeat the option for several; default: every paired operation).",
)
@click.option(
    "--examples",
    type=click.IntRange(1, 100_000),
    default=50,
    show_default=True,
    help="Generated messages per operation, part (request/response) and direction.",
)
@click.option(
    "--seed", type=click.IntRange(0, 2**32 - 1), help="Seed of the generator (default: a new one, printed)."
)
def roundtrip(ops: tuple[str, ...], examples: int, seed: int | None) -> None:
    """Translate generated bodies of each operation (valid by the models and the docs' value rules)
    there and back (v1.0 -> v2 -> v1.0 and v2 -> v1.0 -> v2, requests and responses) and check
    what comes back: the original less the declared lossy fields, valid for the other version on
    the way. Prints per operation the examples tried, the lossy fields seen and any failure with
    its shrunk example; exits 1 on a failure."""
    from translator.mapping.load import load_mappings
    from translator.roundtrip import laws, run

    mappings = load_mappings()
    unknown = sorted(set(ops) - set(mappings.pairs))
    if unknown:
        fail(f"--op {unknown[0]}: not a paired v1.0 operation (see `apig-translator ops`)")
    seed = run.new_seed() if seed is None else seed
    started = time.monotonic()
    results = run.run(laws.cases(tuple(dict.fromkeys(ops)), mappings), examples, seed)
    elapsed = time.monotonic() - started
    failures = 0
    for result in results:
        lossy = sorted({f for c in result.cases for f in c.lossy})
        status = "FAIL" if result.failures else "ok"
        click.echo(f"{status:<4} {result.op_id:<45} {result.examples:>6} examples  {len(lossy)} lossy seen")
        if lossy:
            click.echo(f"       lossy: {', '.join(lossy)}")
        for c in result.failures:
            failures += 1
            click.echo(f"       {c.case.part} {c.case.direction}: {c.failure}")
            if c.example is not None:
                click.echo(
                    f"       shrunk example: {json.dumps(c.example, ensure_ascii=False, sort_keys=True)}"
                )
    total = sum(r.examples for r in results)
    click.echo(
        f"{len(results)} operations, {total} examples, {failures} failures in {elapsed:.1f} s "
        f"(--seed {seed} --examples {examples})"
    )
    if failures:
        raise SystemExit(1)
