"""The ``route`` command."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import click

from translator.cli.common import INPUT_HELP, fail, note, read_document
from translator.errors import TranslatorError


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@click.command(
    short_help="Show the whole request of the other version (method, URL, body, notes) for 'METHOD URL'.",
    epilog=INPUT_HELP,
)
@click.argument("request", metavar="'METHOD URL'")
@click.option(
    "--body",
    "body_source",
    default=None,
    metavar="FILE",
    help="The request's JSON body (- for stdin), validated and translated; without it the path and "
    "query are translated and the body shows what the translation puts there.",
)
@click.option(
    "--project-id",
    envvar="APIG_PROJECT_ID",
    show_envvar=True,
    default=None,
    help="v1.0 -> v2: the project id in the v2 URL (without it the URL keeps {project_id}).",
)
@click.option(
    "--instance-id",
    envvar="APIG_INSTANCE_ID",
    show_envvar=True,
    default=None,
    help="v1.0 -> v2: the gateway instance id in the v2 URL (without it the URL keeps {instance_id}).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the translated request as one JSON object.")
def route(
    request: str, body_source: str | None, project_id: str | None, instance_id: str | None, as_json: bool
) -> None:
    """Translate the request 'METHOD URL' (a v1.0 URL to v2, a v2 URL to v1.0) and print it whole.

    Text: the request line, a Content-Type line and the JSON body when there is one; notes on
    stderr. With --json: method, url, path, query, body, content_type, operation ids and notes.
    """
    from translator.translate import route_direction, route_request

    method, _, url = request.strip().partition(" ")
    if not url.strip():
        fail("expected 'METHOD URL', e.g. 'GET /v1.0/apigw/vpc-channels?page_no=2'")
    parts = urlsplit(url.strip())
    body = read_document(body_source) if body_source is not None else None
    try:
        direction = route_direction(parts.path)
        out = route_request(
            direction,
            method,
            parts.path,
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            body,
            project_id=project_id,
            instance_id=instance_id,
        )
    except TranslatorError as exc:
        fail(str(exc))
    query = urlencode({k: _query_text(v) for k, v in out.query.items()})
    full = f"{out.path}{'?' + query if query else ''}"
    has_body = out.body is not None
    missing = [f"--{name.replace('_', '-')}" for name in out.placeholders]
    if as_json:
        notes = [{"path": n.path, "kind": n.kind, "detail": n.detail} for n in out.notes]
        document = {
            "method": out.method,
            "url": full,
            "path": out.path,
            "query": out.query,
            "content_type": out.content_type if has_body else None,
            "body": out.body,
            "op_id": out.op_id,
            "v1_op_id": out.pair.v1.id,
            "missing": [name.lstrip("-") for name in missing],
            "notes": notes,
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(f"{out.method} {full}")
        if has_body:
            click.echo(f"Content-Type: {out.content_type}\n")
            click.echo(json.dumps(out.body, ensure_ascii=False, indent=2))
        for item in out.notes:
            note(str(item))
    if missing:
        kept = ", ".join("{" + name + "}" for name in out.placeholders)
        note(f"{' and '.join(missing)} not given: the URL keeps {kept}")
