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

from translator.errors import TranslationError, UnknownOperation, ValidationFailed
from translator.mapping import engine, paths
from translator.mapping.compiled import PartPlan, Report
from translator.mapping.load import CONFIGURED_PATH_PARAMS, OperationPair, load_error_table, load_mappings
from translator.mapping.strictness import rules_differ
from translator.mapping.verify import check_output
from translator.models import bare, message, models_for, validate
from translator.models.rules import breaches
from translator.spec import OperationSpec, load_spec
from translator.spec.paging import paging
from translator.spec.routes import fill, match
from translator.types import DIRECTIONS, JSON, Direction, Part, Version, source_version, target_version


class Note(NamedTuple):
    """One thing a translation did not carry over as it was."""

    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} ({self.detail})"


def _stricter(
    plan: PartPlan,
    direction: Direction,
    src: OperationSpec,
    dst: OperationSpec,
    part: Part,
    sent: JSON,
    translated: JSON,
    report: Report,
) -> None:
    """A ``stricter`` note per rule of ``dst`` (the target) the ``translated`` body breaks where the
    ``sent`` body breaks no rule of the source field: a value the source takes and the target
    refuses (``translator.mapping.strictness`` lists where; a pair whose target states no rule the
    source does not is not checked: ``rules_differ``). The note names the rule and the docs'
    sentence, never the value (it may be a secret); the body is left as it is."""
    found = breaches(dst.version, dst.id, part, translated)
    if not found:
        return
    broken = {b.field for b in breaches(src.version, src.id, part, sent)}
    if broken:
        to_target = plan.targets(direction)
        broken = {to_target.get(path, path) for path in broken}
    for breach in found:
        if breach.field not in broken:
            report.append(
                (breach.field or "body", "stricter", f"{dst.version} will refuse it: {breach.detail}")
            )


def _notes(report: Report) -> tuple[Note, ...]:
    """One note per (path, kind), in order of first appearance (a list of 500 items reports once)."""
    if not report:
        return ()
    first: dict[tuple[str, str], str] = {}
    # the items of a list repeat the same entry objects: drop repeats by identity first (no hashing)
    distinct = dict(zip(map(id, report), report, strict=True)).values()
    for path, kind, detail in dict.fromkeys(distinct):
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
    placeholders: tuple[str, ...] = ()
    """Path parameters left as ``{name}`` in ``path`` because no value was given (``route`` without
    ``--project-id``)."""


@dataclass(frozen=True, slots=True)
class TranslatedResponse:
    """A response translated to the other version."""

    status: int
    body: JSON
    notes: tuple[Note, ...] = ()


def convert(op_id: str, direction: Direction, part: Part, body: JSON, *, check: bool = True) -> Converted:
    """Translate a request or response body of v1.0 operation ``op_id`` in ``direction``.

    With ``check`` (the default) the body is validated against the source's model first and the
    translation against the target's after (``translator.mapping.verify``): a translation the
    target would refuse raises ``Untranslatable`` naming the field and the table's reason. The
    translation is then held to the target's stated rules (``translator.models.rules``): each rule
    it breaks (a value valid on the source side only) is a ``stricter`` note; the body is not
    changed.
    """
    pair = load_mappings().pair(op_id)
    forward = direction == "v1_to_v2"
    src_op, dst_op = (pair.v1, pair.v2) if forward else (pair.v2, pair.v1)
    if check:
        validate(src_op.version, src_op.id, part, body)
    body = bare.expand(src_op.part(part) or (), body)
    is_request = part == "request"
    part_plan = pair.request if is_request else pair.response
    report: Report = []
    out = engine.run(part_plan.plan(direction), engine.wrap_body(body), report)
    moved: dict[str, dict[str, Any]] | None = None
    for key in (paths.PATH_PARAMS, paths.QUERY_PARAMS):
        value = out.pop(key, None)
        if value:
            moved = {**(moved or {}), key: value}
    has_body = (dst_op.request if is_request else dst_op.response) is not None
    translated = engine.unwrap_body(out, has_body)
    if check:
        translated = check_output(part_plan, direction, src_op, dst_op, part, translated, report)
    if has_body and rules_differ(op_id, direction, part):
        _stricter(part_plan, direction, src_op, dst_op, part, body, translated, report)
    return Converted(translated, _notes(report), moved)


