"""The translation API: bodies, requests and responses between v1.0 and v2.

Pure functions over the compiled tables (``load_mappings``); no I/O. Every result carries the
report of what was not carried over, so nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import ValidationError as PydanticValidationError

from translator.errors import TranslationError, UnknownOperation, ValidationFailed
from translator.mapping import engine, paths
from translator.mapping.compiled import Report
from translator.mapping.load import (
    CONFIGURED_PATH_PARAMS,
    Mappings,
    OperationPair,
    load_error_table,
    load_mappings,
)
from translator.models import models_for, validate
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


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: dict[str, Any]
    body: JSON
    op_id: str
    pair: OperationPair
    notes: tuple[Note, ...] = ()
    content_type: str = "application/json"
    """How the body travels (``multipart/form-data`` for a v2 document upload)."""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: JSON
    notes: tuple[Note, ...] = ()


def _pair_for_v2(mappings: Mappings, v2_op: str, message: Mapping[str, Any]) -> OperationPair:
    candidates = mappings.by_v2.get(v2_op, [])
    if not candidates:
        raise UnknownOperation(f"v2 operation {v2_op} has no v1.0 counterpart")
    for pair in candidates:
        expected = pair.request.v2_to_v1.expected
        if all(message.get(k) == v for k, v in expected.items()):
            return pair
    return candidates[0]


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
) -> Request:
    """Translate a whole request: route it, map path, query and body, and fill the target URI."""
    mappings = load_mappings()
    src_version = source_version(direction)
    op, params = match(src_version, method, path)
    message = engine.wrap_body(body)
    if direction == "v1_to_v2":
        pair = mappings.pair(op.id)
    else:
        pair = _pair_for_v2(mappings, op.id, message)
        params = {k: v for k, v in params.items() if k not in CONFIGURED_PATH_PARAMS}
    report: Report = []
    source = {**message, paths.PATH_PARAMS: dict(params), paths.QUERY_PARAMS: dict(query)}
    out = engine.run(pair.request.plan(direction), source, report)
    out_params: dict[str, Any] = out.pop(paths.PATH_PARAMS, {})
    out_query: dict[str, Any] = out.pop(paths.QUERY_PARAMS, {})
    dst = pair.v2 if direction == "v1_to_v2" else pair.v1
    if target_version(direction) == "v2":
        prefix = dict(zip(CONFIGURED_PATH_PARAMS, (project_id, instance_id), strict=True))
        out_params = {**out_params, **prefix}
    url = fill(dst, {k: str(v) for k, v in out_params.items()})
    return Request(
        method=dst.method,
        path=url,
        query=out_query,
        body=engine.unwrap_body(out, dst.request is not None),
        op_id=dst.id,
        pair=pair,
        notes=_notes(report),
        content_type=(pair.v2_content_type if direction == "v1_to_v2" else None) or "application/json",
    )


def translate_response(direction: Direction, pair: OperationPair, status: int, body: JSON) -> Response:
    """Translate a response of ``pair``: success bodies by the table, error bodies by the error table."""
    dst = pair.v2 if direction == "v1_to_v2" else pair.v1
    if 200 <= status < 300:
        report: Report = []
        out = engine.run(pair.response.plan(direction), engine.wrap_body(body), report)
        return Response(dst.success_status, engine.unwrap_body(out, dst.response is not None), _notes(report))
    return translate_error(direction, status, body)


def translate_error(direction: Direction, status: int, body: JSON) -> Response:
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
        if direction == "v1_to_v2" and code == row.v1 and (row.v1_status in (None, status)):
            code = row.v2
            break
    return Response(status, {code_key: code, msg_key: body.get(msg_key)})


def route_request(
    direction: Direction,
    method: str,
    path: str,
    query: Mapping[str, str],
    *,
    project_id: str = "",
    instance_id: str = "",
) -> Request:
    """Translate a bodiless request given as method, path and raw query strings.

    Query values are typed by the source operation's query model first (``"2"`` -> ``2``), so that
    pagination and value maps see the documented types.
    """
    src_op, _ = match(source_version(direction), method, path)
    typed = typed_query(source_version(direction), src_op.id, query)
    return translate_request(
        direction, method, path, typed, None, project_id=project_id, instance_id=instance_id
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
