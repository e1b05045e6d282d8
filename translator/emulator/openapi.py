"""The emulator's own OpenAPI 3 document, generated from the models of the operations it serves.

Paths come from the spec (v2: the configured project and instance filled in); request and
response schemas are the pydantic models' ``model_json_schema``, the request schemas and query
parameters with the docs' value rules added (``openapi_rules``); every error status carries the
documented error body.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from translator.core.apierrors import error_schema
from translator.emulator.config import EmulatorConfig
from translator.emulator.declare import Registry
from translator.emulator.openapi_rules import field_rules, object_rules
from translator.models import models_for
from translator.spec import FieldSpec, OperationSpec, load_spec

_REF = "#/components/schemas/{model}"
_ERROR_STATUSES = ("400", "401", "403", "404", "409", "412", "429", "500", "501", "503")
_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


def _open(schema: Any) -> Any:
    """``schema`` without ``additionalProperties: false`` at any depth.

    Request bodies: the real gateway ignores fields it does not document (its own doc samples send
    some: ``vpc_proxy_host`` in api.update, ``user_data`` inside authorizer identities), the
    emulators drop them (``core.validation``) and ``convert`` drops them with a note; the document
    says the same. Responses keep ``false``: the emulator answers documented fields only.
    """
    if isinstance(schema, dict):
        return {k: _open(v) for k, v in schema.items() if not (k == "additionalProperties" and v is False)}
    if isinstance(schema, list):
        return [_open(v) for v in schema]
    return schema


def _schema(model: type[BaseModel], components: dict[str, Any], *, request: bool = False) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, ref_template=_REF)
    if request:
        schema = _open(schema)
    components.update(schema.pop("$defs", {}))
    name = model.__name__
    components[name] = schema
    return {"$ref": _REF.format(model=name)}


def _param_schema(f: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _TYPES.get(f.type, "string")}
    if f.enum is not None:
        out["enum"] = list(f.enum)
    for key, value in (("minimum", f.minimum), ("maximum", f.maximum)):
        if value is not None and f.type in ("integer", "number"):
            out[key] = value
    for key, value in (("minLength", f.min_length), ("maxLength", f.max_length)):
        if value is not None and f.type == "string":
            out[key] = value
    field_rules(out, f)
    return out


def _operation(op: OperationSpec, components: dict[str, Any]) -> dict[str, Any]:
    models = models_for(op.version, op.id)
    fixed = {"project_id", "instance_id"}
    params: list[dict[str, Any]] = [
        {"name": f.name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for f in op.path_params
        if f.name not in fixed
    ]
    params += [
        {"name": f.name, "in": "query", "required": f.required, "schema": _param_schema(f)} for f in op.query
    ]
    success: dict[str, Any] = {"description": "success"}
    if models.response is not None and op.success_status != 204:
        success["content"] = {"application/json": {"schema": _schema(models.response, components)}}
    error = {"description": "documented error", "content": {"application/json": {"schema": error_schema()}}}
    out: dict[str, Any] = {
        "operationId": op.id,
        "summary": op.title,
        "parameters": params,
        "responses": {str(op.success_status): success, **dict.fromkeys(_ERROR_STATUSES, error)},
    }
    if models.request is not None:
        schema = _schema(models.request, components, request=True)
        object_rules(schema, op.part("request") or (), components)
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": schema}}}
    return out


def openapi_document(registry: Registry, config: EmulatorConfig) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the operations ``registry`` serves."""
    spec = load_spec(registry.dialect.version)
    components: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for op_id in sorted(registry.handlers):
        op = spec.operation(op_id)
        path = op.path.replace("{project_id}", config.project_id).replace("{instance_id}", config.instance_id)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"API Gateway {registry.dialect.version} emulator", "version": "1.0"},
        "paths": paths,
        "components": {"schemas": components},
    }
