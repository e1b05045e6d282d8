"""Paths, constants, type aliases and the error shared by the derivation modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent
SPEC_DIR = REPO / "translator" / "spec"
SAMPLES_DIR = REPO / "fixtures" / "samples"
OVERRIDES = REPO / "scripts" / "spec_overrides.yaml"

PREFIX = {"v1.0": "/v1.0/apigw", "v2": "/v2/{project_id}/apigw/instances/{instance_id}"}
VERSIONS = ("v1.0", "v2")
PARTS = ("path_params", "query", "request", "response")
TYPES = ("string", "integer", "number", "boolean", "object", "array", "any")
FIELD_KEY_ORDER = (
    "name",
    "type",
    "required",
    "conditional",
    "enum",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "pattern",
    "default",
    "nullable",
    "items",
    "children",
    "values",
    "bare_key",
    "rules",
)

Field = dict[str, Any]
Body = dict[str, Any]
Op = dict[str, Any]
Json = Any


class DerivationError(Exception):
    """Raised for anything that must stop the derivation (e.g. an override that matches nothing)."""
