"""Translation commands: ``convert``, ``route`` and ``ops``."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import click

from translator.cli.common import fail
from translator.errors import TranslatorError
from translator.types import Direction, Part


def _direction(value: str) -> Direction:
    return "v1_to_v2" if value == "v1-to-v2" else "v2_to_v1"


@click.command()
@click.option(
    "--op", "op_id", required=True, help="The catalog's v1.0 operation id, e.g. vpc_channel.create."
)
@click.option("--direction", type=click.Choice(["v1-to-v2", "v2-to-v1"]), required=True)
@click.option("--part", type=click.Choice(["request", "response"]), required=True)
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def convert(op_id: str, direction: str, part: str, source: Any) -> None:
    """Convert a JSON body (FILE or stdin) and print it as JSON; notes go to stderr."""
    from translator.translate import convert as do_convert

    text = source.read()
    try:
        body = json.loads(text) if text.strip() else None
    except json.JSONDecodeError as exc:
        fail(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    part_name: Part = "request" if part == "request" else "response"
    try:
        result = do_convert(op_id, _direction(direction), part_name, body)
    except TranslatorError as exc:
        fail(str(exc))
    click.echo(json.dumps(result.body, ensure_ascii=False, indent=2))
    for where, values in (result.moved or {}).items():
        click.echo(f"note: moved into {where}: {', '.join(sorted(values))}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)


@click.command()
@click.argument("request")
@click.option("--project-id", default="{project_id}", show_default=True)
@click.option("--instance-id", default="{instance_id}", show_default=True)
def route(request: str, project_id: str, instance_id: str) -> None:
    """Print the other version's method and URL for 'METHOD URL' (v1.0 -> v2 or v2 -> v1.0)."""
    from translator.translate import route_request

    method, _, url = request.strip().partition(" ")
    if not url:
        fail("expected 'METHOD URL', e.g. 'GET /v1.0/apigw/vpc-channels?page_no=2'")
    parts = urlsplit(url.strip())
    direction: Direction = "v1_to_v2" if parts.path.startswith("/v1.0/") else "v2_to_v1"
    try:
        out = route_request(
            direction,
            method,
            parts.path,
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            project_id=project_id,
            instance_id=instance_id,
        )
    except TranslatorError as exc:
        fail(str(exc))
    query = urlencode({k: _query_text(v) for k, v in out.query.items()})
    click.echo(f"{out.method} {out.path}{'?' + query if query else ''}")
    for note in out.notes:
        click.echo(f"note: {note}", err=True)


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print a Markdown table.")
def ops(as_json: bool, as_markdown: bool) -> None:
    """Print the compatibility matrix of every v1.0 operation."""
    from translator import matrix

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
            click.echo(f"{r.status:<12} {r.v1_id:<45} {target}")
