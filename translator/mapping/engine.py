"""The translation engine: runs a compiled plan over a JSON message. Pure functions, no I/O.

The engine knows no field names: every key it reads or writes comes from a plan compiled from the
tables. A message is one JSON object; a bare array body travels as the key ``""`` and a request's
path and query parameters as the objects ``@path`` and ``@query`` beside the body's fields.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from translator.errors import ConstantMismatch, OutOfRange, TranslationError
from translator.mapping.compiled import (
    ARRAY,
    COPY,
    DROP,
    NESTED,
    OBJECT,
    SPREAD,
    Action,
    ObjectPlan,
    PagePlan,
    Report,
    outside,
)
from translator.types import JSON, JSONObject


def _put(out: JSONObject, keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        nxt = out.get(key)
        if not isinstance(nxt, dict):
            nxt = out[key] = {}
        out = nxt
    out[keys[-1]] = value


def _copied(action: Action, value: Any, report: Report) -> Any:
    """The value a COPY action writes: enum value map, target enum check, transform."""
    if value is None:
        return None
    if action.values is not None:
        try:  # noqa: SIM105 (suppress() costs a call on this hot path)
            value = action.values.get(value, value)
        except TypeError:  # an unhashable value: not one of the enum's
            pass
    if action.allowed is not None and outside(value, action.allowed):
        report.append((action.src, "passed", "outside the target's documented values"))
    if action.transform is not None:
        value = action.transform(value, report)
    return value


def _container(out: JSONObject, keys: tuple[str, ...]) -> None:
    for key in keys:
        nxt = out.get(key)
        if not isinstance(nxt, dict):
            nxt = out[key] = {}
        out = nxt


def _object(plan: ObjectPlan, src: JSONObject, out: JSONObject, report: Report) -> None:
    actions = plan.actions
    renames = plan.renames
    for key, value in src.items():
        target = renames.get(key)
        if target is not None:
            out[target] = value
            continue
        action = actions.get(key)
        if action is None:
            if plan.document_to is not None and not key.startswith("@"):
                if plan.document_to:
                    out.setdefault(plan.document_to, {})[key] = value
                else:
                    out[key] = value
            elif plan.paging is None or key not in _paging_keys(plan.paging):
                where = f"{plan.path}.{key}" if plan.path else key
                report.append((where, "unknown", "not a documented field; dropped"))
            continue
        kind = action.kind
        if kind == COPY:
            if value is not None:
                value = _copied(action, value, report)
            dst = action.dst
            if len(dst) == 1:
                out[dst[0]] = value
            else:
                _put(out, dst, value)
        elif kind == SPREAD:
            document = _document(value)
            if document is None:
                report.append((action.src, "dropped", "not a JSON document (a file name or YAML text?)"))
            else:
                out.update(document)
        elif kind == NESTED:
            if isinstance(value, dict):
                inner = out.get(action.dst[0])
                if isinstance(inner, dict):
                    _object(action.child, value, inner, report)  # type: ignore[arg-type]
                else:
                    out[action.dst[0]] = fresh(action.child, value, report)  # type: ignore[arg-type]
            else:
                out[action.dst[0]] = value
        elif kind == OBJECT:
            if isinstance(value, dict):
                _container(out, action.dst)
                _object(action.child, value, out, report)  # type: ignore[arg-type]
            elif action.dst:
                _put(out, action.dst, value)
            elif value is not None:  # an object passed through into its parent: nowhere to put a scalar
                report.append((action.src, "dropped", "not an object"))
        elif kind == ARRAY:
            if isinstance(value, list):
                _put(out, action.dst, _items(action.child, value, report))  # type: ignore[arg-type]
            else:
                _put(out, action.dst, value)
        elif key in plan.expected:
            if value != plan.expected[key]:  # another operation's message: never translate it as this one
                raise ConstantMismatch(action.src, value, plan.expected[key])
        else:
            report.append((action.src, "dropped", action.reason))
    if plan.paging is not None:
        _page(plan.paging, src, out, plan.paging_dst, report)


def _items(plan: ObjectPlan, items: list[Any], report: Report) -> list[Any]:
    return [fresh(plan, item, report) if isinstance(item, dict) else item for item in items]


LAYOUTS_PER_PLAN = 64
"""Key layouts remembered per object plan (the items of one list mostly share one)."""


@dataclass(frozen=True, slots=True)
class _Layout:
    """What ``_object`` does with one key layout of a flat plan, worked out once: the output keys
    in order (``dst``) and their values (``get``: plain copies as they are, the rest replaced by
    ``steps``), and the steps in source order: report entries to add, or a key whose action runs."""

    dst: tuple[str, ...]
    get: Callable[[JSONObject], tuple[Any, ...]] | None
    steps: tuple[tuple[str, Action | None, tuple[tuple[str, str, str], ...]], ...]
    drop: tuple[str, ...] | None
    """When every output key is its source key: the source keys not in the output (a copy of the
    source without them is the output, in the same order, and cheaper than building it)."""


def _is_flat(plan: ObjectPlan) -> bool:
    """Every action writes one key of the object's own output (distinct keys) or nothing, and no
    paging or document runs on it: then one layout's output can be built in one go."""
    if plan.document_to is not None or plan.paging is not None:
        return False
    seen: set[str] = set()
    for action in plan.actions.values():
        if action.kind == DROP:
            continue
        if action.kind not in (COPY, ARRAY, NESTED) or len(action.dst) != 1 or action.dst[0] in seen:
            return False
        seen.add(action.dst[0])
    return True


