"""The models carry every documented field with its type, required flag, enum, range and length.

Checked through each model's JSON Schema (what a client or schemathesis sees), for every
operation part of both versions, against the spec data it was built from.
"""

from __future__ import annotations

from typing import Any

import pytest

from translator.errors import ValidationFailed
from translator.models import models_for, problems, validate
from translator.spec import FieldSpec, load_spec
from translator.types import Version

_JSON_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "object": "object",
    "array": "array",
}
OPS = [(v, op_id) for v in ("v1.0", "v2") for op_id in sorted(load_spec(v).operations)]  # type: ignore[arg-type]


def _deref(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    if "anyOf" in schema:  # nullable: T | None
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        if len(options) == 1:
            return _deref(options[0], defs)
    return schema


def _check_fields(
    fields: tuple[FieldSpec, ...], schema: dict[str, Any], defs: dict[str, Any], where: str
) -> None:
    schema = _deref(schema, defs)
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    for f in fields:
        assert f.name in props, f"{where}.{f.name}: documented field missing from the model"
        prop = _deref(props[f.name], defs)
        here = f"{where}.{f.name}"
        assert (f.name in required) == f.required, f"{here}: required flag differs"
        if f.enum is not None:
            assert sorted(map(repr, prop.get("enum", [prop.get("const")]))) == sorted(map(repr, f.enum)), here
        elif f.type in _JSON_TYPES and not (f.type == "object" and f.children):
            assert prop.get("type") == _JSON_TYPES[f.type], f"{here}: type {prop.get('type')} != {f.type}"
        for ours, theirs in (("minimum", "minimum"), ("maximum", "maximum")):
            if getattr(f, ours) is not None and f.type in ("integer", "number"):
                assert prop.get(theirs) == getattr(f, ours), f"{here}: {ours} differs"
        if f.type == "string":
            assert prop.get("minLength") == f.min_length and prop.get("maxLength") == f.max_length, here
        if f.type == "object" and f.children:
            _check_fields(f.children, prop, defs, here)
        if f.type == "array" and f.children:
            _check_fields(f.children, _deref(prop["items"], defs), defs, here + "[]")


@pytest.mark.parametrize(("version", "op_id"), OPS, ids=[f"{v}-{o}" for v, o in OPS])
def test_models_match_the_spec(version: Version, op_id: str) -> None:
    models = models_for(version, op_id)
    op = models.op
    for part, fields in (("path", op.path_params), ("query", op.query)):
        model = models.path if part == "path" else models.query
        schema = model.model_json_schema()
        _check_fields(fields, schema, schema.get("$defs", {}), f"{op_id} {part}")
    for part in ("request", "response"):
        model = models.part(part)  # type: ignore[arg-type]
        body = op.request if part == "request" else op.response
        assert (model is None) == (body is None)
        if model is None or body is None:
            continue
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        if body.shape == "array":
            assert schema["type"] == "array"
            item = _deref(schema["items"], defs)
            assert body.item is not None
            if body.item.children:
                _check_fields(body.item.children, item, defs, f"{op_id} {part}[]")
        elif body.fields:
            _check_fields(body.fields, schema, defs, f"{op_id} {part}")


def test_validation_names_the_field() -> None:
    body = {"name": "vpc_001", "type": 2, "vpc_instances": [{"instance_id": "i1", "instance_name": 7}]}
    with pytest.raises(ValidationFailed) as info:
        validate("v1.0", "vpc_channel.create", "request", body)
    assert info.value.field == "vpc_instances[].instance_name"


def test_models_are_strict_and_closed() -> None:
    assert problems("v1.0", "vpc_channel.create", "request", {"name": "vpc_001", "type": "2"})
    assert problems("v1.0", "vpc_channel.create", "request", {"name": "vpc_001", "type": 2, "nope": 1})
    assert problems("v1.0", "vpc_channel.create", "request", {"name": "vpc_001", "type": True})
    assert problems("v1.0", "vpc_channel.create", "request", {"name": "x", "type": 2})  # length 3-64
    assert problems("v2", "vpc_channel.create", "request", {"name": "vpc_001", "type": 2}) != []  # required