def translate_request(
    direction: Direction,
    method: str,
    path: str,
    query: Mapping[str, Any],
    body: JSON,
    *,
    project_id: str | None = "",
    instance_id: str | None = "",
    check: bool = True,
    ids: IdRewrite | None = None,
    path_values: Mapping[str, str] | None = None,
    stricter: bool = True,
) -> TranslatedRequest:
    """Translate a whole request: route it, map path, query and body, and fill the target URI.

    ``query`` holds typed values (see ``typed_query``); with ``check`` the body is validated
    against the source operation's request model first and the translated body against the
    target's after, as ``convert`` does. ``ids`` rewrites the ids of a v1.0 request before it is
    translated. ``path_values`` fills target path parameters the source request does not carry
    (the tables list them as lossy; a caller such as the shim looks them up first). A v2 target
    needs ``project_id`` and ``instance_id``; ``None`` leaves ``{project_id}`` (``{instance_id}``)
    in the URL and names it in ``placeholders``. With ``stricter`` (the default) a value the
    target's rules refuse is a ``stricter`` note; the shim, whose backend answers for its own
    rules, skips that check on its hot path.
    """
    mappings = load_mappings()
    src_version = source_version(direction)
    op, params = match(src_version, method, path)
    if check and op.request is not None:
        validate(src_version, op.id, "request", body)
    message = engine.wrap_body(bare.expand(op.part("request") or (), body))
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
    placeholders: tuple[str, ...] = ()
    if target_version(direction) == "v2":
        prefix = dict(zip(CONFIGURED_PATH_PARAMS, (project_id, instance_id), strict=True))
        placeholders = tuple(name for name, value in prefix.items() if value is None)
        out_params = {**out_params, **{k: v for k, v in prefix.items() if v is not None}}
    if path_values:
        out_params = {**path_values, **{k: v for k, v in out_params.items() if v not in (None, "")}}
    url = fill(dst, {k: str(v) for k, v in out_params.items()}, frozenset(placeholders))
    translated = engine.unwrap_body(out, dst.request is not None)
    if check:
        translated = check_output(pair.request, direction, op, dst, "request", translated, report)
    if stricter and dst.request is not None and rules_differ(pair.v1.id, direction, "request"):
        _stricter(pair.request, direction, op, dst, "request", message, translated, report)
    return TranslatedRequest(
        method=dst.method,
        path=url,
        query=out_query,
        body=translated,
        op_id=dst.id,
        pair=pair,
        notes=_notes(report),
        content_type=(pair.v2_content_type if direction == "v1_to_v2" else None) or "application/json",
        follow_pages=_asks_for_every_item(op, query),
        placeholders=placeholders,
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


def route_direction(path: str) -> Direction:
    """Which way a request of ``path`` translates: a v1.0 path goes to v2 and a v2 path to v1.0;
    anything else is an ``UnknownOperation`` saying what the two look like."""
    for direction in DIRECTIONS:
        first = load_spec(source_version(direction)).prefix.strip("/").split("/")[0]
        if path.startswith(f"/{first}/"):
            return direction
    v1, v2 = (load_spec(v).prefix for v in ("v1.0", "v2"))
    raise UnknownOperation(f"{path or '(empty)'} is neither a v1.0 path ({v1}/...) nor a v2 path ({v2}/...)")


def route_request(
    direction: Direction,
    method: str,
    path: str,
    query: Mapping[str, str],
    body: JSON = None,
    *,
    project_id: str | None = "",
    instance_id: str | None = "",
    ids: IdRewrite | None = None,
) -> TranslatedRequest:
    """Translate a request given as method, path, raw query strings and, optionally, its body.

    Query values are typed by the source operation's query model first (``"2"`` -> ``2``), so that
    pagination and value maps see the documented types. A body, when given, is validated; without
    one, only the path and query are translated (the result still shows what the translation puts
    into the target's body: values moved out of the path or query, and constants).
    """
    src_op, _ = match(source_version(direction), method, path)
    typed = typed_query(source_version(direction), src_op.id, query)
    return translate_request(
        direction,
        method,
        path,
        typed,
        body,
        project_id=project_id,
        instance_id=instance_id,
        check=body is not None,
        ids=ids,
    )


def typed_query(version: Version, op_id: str, query: Mapping[str, str]) -> dict[str, Any]:
    """Raw query strings typed by the operation's query model. Parameters the operation does not
    document stay as they are (the real services ignore them; a translation drops them with a
    note)."""
    model = models_for(version, op_id).query
    documented = {f.name for f in load_spec(version).operation(op_id).query}
    known = {k: v for k, v in query.items() if k in documented}
    try:
        parsed = model.model_validate(known)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ValidationFailed(loc, message(first)) from None
    typed: dict[str, Any] = parsed.model_dump(by_alias=True, exclude_unset=True)
    return {**{k: v for k, v in query.items() if k not in documented}, **typed}
