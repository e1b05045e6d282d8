"""What a resource declaration says, and the per-request context handlers receive.

A :class:`Resource` declares one resource of one API version on top of its catalog entry
(:mod:`translator.core.catalog`: name, label, operations by role, id parameter and field, parent,
references, what blocks its deletion, the not-found code). The emulator adds its store kind
(unique keys, quota), server-side fields, list filters, counted fields, cascades and hooks. The
generic handlers in ``crud`` serve every role from these declarations; hooks are for behaviour
that is really special.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from translator.core import catalog
from translator.emulator.config import EmulatorConfig
from translator.emulator.store import Doc, ResourceKind, Store
from translator.emulator.store_errors import KeySpec
from translator.spec import OperationSpec
from translator.types import Version

Handler = Callable[["Call"], Any]
Gen = Callable[["Call", Doc], Any]
Prepare = Callable[["Call", Doc, Doc | None], None]
View = Callable[["Call", Doc], Doc]
FilterHook = Callable[["Call", Any, bool], Callable[[Doc], bool]]
"""A computed list filter: (call, query value, fuzzy) -> predicate on the listed documents."""
MAX_OFFSET = 2**62
"""Offsets past any list are clamped here (SQLite integers are 64-bit)."""


class Ids:
    """Ids (32 lowercase hex), secrets and timestamps; reproducible with a seed. Thread-safe."""

    def __init__(self, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed) if seed is not None else None

    def hex(self, bits: int = 128) -> str:
        if self._rng is None:
            return uuid.uuid4().hex if bits == 128 else f"{random.getrandbits(bits):0{bits // 4}x}"
        with self._lock:
            return f"{self._rng.getrandbits(bits):0{bits // 4}x}"

    def uuid(self) -> str:
        """A dashed UUID, as v1.0 shows app keys."""
        return str(uuid.UUID(self.hex()))

    def token(self, length: int, *, letter_first: bool = False) -> str:
        """Letters and digits (``letter_first``: starting with a letter, as a signature key must)."""
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        alphabet = letters + "0123456789"
        with self._lock:
            rng = self._rng or random.SystemRandom()
            first = rng.choice(letters if letter_first else alphabet)
            return first + "".join(rng.choice(alphabet) for _ in range(length - 1))

    @staticmethod
    def now() -> str:
        """The current UTC time as the docs show it, e.g. ``2020-07-31T06:55:55.383169Z``."""
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Dialect:
    """What differs between the two APIs' conventions (masking; paging is the spec's)."""

    version: Version
    mask_secrets: bool = False
    """Responses show secret fields (``translator.redact.is_secret``) as the mask, as v1.0 does."""
    precise_param: str = "precise_search"
    total_field: str = "total"
    size_field: str = "size"


@dataclass(frozen=True)
class Resource:
    """Declaration of one resource of one API version (see the module docstring)."""

    entry: catalog.Resource
    unique: tuple[KeySpec, ...] = ()
    duplicate: str = "APIG.3309"
    duplicate_by: Mapping[KeySpec, str] = field(default_factory=dict)
    server: Mapping[str, Gen] = field(default_factory=dict)
    touch: tuple[str, ...] = ()
    fuzzy: frozenset[str] = frozenset()
    filters: Mapping[str, str | FilterHook | None] = field(default_factory=dict)
    counts: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    cascade: tuple[tuple[str, str], ...] = ()
    embedded: Mapping[str, str] = field(default_factory=dict)
    quota: int | None = None
    quota_code: str = "APIG.3100"
    wrong_parent: str | None = None
    """Code when the document exists under another parent than the path's (default: not found)."""
    prepare: Prepare | None = None
    view: View | None = None
    kind: ResourceKind = field(init=False, compare=False)
    references: Mapping[str, str] = field(init=False, compare=False)
    """Fields checked to name an existing document on create and update: the parent field and
    the catalog's unconditional references at the document's root."""

    def __post_init__(self) -> None:
        if self.entry.not_found is None:
            raise ValueError(f"{self.name}: the catalog gives no not-found code")
        kind = ResourceKind(
            self.name,
            unique=self.unique,
            parent=self.parent,
            quota=self.quota,
            parent_kind=self.parent_kind,
            id_field=self.id_field,
        )
        object.__setattr__(self, "kind", kind)
        checked = {
            r.path: r.resource
            for r in self.entry.references
            if r.dependency and not r.when and r.resource != self.name and r.path.isidentifier()
        }
        if self.entry.parent is not None:
            checked[self.entry.parent.field] = self.entry.parent.resource
        object.__setattr__(self, "references", checked)

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def label(self) -> str:
        return self.entry.label

    @property
    def not_found(self) -> str:
        return self.entry.not_found or ""

    @property
    def ops(self) -> Mapping[str, str]:
        """Operation ids by role; the generic handlers serve them unless a special one does."""
        return self.entry.ops

    @property
    def id_field(self) -> str:
        return self.entry.id_field

    @property
    def id_param(self) -> str:
        """The path parameter naming a document (the id field where no path names one)."""
        return self.entry.id_param or self.entry.id_field

    @property
    def parent(self) -> str | None:
        """The field holding the parent's id."""
        return self.entry.parent.field if self.entry.parent else None

    @property
    def parent_kind(self) -> str | None:
        return self.entry.parent.resource if self.entry.parent else None

    @property
    def parent_param(self) -> str | None:
        return self.entry.parent.param if self.entry.parent else None

    @property
    def blocked_by(self) -> tuple[tuple[str, str, str], ...]:
        """(resource, field, code): documents whose field names this one block its deletion."""
        return tuple((d.resource, d.field, d.code) for d in self.entry.delete_first)


@dataclass(frozen=True)
class Raw:
    """A handler result sent as it is (a file, a document), not shaped by the response spec."""

    content: bytes
    media_type: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Registry:
    """Everything one emulator serves: its dialect, resources, handlers and seed documents."""

    dialect: Dialect
    resources: dict[str, Resource]
    handlers: dict[str, Handler]
    seeds: tuple[tuple[str, Doc], ...] = ()

    def resource(self, name: str) -> Resource:
        return self.resources[name]


@dataclass
class Call:
    """One request as a handler sees it: validated path, query and body, plus the emulator state."""

    registry: Registry
    store: Store
    ids: Ids
    config: EmulatorConfig
    op: OperationSpec
    path: dict[str, Any]
    query: dict[str, Any]
    body: Any

    def res(self, name: str) -> Resource:
        return self.registry.resources[name]


def new_id(call: Call, doc: Doc) -> str:
    return call.ids.hex()


def now(call: Call, doc: Doc) -> str:
    return call.ids.now()


def const(value: Any) -> Gen:
    """A server field with a fixed initial value."""

    def gen(call: Call, doc: Doc) -> Any:
        return value

    return gen
