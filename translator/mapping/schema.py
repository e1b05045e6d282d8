"""The schema of a mapping table (one YAML file per resource family in ``mappings/``).

A table is data only. It says, per paired operation, which fields differ between the v1.0 and the
v2 shapes; fields with the same name under corresponding parents map implicitly. Both directions of
translation come from the same rows. See ``mappings/README.md`` for the file format with examples.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool
RangePolicy = Literal["clamp", "reject", "pass"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldRow(_Strict):
    """One field that differs between the versions: a rename, a value map, a range policy."""

    v1: str
    v2: str
    values: dict[str, Scalar] | None = None
    """v1.0 value -> v2 value, for enums whose values differ (keys are the v1.0 values as text)."""
    case: Literal["upper", "lower"] | None = None
    """Letter case of the v2 value: v1.0 -> v2 changes the case, v2 -> v1.0 keeps it."""
    convert: bool = False
    """The value changes JSON type (e.g. the string "12" <-> the integer 12); a value that does not
    convert is an error naming the field."""
    out_of_range: RangePolicy | None = None
    """What happens to a value valid on the source side only: clamp it, reject it, pass it on."""
    reason: str | None = None


class Include(_Strict):
    """Apply a named shape's rows with both sides' paths prefixed (e.g. list items)."""

    shape: str
    v1_at: str = ""
    v2_at: str = ""


class Shape(_Strict):
    """Rows shared by several operations (a resource's body), with paths relative to the shape."""

    fields: list[FieldRow] = Field(default_factory=list)
    only_v1: dict[str, str] = Field(default_factory=dict)
    only_v2: dict[str, str] = Field(default_factory=dict)


class Constants(_Strict):
    """Values written on one side only (e.g. v2 ``action: online``); consumed when read."""

    v1: dict[str, Scalar] = Field(default_factory=dict)
    v2: dict[str, Scalar] = Field(default_factory=dict)


class Document(_Strict):
    """A body that is a document (a Swagger file), carried over whole rather than field by field.

    ``v1``/``v2`` name the field that holds the document on that side; ``""`` means the whole body.
    """

    v1: str = ""
    v2: str = ""
    reason: str


class PartTable(Shape):
    """The rows of one part (query, request body or response body) of one operation."""

    include: list[Include] = Field(default_factory=list)
    constants: Constants = Field(default_factory=Constants)
    document: Document | None = None


class QueryTable(PartTable):
    pagination: bool = False
    """The query pages: v1.0 page number and size <-> v2 offset and limit, as ``spec/paging.py``
    describes both operations (both must page)."""


class OperationTable(_Strict):
    """The mapping of one v1.0 operation onto its v2 counterpart."""

    v2: str
    path_params: dict[str, str] = Field(default_factory=dict)
    """v1.0 path parameter -> v2 path parameter; unlisted ones pair up by position."""
    query: QueryTable = Field(default_factory=QueryTable)
    request: PartTable = Field(default_factory=PartTable)
    response: PartTable = Field(default_factory=PartTable)
    note: str | None = None
    v2_content_type: str | None = None
    """How the v2 request body travels when it is not JSON (``multipart/form-data``)."""


class Table(_Strict):
    """One mapping table file: a resource family."""

    family: str
    description: str
    shapes: dict[str, Shape] = Field(default_factory=dict)
    operations: dict[str, OperationTable] = Field(default_factory=dict)
    """Keyed by the v1.0 operation id."""
    unsupported: dict[str, str] = Field(default_factory=dict)
    """v1.0 operation id -> why it has no v2 counterpart."""


class ErrorCodeRow(_Strict):
    """A v2 error code that means something else (or nothing) to a v1.0 caller."""

    v1: str
    v2: str
    v1_status: int | None = None
    """The status the v1.0 caller gets, where it differs from the v2 status."""
    reverse: bool = True
    """Whether a v1.0 -> v2 translation undoes the row (False where the v1.0 code has causes of its
    own, e.g. every v1.0 system error is not a missing v2 instance)."""
    reason: str


class ErrorTable(_Strict):
    """``mappings/errors.yaml``: error bodies and codes between the versions."""

    description: str
    code_field: str
    message_field: str
    """The keys of an error body (the same in both versions)."""
    codes: list[ErrorCodeRow] = Field(default_factory=list)
    status: dict[int, int] = Field(default_factory=dict)
    """v2 error status -> v1.0 error status where they differ."""
