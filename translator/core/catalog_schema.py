"""The schema of ``mappings/catalog.yaml`` (pydantic): one entry per resource of one API version.

Checked here is only the shape of an entry; what it names (operations, fields, other resources)
is checked against the spec by :mod:`translator.core.catalog` when the catalog is loaded.
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role: TypeAlias = Literal["create", "get", "update", "delete", "list"]
ROLES: tuple[Role, ...] = ("create", "get", "update", "delete", "list")
BodyPart: TypeAlias = Literal["path", "query", "request", "response"]
OWN = "own"
"""In a per-operation ``fields`` entry: the field holds the resource's own id."""

_CODE = r"^APIG\.\d{4}$"
_NAME = r"^[a-z][a-z0-9_]*$"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RefEntry(_Entry):
    """The resource whose id a field holds; ``when``: only if sibling fields have these values."""

    resource: str
    when: dict[str, str | int] = Field(default_factory=dict)
    joined: str | None = None
    """The field may hold several ids joined by this separator (e.g. ``|``)."""

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"resource": value} if isinstance(value, str) else value


class ParentEntry(_Entry):
    """The resource a document lives under: the field holding the parent's id, and the path
    parameter naming it in the operations' URLs (none when the parent travels in the body)."""

    resource: str
    field: str
    param: str | None = None


class DeleteFirstEntry(_Entry):
    """Documents of ``resource`` whose ``field`` names this one block its deletion with ``code``."""

    resource: str
    field: str
    code: str = Field(pattern=_CODE)


class ResourceEntry(_Entry):
    """One resource of one API version (see ``mappings/catalog.yaml`` for the meaning of each key)."""

    label: str = Field(min_length=1)
    not_found: str | None = Field(default=None, pattern=_CODE)
    id_field: str = "id"
    id_param: str | None = None
    aliases: tuple[str, ...] = ()
    ops: dict[Role, str] = Field(default_factory=dict)
    special: dict[str, str] = Field(default_factory=dict)
    parent: ParentEntry | None = None
    references: dict[str, RefEntry] = Field(default_factory=dict)
    shows: dict[str, RefEntry] = Field(default_factory=dict)
    items: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    fields: dict[str, dict[BodyPart, dict[str, RefEntry | None]]] = Field(default_factory=dict)
    delete_first: tuple[DeleteFirstEntry, ...] = ()

    @model_validator(mode="after")
    def _special_names(self) -> ResourceEntry:
        for name in self.special:
            if not re.match(_NAME, name) or name in ROLES:
                raise ValueError(f"special operation name {name!r} must be snake_case and not a role")
        return self
