"""Check a translated message against the target version's models, knowing where it came from.

Stricter than a plain validation in two ways the round trips and sample tests rely on:

- a field the target requires must be present after translation, unless the source had nothing to
  fill it with (its counterpart was absent there too) or the table declares it lossy on the target
  side (with the reason the caller must fill it);
- response values must land in the target's documented range or length, unless the source
  documents no such bound for the field (the server that produced it is then trusted to have kept
  the target's limits, as the tables' compiler assumes) or a "pass" policy let it through.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import ValidationError

from translator.mapping import paths
from translator.mapping.compiled import PartPlan
from translator.models import BOUND_ERRORS, models_for
from translator.spec import FieldSpec, OperationSpec, walk

_LENGTH = frozenset({"too_short", "too_long", "string_too_short", "string_too_long"})


def _errors(op: OperationSpec, part: str, data: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    """(location, pydantic error type, message) of every violation of ``part``'s model."""
    model = models_for(op.version, op.id).part(part)  # type: ignore[arg-type]
    if model is None:
        return [] if data in (None, {}) else [((), "no_body", f"{op.id} takes no {part} body")]
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [(tuple(e["loc"]), e["type"], e["msg"]) for e in exc.errors()]
    return []


def _path(loc: tuple[Any, ...], prefix: str = "") -> str:
    """A pydantic location as a table path (``members[].ecs_id``); enum/validator tags dropped."""
    out = prefix
    for step in loc:
        if isinstance(step, int):
            out = f"{out}[]" if out else paths.ROOT_ARRAY
        elif not step.startswith(("literal[", "function-")):
            out = f"{out}.{step}" if out else step
    return out


def _indices(loc: tuple[Any, ...]) -> list[int]:
    return [step for step in loc if isinstance(step, int)]


def _present(message: Any, path: str, indices: list[int]) -> bool:
    """Whether ``message`` holds a value at ``path``, taking array items by the given indices."""
    node: Any = message
    parts = path.split(".") if path != paths.ROOT_ARRAY else [paths.ROOT_ARRAY]
    if parts[0].startswith(paths.ROOT_ARRAY):
        node = message.get("") if isinstance(message, dict) else message
        parts = [p for p in [parts[0][2:], *parts[1:]] if p]
        if not isinstance(node, list) or not indices or indices[0] >= len(node):
            return False
        node, indices = node[indices[0]], indices[1:]
    for part in parts:
        key, is_array = (part[:-2], True) if part.endswith("[]") else (part, False)
        if not isinstance(node, dict) or node.get(key) is None:
            return False
        node = node[key]
        if is_array:
            if not isinstance(node, list) or not indices or indices[0] >= len(node):
                return False
            node, indices = node[indices[0]], indices[1:]
    return True


def _bounded(f: FieldSpec | None, error_type: str) -> bool:
    if f is None:
        return False
    if error_type in _LENGTH:
        return f.min_length is not None or f.max_length is not None
    return f.minimum is not None or f.maximum is not None


_SOURCES: dict[tuple[int, bool], tuple[PartPlan, dict[str, str]]] = {}


def _sources(plan: PartPlan, forward: bool) -> dict[str, str]:
    """Target path -> source path of every mapped field (computed once per plan and direction)."""
    key = (id(plan), forward)
    if key not in _SOURCES or _SOURCES[key][0] is not plan:
        mapping = {v: k for k, v in plan.mapping.items()} if forward else dict(plan.mapping)
        _SOURCES[key] = (plan, mapping)
    return _SOURCES[key][1]


@cache
def _index(op: OperationSpec, part: str) -> dict[str, FieldSpec]:
    index = dict(walk(op.part(part) or ()))
    index.update({f"{paths.QUERY_PARAMS}.{f.name}": f for f in op.query})
    return index


def target_problems(
    plan: PartPlan,
    direction: str,
    src: OperationSpec,
    dst: OperationSpec,
    part: str,
    source: dict[str, Any],
    target: dict[str, Any],
    passed: set[str],
    opaque_body: bool = False,
) -> list[str]:
    """Every way the translated ``target`` (a message, as the engine sees it) fails ``dst``'s models.

    ``source`` is the message it was translated from, ``passed`` the target paths a "pass" policy
    let through out of range.
    """
    forward = direction == "v1_to_v2"
    back = _sources(plan, forward)
    lossy = plan.lossy_v2 if forward else plan.lossy_v1
    src_index = _index(src, part)
    checks: list[tuple[str, str, Any]] = []
    msg = dict(target)
    if part == "request":
        checks.append((paths.QUERY_PARAMS, "query", msg.pop(paths.QUERY_PARAMS, {})))
        msg.pop(paths.PATH_PARAMS, None)
    if not opaque_body:
        body: Any = msg.get("") if "" in msg else (msg or None)
        spec_body = dst.request if part == "request" else dst.response
        if spec_body is not None and body is None:
            body = [] if spec_body.shape == "array" else {}
        if not (spec_body is None and body is None):
            checks.append(("", part, body))
    found: list[str] = []
    for prefix, model_part, data in checks:
        for loc, error_type, text in _errors(dst, model_part, data):
            where = _path(loc, prefix)
            if where in passed:
                continue
            origin = back.get(where)
            if error_type == "missing":
                if where in lossy or (origin is not None and not _present(source, origin, _indices(loc))):
                    continue  # declared for the caller to fill, or the source lacked it too
                found.append(f"{where}: required, but missing although the source has {origin}")
                continue
            if (
                error_type in BOUND_ERRORS
                and part == "response"
                and not _bounded(src_index.get(origin or ""), error_type)
            ):
                continue  # the source documents no such bound: its server is trusted to keep the target's
            found.append(f"{where}: {text}")
    return found
