"""Pydantic models of every documented operation, built from the spec data.

One model per operation part (path parameters, query, request body, response body) per API version,
generated when first asked for from ``translator.spec``, so that the models can never drift from
the spec data. Models are strict (no type coercion, except in query and path models whose values
arrive as strings) and forbid unknown keys. JSON keys are kept as aliases, so a key such as
``X-Auth-Token`` or ``schema`` needs no Python spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, create_model
from pydantic import ValidationError as PydanticValidationError

from translator.errors import ValidationFailed
from translator.models import bare
from translator.spec import BodySpec, FieldSpec, OperationSpec, load_spec
from translator.types import JSON, Part, Version

__all__ = ["OperationModels", "location", "message", "models_for", "problems", "validate"]

_SCALARS: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool, "any": Any}
_STRICT = ConfigDict(strict=True, extra="forbid", populate_by_name=False)
_LAX = ConfigDict(strict=False, extra="forbid", populate_by_name=False)


@dataclass(frozen=True, slots=True)
class OperationModels:
    """The models of one operation of one version."""

    op: OperationSpec
    path: type[BaseModel]
    query: type[BaseModel]
    request: type[BaseModel] | None
    response: type[BaseModel] | None

    def part(self, part: Part) -> type[BaseModel] | None:
        if part == "query":
            return self.query
        return self.request if part == "request" else self.response


def _camel(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^0-9A-Za-z]+", text) if w)


def _reject_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a boolean is not an integer")
    return value


def _annotation(f: FieldSpec, model_name: str, config: ConfigDict) -> Any:
    """The Python type of ``f`` with its enum; nested objects become nested models."""
    if f.type == "object" and f.values is not None:
        ann: Any = dict[str, _annotation(f.values, f"{model_name}Value", config)]  # type: ignore[misc]
    elif f.type == "object":
        ann = _object_model(f.children, model_name, config) if f.children else dict[str, Any]
        if f.bare_key is not None:
            ann = Annotated[ann, BeforeValidator(bare.wrap(f.bare_key))]
    elif f.type == "array":
        if f.children:
            ann = list[_object_model(f.children, model_name, config)]  # type: ignore[misc]
        else:
            ann = list[_SCALARS.get(f.items or "any", Any)]  # type: ignore[misc]
    elif f.enum is not None:
        ann = Literal[tuple(f.enum)]
        if f.type == "integer":
            ann = Annotated[ann, BeforeValidator(_reject_bool)]
    else:
        ann = _SCALARS[f.type]
    return ann | None if f.nullable else ann


def _field_info(f: FieldSpec) -> Any:
    numeric = f.type in ("integer", "number")
    sized = f.type in ("string", "array")
    return Field(
        default=... if f.required else None,
        alias=f.name,
        ge=f.minimum if numeric else None,
        le=f.maximum if numeric else None,
        min_length=f.min_length if sized else None,
        max_length=f.max_length if sized else None,
        pattern=f.pattern if f.type == "string" else None,
    )


def _object_model(fields: tuple[FieldSpec, ...], name: str, config: ConfigDict) -> type[BaseModel]:
    definitions: dict[str, Any] = {}
    for i, f in enumerate(fields):
        child_name = f"{name}{_camel(f.name)}"
        definitions[f"f{i}"] = (_annotation(f, child_name, config), _field_info(f))
    model: type[BaseModel] = create_model(name, __config__=config, **definitions)
    return model


def _body_model(body: BodySpec | None, name: str) -> type[BaseModel] | None:
    if body is None:
        return None
    if body.shape == "array":
        assert body.item is not None
        item = _annotation(body.item, f"{name}Item", _STRICT)
        root: type[BaseModel] = RootModel[list[item]]  # type: ignore[valid-type]
        return root
    if body.values is not None and not body.fields:
        value = _annotation(body.values, f"{name}Value", _STRICT)
        mapping: type[BaseModel] = RootModel[dict[str, value]]  # type: ignore[valid-type]
        return mapping
    return _object_model(body.fields, name, _STRICT)


@cache
def models_for(version: Version, op_id: str) -> OperationModels:
    """The models of operation ``op_id`` of ``version`` (built once, then cached)."""
    op = load_spec(version).operation(op_id)
    base = f"{_camel(op_id)}{'V1' if version == 'v1.0' else 'V2'}"
    return OperationModels(
        op=op,
        path=_object_model(op.path_params, f"{base}Path", _LAX),
        query=_object_model(op.query, f"{base}Query", _LAX),
        request=_body_model(op.request, f"{base}Request"),
        response=_body_model(op.response, f"{base}Response"),
    )


def location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a table path: ``members[].ecs_id``, ``[].name``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += "[]"
        elif part not in ("function-before[_reject_bool(), literal]",) and not part.startswith(
            ("literal[", "function-")
        ):
            out = f"{out}.{part}" if out else part
    return out


_OBJECT_ERRORS = frozenset({"model_type", "model_attributes_type", "dict_type"})


def message(error: Any) -> str:
    """A pydantic error's message as a user reads it: no internal model class names."""
    if error["type"] in _OBJECT_ERRORS:
        return "Input should be a JSON object"
    text: str = error["msg"]
    return text


def validate(version: Version, op_id: str, part: Part, data: JSON) -> None:
    """Check ``data`` against the model of ``part``; raise ``ValidationFailed`` naming the field.

    Keys the operation does not document are not an error: the real services ignore them (see
    ``translator.core.validation``), and a translation drops them with a note.
    """
    model = models_for(version, op_id).part(part)
    if model is None:
        if data not in (None, b"", ""):
            raise ValidationFailed("", f"{version} {op_id} takes no {part} body")
        return
    try:
        model.model_validate(data)
    except PydanticValidationError as exc:
        for error in exc.errors():
            if error["type"] != "extra_forbidden":
                raise ValidationFailed(location(error["loc"]), message(error)) from None


BOUND_ERRORS = frozenset(
    {
        "too_short",
        "too_long",
        "string_too_short",
        "string_too_long",
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
    }
)
"""Pydantic error types of a range or length bound."""


def problems(
    version: Version,
    op_id: str,
    part: Part,
    data: JSON,
    *,
    ignore_missing: bool = False,
    ignore: frozenset[str] = frozenset(),
) -> list[str]:
    """Every way ``data`` violates the model of ``part`` as ``"field: message"`` lines.

    With ``ignore_missing``, absent required fields are not reported (used where a translation
    cannot know a value the target requires and the caller fills it in, e.g. from stored state).
    ``ignore`` names further pydantic error types not to report (e.g. ``BOUND_ERRORS``).
    """
    model = models_for(version, op_id).part(part)
    if model is None:
        return [] if data in (None, {}) else [f"{version} {op_id} takes no {part} body"]
    try:
        model.model_validate(data)
    except PydanticValidationError as exc:
        return [
            f"{location(e['loc'])}: {message(e)}"
            for e in exc.errors()
            if not (ignore_missing and e["type"] == "missing") and e["type"] not in ignore
        ]
    return []