def _layout(plan: ObjectPlan, keys: tuple[str, ...]) -> _Layout:
    renames, actions = plan.renames, plan.actions
    dst: list[str] = []
    kept: list[str] = []
    steps: list[tuple[str, Action | None, tuple[tuple[str, str, str], ...]]] = []
    entries: list[tuple[str, str, str]] = []
    for key in keys:
        if key in renames:
            dst.append(renames[key])
            kept.append(key)
            continue
        action = actions.get(key)
        if action is None:
            entries.append(
                (f"{plan.path}.{key}" if plan.path else key, "unknown", "not a documented field; dropped")
            )
        elif action.kind == DROP and key not in plan.expected:
            entries.append((action.src, "dropped", action.reason))
        else:
            if entries:
                steps.append(("", None, tuple(entries)))
                entries = []
            steps.append((key, action, ()))
            if action.kind != DROP:
                dst.append(action.dst[0])
                kept.append(key)
    if entries:
        steps.append(("", None, tuple(entries)))
    drop = tuple(key for key in keys if key not in kept) if dst == kept else None
    get: Callable[[JSONObject], tuple[Any, ...]] | None = None
    if len(kept) == 1:
        only = kept[0]
        get = lambda src: (src[only],)  # noqa: E731
    elif kept:
        get = itemgetter(*kept)
    return _Layout(tuple(dst), get, tuple(steps), drop)


def fresh(plan: ObjectPlan, src: JSONObject, report: Report) -> JSONObject:
    """``src`` translated into a new object: what ``_object`` writes into an empty one.

    A flat plan (``_is_flat``) works out once per key layout what the output's keys are and which
    values need more than a copy; then an object of a known layout is built in one go, and only
    those values go through their actions (the report entries come in the same order)."""
    flat = plan.flat
    if flat is None:
        plan.layouts = {}  # before ``flat``: whoever sees ``flat`` set finds the cache (threads)
        flat = plan.flat = _is_flat(plan)
    if not flat:
        out: JSONObject = {}
        _object(plan, src, out, report)
        return out
    keys = tuple(src)
    layouts: dict[tuple[str, ...], _Layout] = plan.layouts  # type: ignore[assignment]
    layout = layouts.get(keys)
    if layout is None:
        layout = _layout(plan, keys)
        if len(layouts) < LAYOUTS_PER_PLAN:
            layouts[keys] = layout
    if layout.drop is not None:
        out = src.copy()
        for key in layout.drop:
            del out[key]
    else:
        out = dict(zip(layout.dst, layout.get(src), strict=True)) if layout.get is not None else {}
    for key, action, entries in layout.steps:
        if action is None:
            report.extend(entries)
            continue
        value = src[key]
        kind = action.kind
        if kind == COPY:
            out[action.dst[0]] = _copied(action, value, report)
        elif kind == ARRAY:
            out[action.dst[0]] = _items(action.child, value, report) if isinstance(value, list) else value  # type: ignore[arg-type]
        elif kind == NESTED:
            out[action.dst[0]] = fresh(action.child, value, report) if isinstance(value, dict) else value  # type: ignore[arg-type]
        elif value != plan.expected[key]:  # a constant of another operation's message
            raise ConstantMismatch(action.src, value, plan.expected[key])
    return out


