"""The ``apig-translator`` command line. Each command parses its flags and calls one function."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn
from urllib.parse import parse_qsl, urlencode, urlsplit

import click

from translator.errors import TranslatorError
from translator.types import Direction, Part


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _quotas(values: tuple[str, ...]) -> dict[str, int]:
    """``NAME=N`` flags as a mapping; a malformed one is a ``ValueError`` naming it."""
    out: dict[str, int] = {}
    for item in values:
        name, _, number = item.partition("=")
        if not name or not number.strip().isdigit():
            raise ValueError(f"--quota {item!r}: expected NAME=N with N a whole number")
        out[name.strip()] = int(number)
    return out


def _direction(value: str) -> Direction:
    return "v1_to_v2" if value == "v1-to-v2" else "v2_to_v1"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="apig-translator")
def main() -> None:
    """Move API Gateway tenants from the shared v1.0 API to the dedicated v2 API."""


@main.command()
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
        _fail(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    part_name: Part = "request" if part == "request" else "response"
    try:
        result = do_convert(op_id, _direction(direction), part_name, body)
    except TranslatorError as exc:
        _fail(str(exc))
    click.echo(json.dumps(result.body, ensure_ascii=False, indent=2))
    for where, values in (result.moved or {}).items():
        click.echo(f"note: moved into {where}: {', '.join(sorted(values))}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)


@main.command()
@click.argument("request")
@click.option("--project-id", default="{project_id}", show_default=True)
@click.option("--instance-id", default="{instance_id}", show_default=True)
def route(request: str, project_id: str, instance_id: str) -> None:
    """Print the other version's method and URL for 'METHOD URL' (v1.0 -> v2 or v2 -> v1.0)."""
    from translator.translate import route_request

    method, _, url = request.strip().partition(" ")
    if not url:
        _fail("expected 'METHOD URL', e.g. 'GET /v1.0/apigw/vpc-channels?page_no=2'")
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
        _fail(str(exc))
    query = urlencode({k: _query_text(v) for k, v in out.query.items()})
    click.echo(f"{out.method} {out.path}{'?' + query if query else ''}")
    for note in out.notes:
        click.echo(f"note: {note}", err=True)


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--markdown", "as_markdown", is_flag=True, help="Print a Markdown table.")
def ops(as_json: bool, as_markdown: bool) -> None:
    """Print the compatibility matrix of every v1.0 operation."""
    from translator import matrix

    try:
        rows = matrix.compatibility_matrix()
    except TranslatorError as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(matrix.as_json(rows), ensure_ascii=False, indent=1))
    elif as_markdown:
        click.echo(matrix.as_markdown(rows), nl=False)
    else:
        for r in rows:
            target = f"-> {r.v2_id}" if r.v2_id else f"({r.reason})"
            click.echo(f"{r.status:<12} {r.v1_id:<45} {target}")


@main.command()
@click.option("--api", type=click.Choice(["v1.0", "v2"]), required=True, help="Which API to emulate.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--db", default=None, help="SQLite file holding the state (default: a new temporary file).")
@click.option("--project-id", default=None, help="v2: the project id served.")
@click.option("--instance-id", default=None, help="v2: the instance id served.")
@click.option("--token", default=None, help="Accept this X-Auth-Token.")
@click.option("--ak", default=None, help="Accept AK/SK signatures with this access key (needs --sk).")
@click.option("--sk", default=None, help="The secret key of --ak.")
@click.option(
    "--faults", default="", help="e.g. 'rate=0.1,status=429|500|503,retry_after=1,latency_ms=20,seed=7'."
)
@click.option("--seed", type=int, default=None, help="Make generated ids and secrets reproducible.")
@click.option(
    "--quota",
    "quotas",
    multiple=True,
    metavar="NAME=N",
    help="Replace a documented quota, e.g. vpc_channel=100 (repeatable).",
)
def emulator(
    api: str,
    host: str,
    port: int,
    db: str | None,
    project_id: str | None,
    instance_id: str | None,
    token: str | None,
    ak: str | None,
    sk: str | None,
    faults: str,
    seed: int | None,
    quotas: tuple[str, ...],
) -> None:
    """Run a local emulator of the v1.0 or v2 management API."""
    from translator.emulator.config import DEFAULT_INSTANCE_ID, DEFAULT_PROJECT_ID, EmulatorConfig
    from translator.emulator.faults import FaultSpec
    from translator.emulator.serve import serve

    try:
        FaultSpec.parse(faults)
        config = EmulatorConfig(
            api="v1.0" if api == "v1.0" else "v2",
            host=host,
            port=port,
            db=db,
            project_id=project_id or DEFAULT_PROJECT_ID,
            instance_id=instance_id or DEFAULT_INSTANCE_ID,
            token=token,
            ak=ak,
            sk=sk,
            faults=faults,
            seed=seed,
            quotas=_quotas(quotas),
        )
        serve(config)  # a bad quota name is found before anything is served
    except ValueError as exc:
        _fail(str(exc))
