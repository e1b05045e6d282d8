"""The translation API: bodies, requests and responses between v1.0 and v2.

Pure functions over the compiled tables (``load_mappings``); no I/O. Every result carries the
report of what was not carried over, so nothing is dropped silently. Requests are validated
against the source version's models first (``check=False`` skips that), as ``convert`` does.

Ids: a caller that keeps old ids (the shim with a migration's id map) passes an ``IdRewrite``,
which sees every v1.0 message (a request with its path and query, or a response) and returns it
with ids replaced: v1.0 requests before they are translated, v1.0 responses after. Which fields
hold ids is the resource catalog's business (``translator.core.catalog``); this module only calls
the hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from pydantic import ValidationError as PydanticValidationError

from translator.errors import TranslationError, ValidationFailed
from translator.mapping import engine, paths
from translator.mapping.compiled import Report
from translator.mapping.load import CONFIGURED_PATH_PARAMS, OperationPair, load_error_table, load_mappings
from translator.models import models_for, validate
from translator.spec import OperationSpec
from translator.spec.paging import paging
from translator.spec.routes import fill, match
from translator.types import JSON, Direction, Part, Version, source_version, target_version


class Note(NamedTuple):
    """One thing a translation did not carry over as it was."""

    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} ({self.detail})"


def _notes(report: Report) -> tuple[Note, ...]:
    """One note per (path, kind), in order of first appearance (a list of 500 items reports once)."""
    if not report:
        return ()
    first: dict[tuple[str, str], str] = {}
    for path, kind, detail in dict.fromkeys(report):
        first.setdefault((path, kind), detail)
    return tuple(Note(path, kind, detail) for (path, kind), detail in first.items())


class Converted(NamedTuple):
    """A translated body (a named tuple: this is on the shim's hot path)."""

    body: JSON
    notes: tuple[Note, ...] = ()
    moved: dict[str, dict[str, Any]] | None = None
    """Values a body row moved into the path or query (``{"@path": {...}}``), if any."""


class IdRewrite(Protocol):
    """Replaces ids in a v1.0 message of operation ``op``.

    ``part`` is ``"request"`` (the message holds the body's members beside ``@path`` and ``@query``
    objects, see ``translator.mapping.paths``) or ``"response"`` (the body).
    """

    def __call__(self, op: OperationSpec, part: Part, message: JSON) -> JSON: ...


@dataclass(frozen=True, slots=True)
class TranslatedRequest:
    """A request translated to the other version: what to send, and what the sender must know."""

    method: str
    path: str
    query: dict[str, Any]
    body: JSON
    op_id: str
    pair: OperationPair
    notes: tuple[Note, ...] = ()
    content_type: str = "application/json"
    """How the body travels (``multipart/form-data`` for a v2 document upload)."""
    follow_pages: bool = False
    """The source asked for every item at once (v1.0 ``api.list`` with ``page_size=0``): the sender
    must follow the target's pages to the end and answer them as one page."""


@dataclass(frozen=True, slots=True)
class TranslatedResponse:
    """A response translated to the other version."""

    status: int
    body: JSON
    notes: tuple[Note, ...] = ()


def convert(op_id: str, direction: Direction, part: Part, body: JSON, *, check: bool = True) -> Converted:
    """Translate a request or response body of v1.0 operation ``op_id`` in ``direction``."""
    pair = load_mappings().pair(op_id)
    forward = direction == "v1_to_v2"
    if check:
        validate(source_version(direction), (pair.v1 if forward else pair.v2).id, part, body)
    is_request = part == "request"
    plan = (pair.request if is_request else pair.response).plan(direction)
    report: Report = []
    out = engine.run(plan, engine.wrap_body(body), report)
    moved: dict[str, dict[str, Any]] | None = None
    for key in (paths.PATH_PARAMS, paths.QUERY_PARAMS):
        value = out.pop(key, None)
        if value:
            moved = {**(moved or {}), key: value}
    dst_op = pair.v2 if forward else pair.v1
    has_body = (dst_op.request if is_request else dst_op.response) is not None
    return Converted(engine.unwrap_body(out, has_body), _notes(report), moved)


def translate_request(
    direction: Direction,
    method: str,
    path: str,
    query: Mapping[str, Any],
    body: JSON,
    *,
    project_id: str = "",
    instance_id: str = "",
    check: bool = True,
    ids: IdRewrite | None = None,
    path_values: Mapping[str, str] | None = None,
) -> TranslatedRequest:
    """Translate a whole request: route it, map path, query and body, and fill the target URI.

    ``query`` holds typed values (see ``typed_query``); with ``check`` the body is validated
    against the source operation's request model first. ``ids`` rewrites the ids of a v1.0 request
    before it is translated. ``path_values`` fills target path parameters the source request does
    not carry (the tables list them as lossy; a caller such as the shim looks them up first).
    """
    mappings = load_mappings()
    src_version = source_version(direction)
    op, params = match(src_version, method, path)
    if check and op.request is not None:
        validate(src_version, op.id, "request", body)
    message = engine.wrap_body(body)
    if direction == "v1_to_v2":
        pair = mappings.pair(op.id)
    else:
        pair = mappings.pair_for_v2(op.id, message)
        params = {k: v for k, v in params.items() if k not in CONFIGURED_PATH_PARAMS}
    report: Report = []
    source = {**message, paths.PATH_PARAMS: dict(params), paths.QUERY_PARAMS: dict(query)}
    if ids is not None and direction == "v1_to_v2":
        source = ids(op, "request", source)
    out = engine.run(pair.request.plan(direction), source, report)
    out_params: dict[str, Any] = out.pop(paths.PATH_PARAMS, {})
    out_query: dict[str, Any] = out.pop(paths.QUERY_PARAMS, {})
    dst = pair.v2 if direction == "v1_to_v2" else pair.v1
    if target_version(direction) == "v2":
        prefix = dict(zip(CONFIGURED_PATH_PARAMS, (project_id, instance_id), strict=True))
        out_params = {**out_params, **prefix}
    if path_values:
        out_params = {**path_values, **{k: v for k, v in out_params.items() if v not in (None, "")}}
    url = fill(dst, {k: str(v) for k, v in out_params.items()})
    return TranslatedRequest(
        method=dst.method,
        path=url,
        query=out_query,
        body=engine.unwrap_body(out, dst.request is not None),
        op_id=dst.id,
        pair=pair,
        notes=_notes(report),
        content_type=(pair.v2_content_type if direction == "v1_to_v2" else None) or "application/json",
        follow_pages=_asks_for_every_item(op, query),
    )


def _asks_for_every_item(op: OperationSpec, query: Mapping[str, Any]) -> bool:
    pages = paging(op.version, op.id)
    return pages is not None and pages.all_size is not None and query.get(pages.size) == pages.all_size


def translate_response(
    direction: Direction, pair: OperationPair, status: int, body: JSON, *, ids: IdRewrite | None = None
) -> TranslatedResponse:
    """Translate a response of ``pair``: success bodies by the table, error bodies by the error table.

    ``ids`` rewrites the ids of a v1.0 success body after it is translated.
    """
    dst = pair.v2 if direction == "v1_to_v2" else pair.v1
    if 200 <= status < 300:
        report: Report = []
        out = engine.run(pair.response.plan(direction), engine.wrap_body(body), report)
        translated = engine.unwrap_body(out, dst.response is not None)
        if ids is not None and direction == "v2_to_v1":
            translated = ids(pair.v1, "response", translated)
        return TranslatedResponse(dst.success_status, translated, _notes(report))
    return translate_error(direction, status, body)


def translate_error(direction: Direction, status: int, body: JSON) -> TranslatedResponse:
    """Translate an error body and its status (the body's keys are named in ``errors.yaml``)."""
    errors = load_error_table()
    if not isinstance(body, dict):
        raise TranslationError("an error body must be a JSON object")
    code_key, msg_key = errors.code_field, errors.message_field
    code = body.get(code_key)
    if direction == "v2_to_v1":
        status = errors.status.get(status, status)
    else:
        status = {v: k for k, v in errors.status.items()}.get(status, status)
    for row in errors.codes:
        if direction == "v2_to_v1" and code == row.v2:
            code, status = row.v1, row.v1_status or status
            break
        if direction == "v1_to_v2" and row.reverse and code == row.v1 and row.v1_status in (None, status):
            code = row.v2
            break
    return TranslatedResponse(status, {code_key: code, msg_key: body.get(msg_key)})


def route_request(
    direction: Direction,
    method: str,
    path: str,
    query: Mapping[str, str],
    *,
    project_id: str = "",
    instance_id: str = "",
    ids: IdRewrite | None = None,
) -> TranslatedRequest:
    """Translate a bodiless request given as method, path and raw query strings.

    Query values are typed by the source operation's query model first (``"2"`` -> ``2``), so that
    pagination and value maps see the documented types.
    """
    src_op, _ = match(source_version(direction), method, path)
    typed = typed_query(source_version(direction), src_op.id, query)
    return translate_request(
        direction, method, path, typed, None, project_id=project_id, instance_id=instance_id, ids=ids
    )


def typed_query(version: Version, op_id: str, query: Mapping[str, str]) -> dict[str, Any]:
    """Raw query strings typed by the operation's query model; unknown parameters are an error."""
    model = models_for(version, op_id).query
    try:
        parsed = model.model_validate(dict(query))
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ValidationFailed(loc, first["msg"]) from None
    typed: dict[str, Any] = parsed.model_dump(by_alias=True, exclude_unset=True)
    return typed