def _document(value: Any) -> JSONObject | None:
    """A document carried in a field: a JSON object, or text holding one."""
    if isinstance(value, dict):
        return value
    if isinstance(value, (str, bytes)):
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's stack
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


INT64_MAX = 2**63 - 1
"""The largest offset or page number either API can take (64-bit signed integers)."""


def _bounded(name: str, value: int, given: object) -> int:
    if value > INT64_MAX:
        raise OutOfRange(name, given, f"0..{INT64_MAX} (offsets and pages are 64-bit integers)")
    return value


def _paging_keys(pp: PagePlan) -> tuple[str, str]:
    return (pp.page_no, pp.page_size) if pp.direction == "v1_to_v2" else (pp.offset, pp.limit)


def _int(value: Any, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise TranslationError(f"{name}: {value!r} is not an integer") from None
    if number < 0:
        raise TranslationError(f"{name}: {value!r} is negative")
    return _bounded(name, number, value)


def _page(pp: PagePlan, src: JSONObject, root: JSONObject, at: tuple[str, ...], report: Report) -> None:
    """Page number and size <-> offset and limit, written into the query object at ``at``."""
    out: JSONObject = root
    for key in at:
        out = out.setdefault(key, {})
    if pp.direction == "v1_to_v2":
        raw_no, raw_size = src.get(pp.page_no), src.get(pp.page_size)
        size = pp.v1_default_size if raw_size is None else _int(raw_size, pp.page_size)
        if pp.v1_all_size is not None and size == pp.v1_all_size:
            report.append((pp.page_size, "changed", f"{size} (every item) -> pages of {pp.v2_max_limit}"))
            out[pp.limit] = pp.v2_max_limit
            out[pp.offset] = 0
            return
        if size < 1:
            raise TranslationError(f"{pp.page_size}: must be at least 1")
        if size > pp.v2_max_limit:
            report.append((pp.page_size, "clamped", f"{size} -> {pp.v2_max_limit} (v2 limit maximum)"))
            size = pp.v2_max_limit
        if raw_size is not None or size != pp.v2_default_limit:
            out[pp.limit] = size
        if raw_no is not None:
            number = _int(raw_no, pp.page_no)
            if number < 1:
                raise TranslationError(f"{pp.page_no}: must be at least 1")
            out[pp.offset] = _bounded(pp.page_no, (number - 1) * size, raw_no)
        return
    raw_offset, raw_limit = src.get(pp.offset), src.get(pp.limit)
    limit = pp.v2_default_limit if raw_limit is None else _int(raw_limit, pp.limit)
    if limit < 1:
        raise TranslationError(f"{pp.limit}: must be at least 1")
    if limit > pp.v1_max_size:
        report.append((pp.limit, "clamped", f"{limit} -> {pp.v1_max_size} (v1.0 page_size maximum)"))
        limit = pp.v1_max_size
    if raw_limit is not None or limit != pp.v1_default_size:
        out[pp.page_size] = limit
    if raw_offset is not None:
        offset = _int(raw_offset, pp.offset)
        if offset % limit:
            report.append((pp.offset, "rounded", f"offset {offset} is not a multiple of {limit}"))
        out[pp.page_no] = _bounded(pp.offset, offset // limit + 1, raw_offset)


def run(plan: ObjectPlan, message: JSONObject, report: Report) -> JSONObject:
    """Translate one message (an object) with ``plan``; what is not carried over goes to ``report``."""
    out = fresh(plan, message, report)
    if plan.document_to:
        out.setdefault(plan.document_to, {})  # an empty document is still a document
    for keys, value in plan.constants:
        _put(out, keys, value)
    return out


def wrap_body(body: JSON) -> JSONObject:
    """A body as a message: an object as it is, a bare array under the key ``""``."""
    if body is None:
        return {}
    if isinstance(body, list):
        return {"": body}
    if not isinstance(body, dict):
        raise TranslationError(f"a body must be a JSON object or array, not {type(body).__name__}")
    return body


def unwrap_body(message: JSONObject, has_body: bool) -> JSON:
    """The inverse of ``wrap_body``: ``None`` when the target takes no body and nothing is left."""
    if "" in message:
        return message[""]
    if not has_body and not message:
        return None
    return message
