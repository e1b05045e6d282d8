"""The ``convert`` command."""

from __future__ import annotations

import click

from translator.cli.common import INPUT_HELP, echo_json, fail, note, read_document
from translator.errors import TranslatorError
from translator.types import Direction, Part


def _direction(value: str) -> Direction:
    return "v1_to_v2" if value == "v1-to-v2" else "v2_to_v1"


@click.command(
    short_help="Translate a request or response body of one operation between v1.0 and v2.",
    epilog=INPUT_HELP,
)
@click.option(
    "--op",
    "op_id",
    required=True,
    help="The v1.0 operation id (see `ops`), e.g. vpc_channel.create; a v2 body names its v1.0 pair.",
)
@click.option(
    "--direction",
    type=click.Choice(["v1-to-v2", "v2-to-v1"]),
    required=True,
    help="v1-to-v2: SOURCE is a v1.0 body; v2-to-v1: SOURCE is a v2 body.",
)
@click.option(
    "--part",
    type=click.Choice(["request", "response"]),
    required=True,
    help="Whether SOURCE is the operation's request body or its response body.",
)
@click.option(
    "--sample-index",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="When SOURCE is a doc sample file (fixtures/samples/...), which of its bodies to take.",
)
@click.argument("source", default="-", metavar="[SOURCE]")
def convert(op_id: str, direction: str, part: str, sample_index: int, source: str) -> None:
    """Translate the JSON body in SOURCE (a file, or - for stdin: the default) and print it.

    The translation goes to stdout as JSON; a note for every field not carried over as it was
    (dropped, clamped, filled with a default, needed from elsewhere) goes to stderr. A body that
    is invalid, or whose translation the other version would refuse, is a one-line error naming
    the field, with exit status 2. SOURCE may also be a doc sample file, as the samples under
    fixtures/samples are: its first body of --part is taken.
    """
    from translator.core.bodies import from_sample
    from translator.mapping.load import load_mappings
    from translator.translate import convert as do_convert

    part_name: Part = "request" if part == "request" else "response"
    to = _direction(direction)
    document = read_document(source)
    try:
        pair = load_mappings().pair(op_id)
        body, taken = from_sample(document, pair.v1 if to == "v1_to_v2" else pair.v2, part_name, sample_index)
        result = do_convert(op_id, to, part_name, body)
    except TranslatorError as exc:
        fail(str(exc))
    if taken:
        note(taken)
    echo_json(result.body)
    for where, values in (result.moved or {}).items():
        note(f"moved into {where}: {', '.join(sorted(values))}")
    for item in result.notes:
        note(str(item))
