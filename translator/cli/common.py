"""What every command shares: the one-line error exit and reading an input document."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from translator.core.bodies import DEFAULT_LIMITS, parse, too_large
from translator.errors import BadInput
from translator.types import JSON

INPUT_HELP = (
    f"Input files are JSON in UTF-8, at most {DEFAULT_LIMITS.max_bytes // (1024 * 1024)} MiB, nested "
    f"{DEFAULT_LIMITS.max_depth} levels and {DEFAULT_LIMITS.max_items} items per list at most."
)


def fail(message: str) -> NoReturn:
    """Print ``error: message`` (one line) on stderr and exit with status 2."""
    click.echo(f"error: {' '.join(message.split())}", err=True)
    sys.exit(2)


def note(message: str) -> None:
    click.echo(f"note: {' '.join(message.split())}", err=True)


def read_document(source: str) -> JSON:
    """The JSON document in file ``source`` (``-``: stdin), within the input limits; a problem
    with it is a one-line error exit."""
    limit = DEFAULT_LIMITS.max_bytes
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                raw = handle.read(limit + 1)
    except OSError as exc:
        fail(f"{source}: {exc.strerror or exc}")
    try:
        if len(raw) > limit:
            raise too_large(len(raw), DEFAULT_LIMITS)
        return parse(raw)
    except BadInput as exc:
        fail(f"{'stdin' if source == '-' else source}: {exc}")


def echo_json(value: Any) -> None:
    import json

    click.echo(json.dumps(value, ensure_ascii=False, indent=2))
