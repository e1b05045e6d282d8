"""Check a translated body against the target version's own model.

A translation whose output the target would refuse is an error (``Untranslatable``, naming the
target field and why: the table's reason for what was dropped in that place), never a success.
What a body alone cannot carry is reported, not refused:

- a value the target keeps in its body but the source keeps in its path or query (v1.0
  ``POST /apis/publish/{api_id}`` -> v2 body ``api_id``): ``convert`` sees the body only, so the
  note names the parameter (``translate_request`` and ``route`` carry it over);
- a field only the target has, declared lossy by the table with the reason saying who fills it
  (v2 ``acl.update`` needs ``entity_type``, which v1.0 never sends).

A required target field whose counterpart the source left out gets the target's documented
default when it has one (v1.0 ``api.create`` without ``req_protocol``: both versions document
HTTPS), with a note. Responses are what a server answered: absent fields and documented bounds are
not checked there (the docs rarely state them for response fields), only types and enums.
Values a ``pass`` policy let through out of range are reported already and are not errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from translator.errors import Untranslatable
from translator.mapping import paths
from translator.mapping.compiled import Action, PartPlan, Report, action_for
from translator.models import BOUND_ERRORS, location, message, models_for
from translator.spec import FieldSpec, OperationSpec, walk
from translator.types import JSON, Direction, Part

_MAX_FILLS = 50
"""Default-filling rounds at most (each round fills every default the last validation named)."""


def _fields(op: OperationSpec, part: Part) -> dict[str, FieldSpec]:
    body = op.request if part == "request" else op.response
    return dict(walk(body.root_fields())) if body is not None else {}


def _declared(lossy: Mapping[str, str], path: str) -> str | None:
    """The table's reason for ``path`` (or the lossy object holding it), if it declares one."""
    probe: str | None = path
    while probe:
        if probe in lossy:
            return lossy[probe]
        probe = paths.parent_field(probe)
        if probe == paths.ROOT_ARRAY:
            break
    return None


def _dropped_near(report: Report, source_path: str) -> str:
    """The reasons of what the translation dropped beside ``source_path`` (in the same object:
    ``members[].host`` beside ``members[].ecs_id``)."""
    parent = paths.parent_field(source_path)
    seen = dict.fromkeys(
        f"{path} was dropped: {detail}"
        for path, kind, detail in report
        if kind == "dropped" and paths.parent_field(path) == parent and path != source_path
    )
    return "; ".join(seen)


def _set(body: Any, loc: tuple[int | str, ...], value: Any) -> bool:
    node = body
    for key in loc[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    if not isinstance(node, dict):
        return False
    node[loc[-1]] = value
    return True


def _errors(op: OperationSpec, part: Part, body: JSON) -> list[Any]:
    model = models_for(op.version, op.id).part(part)
    if model is None:
        return []
    try:
        model.model_validate(body)
    except PydanticValidationError as exc:
        return list(exc.errors())
    return []


def check_output(
    plan: PartPlan,
    direction: Direction,
    source: OperationSpec,
    target: OperationSpec,
    part: Part,
    body: JSON,
    report: Report,
) -> JSON:
    """``body`` (translated by ``plan``) checked against ``target``'s model of ``part``.

    Returns the body, with documented defaults filled in; appends the notes to ``report``; raises
    ``Untranslatable`` for anything the target would refuse.
    """
    document = plan.document_v2 if direction == "v1_to_v2" else plan.document_v1
    if (target.request if part == "request" else target.response) is None or document == "":
        return body  # no body, or a document carried whole: nothing to check field by field
    to_target = plan.targets(direction)
    to_source = {t: s for s, t in to_target.items()}
    passed = {to_target.get(path, path) for path, kind, _ in report if kind == "passed"}
    lossy = plan.lossy_v2 if direction == "v1_to_v2" else plan.lossy_v1
    target_fields, source_fields = _fields(target, part), _fields(source, part)
    spec = target.request if part == "request" else target.response
    if spec is not None and spec.shape == "array" and body in ({}, None) and part == "request":
        origin = to_source.get(paths.ROOT_ARRAY)
        reason = f"the {source.version} body has no {origin}" if origin else ""
        raise Untranslatable(
            f"{target.version} {target.id}", paths.ROOT_ARRAY, "a JSON array is required", reason
        )
    noted: set[str] = set()
    for _ in range(_MAX_FILLS):
        filled = False
        for error in _errors(target, part, body):
            where = location(error["loc"])
            kind = error["type"]
            if where in passed or kind == "extra_forbidden":
                continue  # reported already; undocumented keys never reach here (the engine drops them)
            if part == "response" and (kind == "missing" or kind in BOUND_ERRORS):
                continue
            if kind != "missing":
                raise Untranslatable(f"{target.version} {target.id}", where, message(error))
            origin = to_source.get(where)
            if origin is None or origin.startswith((paths.PATH_PARAMS + ".", paths.QUERY_PARAMS + ".")):
                if where not in noted:
                    noted.add(where)
                    report.append((where, "needed", _needed(target, source, origin, lossy, where)))
                continue
            default = _default(
                target_fields.get(where), source_fields.get(origin), action_for(plan.plan(direction), origin)
            )
            if default is not None and _set(body, tuple(error["loc"]), default):
                report.append(
                    (where, "filled", f"absent; {target.version} requires it: its default {default!r}")
                )
                filled = True
                continue
            reason = _dropped_near(report, origin) or f"the {source.version} body has no {origin}"
            raise Untranslatable(f"{target.version} {target.id}", where, message(error), reason)
        if not filled:
            return body
    return body


def _needed(
    target: OperationSpec, source: OperationSpec, origin: str | None, lossy: Mapping[str, str], where: str
) -> str:
    if origin is not None:
        kind, _, name = origin.partition(".")
        place = "path" if kind == paths.PATH_PARAMS else "query"
        return f"{target.version} needs it in the body; it is the {source.version} {place} parameter {name}"
    reason = _declared(lossy, where) or f"{source.version} has no counterpart"
    return f"{target.version} needs it and the translation cannot give it: {' '.join(reason.split())}"


def _default(target: FieldSpec | None, source: FieldSpec | None, action: Action | None) -> Any:
    """The target's documented default, when the source documents none or the same one (its
    default translated by the row's value map: v1.0 ``instance`` is v2 ``ecs``)."""
    if target is None or target.default is None:
        return None
    if source is not None and source.default is not None:
        mapped = source.default
        if action is not None and action.values is not None:
            mapped = action.values.get(mapped, mapped)
        if mapped != target.default:
            return None
    return target.default
