"""Type aliases shared across the package."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

JSON: TypeAlias = Any
JSONObject: TypeAlias = dict[str, Any]
Version: TypeAlias = Literal["v1.0", "v2"]
Direction: TypeAlias = Literal["v1_to_v2", "v2_to_v1"]
Part: TypeAlias = Literal["query", "request", "response"]
FieldType: TypeAlias = Literal["string", "integer", "number", "boolean", "object", "array", "any"]

VERSIONS: tuple[Version, Version] = ("v1.0", "v2")
DIRECTIONS: tuple[Direction, Direction] = ("v1_to_v2", "v2_to_v1")


def source_version(direction: Direction) -> Version:
    """The version a translation in ``direction`` reads."""
    return "v1.0" if direction == "v1_to_v2" else "v2"


def target_version(direction: Direction) -> Version:
    """The version a translation in ``direction`` writes."""
    return "v2" if direction == "v1_to_v2" else "v1.0"
