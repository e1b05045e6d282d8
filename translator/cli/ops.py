"""The ``ops`` command."""

from __future__ import annotations

import json

import click

from translator.cli.common import fail
from translator.errors import TranslatorError


@click.command(short_help="List every v1.0 operation with its v2 counterpart and what the translation loses.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print every row as JSON, lossy fields and reasons included, and the fields whose "
    "rule is stricter on the target side (stricter).",
)
@click.option(
    "--markdown",
    "as_markdown",
    is_flag=True,
    help="Print a Markdown summary table (operation, status, v2 operation, lossy field count), "
    "then the lossy fields of each operation with their reasons and its stricter fields.",
)
def ops(as_json: bool, as_markdown: bool) -> None:
    """Print the compatibility matrix of every v1.0 operation (one line each without a flag)."""
    from translator import matrix

    if as_json and as_markdown:
        raise click.UsageError("--json and --markdown are two formats: give one of them")
    try:
        rows = matrix.compatibility_matrix()
    except TranslatorError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(matrix.as_json(rows), ensure_ascii=False, indent=1))
    elif as_markdown:
        click.echo(matrix.as_markdown(rows), nl=False)
    else:
        for r in rows:
            target = f"-> {r.v2_id}" if r.v2_id else f"({r.reason})"
            lossy = matrix.lossy_count(r)
            stricter = matrix.stricter_count(r)
            tail = f"  [{lossy} lossy]" if lossy else ""
            tail += f"  [{stricter} stricter]" if stricter else ""
            click.echo(f"{r.status:<12} {r.v1_id:<45} {target}{tail}")
