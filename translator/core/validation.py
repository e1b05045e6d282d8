"""Validate path parameters, query and body of a request with the project's models, as the real
services do (the emulators serve with it; the shim checks v1.0 callers with it).

A violation becomes a documented 400 naming the field (``APIG.2001`` missing, ``APIG.2002``/``2003``
too small/large, ``APIG.2005``/``2006`` too short/long, ``APIG.2011`` anything else): see
:func:`documented_error`. Then the value rules the docs state in words (``translator.models.rules``):
the first rule broken is a 400 with its documented code (``translator.models.rules.code_for``), the
message naming the field, the rule and the sentence of the docs. Keys the operation does not
document are ignored, as the real service ignores them. Enum values sent in another letter case
than the documented one are given in the documented case, as the real service stores them. An
object a field also takes as a bare string (``bare_key`` in the spec) is given as the object
(``translator.models.bare``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from translator.core.apierrors import ApiError, parameter_error
from translator.models import bare, models_for
from translator.models.rules import RulePart, breaches, code_for
from translator.spec import FieldSpec, OperationSpec
from translator.spec.memo import by_identity
from translator.types import JSON, Version

_CODES = {
    "missing": "APIG.2001",
    "greater_than_equal": "APIG.2002",
    "greater_than": "APIG.2002",
    "less_than_equal": "APIG.2003",
    "less_than": "APIG.2003",
    "string_too_short": "APIG.2005",
    "too_short": "APIG.2005",
    "string_too_long": "APIG.2006",
    "too_long": "APIG.2006",
}


def location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as the docs name the field: ``a.b``, ``items[].name``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += "[]"
        elif not part.startswith(("literal[", "function-", "list[", "dict[")):
            out = f"{out}.{part}" if out else part
    return out


def documented_error(exc: ValidationError) -> ApiError | None:
    """The documented 400 for the first violation in ``exc`` (None when it only has undocumented keys)."""
    for err in exc.errors():
        if err["type"] == "extra_forbidden":
            continue
        return parameter_error(_CODES.get(err["type"], "APIG.2011"), location(err["loc"]) or "body")
    return None


def _raise_first(exc: ValidationError) -> None:
    err = documented_error(exc)
    if err is not None:
        raise err from None


def enforce(op: OperationSpec, part: RulePart, data: Any) -> None:
    """Raise the documented 400 for the first value rule ``data`` breaks (``part`` of ``op``)."""
    found = breaches(op.version, op.id, part, data)
    if found:
        first = found[0]
        field = first.field or "body"
        raise parameter_error(code_for(first, part), field, f"{field} {first.detail}")


def _known(fields: tuple[FieldSpec, ...], data: Mapping[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields}
    return {k: v for k, v in data.items() if k in names}


REMEMBERED = 4096
"""Valid path parameters and queries remembered per operation (a check is a pure function of
them; lists repeat the same few queries)."""
_SCALARS = (str, int, float, bool, type(None))


def path_params(op: OperationSpec, raw: Mapping[str, str]) -> dict[str, Any]:
    """The path parameters, checked against the operation's path model."""
    try:
        _checked_path(op.version, op.id, tuple(raw.items()))
    except TypeError:  # a value that cannot be a key: checked without remembering
        _check_path(op, raw)
    return dict(raw)


@lru_cache(maxsize=REMEMBERED)
def _checked_path(version: Version, op_id: str, items: tuple[tuple[str, Any], ...]) -> None:
    _check_path(models_for(version, op_id).op, dict(items))


def _check_path(op: OperationSpec, raw: Mapping[str, Any]) -> None:
    model = models_for(op.version, op.id).path
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        _raise_first(exc)
    enforce(op, "path", raw)


def query(op: OperationSpec, raw: Mapping[str, str]) -> dict[str, Any]:
    """The documented query parameters, typed (``"5"`` becomes ``5`` for an integer)."""
    data = _known(op.query, raw)
    try:
        typed = _typed_query(op.version, op.id, tuple(data.items()))
    except TypeError:  # a value that cannot be a key: typed without remembering
        return _type_query(op, data)
    return dict(typed) if typed is not None else _type_query(op, data)


@lru_cache(maxsize=REMEMBERED)
def _typed_query(
    version: Version, op_id: str, items: tuple[tuple[str, Any], ...]
) -> tuple[tuple[str, Any], ...] | None:
    """The typed query as pairs, or None when a typed value is not a plain scalar (not shared)."""
    typed = _type_query(models_for(version, op_id).op, dict(items))
    if not all(isinstance(v, _SCALARS) for v in typed.values()):
        return None
    return tuple(typed.items())


def _type_query(op: OperationSpec, data: Mapping[str, Any]) -> dict[str, Any]:
    model = models_for(op.version, op.id).query
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        _raise_first(exc)
        raise AssertionError("unreachable") from exc
    typed: dict[str, Any] = parsed.model_dump(by_alias=True, exclude_unset=True)
    enforce(op, "query", typed)
    return typed


def _strip(fields: tuple[FieldSpec, ...], data: Any) -> Any:
    """``data`` without keys the fields do not document (recursively)."""
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    by_name = _by_name(fields)
    for key, value in data.items():
        f = by_name.get(key)
        if f is None:
            continue
        if f.children and f.type == "object":
            value = _strip(f.children, value)
        elif f.children and f.type == "array" and isinstance(value, list):
            value = [_strip(f.children, item) for item in value]
        elif f.enum and isinstance(value, str):
            value = _canonical(f.enum, value)
        out[key] = value
    return out


@by_identity
def _by_name(fields: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    """The fields by name, worked out once per field list of the spec."""
    return {f.name: f for f in fields}


def _canonical(enum: tuple[Any, ...], value: str) -> str:
    """The documented spelling of an enum value the docs also accept in another letter case.

    The spec lists the documented form first (``GET`` before ``get``, which v1.0 samples send), and
    the real service stores and returns the documented form.
    """
    folded = value.casefold()
    for option in enum:
        if isinstance(option, str) and option.casefold() == folded:
            return option
    return value


def body(op: OperationSpec, data: JSON) -> JSON:
    """The request body checked against the operation's request model, undocumented keys dropped."""
    if op.request is None:
        return None
    if data is None:
        data = [] if op.request.shape == "array" else {}
    model = models_for(op.version, op.id).request
    assert model is not None
    if op.request.shape == "object" and not op.request.values and not isinstance(data, dict):
        raise ApiError("APIG.2000", "Parameter error: the body must be a JSON object")
    try:
        model.model_validate(data)
    except ValidationError as exc:
        _raise_first(exc)
    if op.request.shape == "object" and not op.request.values:
        data = _strip(op.request.fields, bare.expand(op.request.fields, data))
    enforce(op, "request", data)
    return data
