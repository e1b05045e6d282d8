"""What the emulators' store refuses: an unknown id, a unique key taken, a quota reached.

StoreError
 ├── NotFound
 ├── Conflict
 └── QuotaExceeded
"""

from __future__ import annotations

from translator.errors import TranslatorError
from translator.redact import shown

KeySpec = tuple[str, ...]


class StoreError(TranslatorError):
    """Base of the store's exceptions."""


class NotFound(StoreError):
    """No document of this kind has this id."""

    def __init__(self, kind: str, id: str) -> None:
        self.kind = kind
        self.id = id
        super().__init__(f"{kind} {id!r} not found")


class Conflict(StoreError):
    """A unique key (or the id) is already taken; ``existing_id`` is its holder when known."""

    def __init__(
        self, kind: str, key_spec: KeySpec, values: tuple[object, ...], existing_id: str | None = None
    ) -> None:
        self.kind = kind
        self.key_spec = key_spec
        self.values = values
        self.existing_id = existing_id
        keys = ", ".join(f"{f}={shown(f, v)}" for f, v in zip(key_spec, values, strict=True))
        super().__init__(f"{kind}: {keys} already exists")


class QuotaExceeded(StoreError):
    """Creating one more document would exceed the kind's quota in its scope."""

    def __init__(self, kind: str, quota: int, scope_field: str | None, scope: str | None) -> None:
        self.kind = kind
        self.quota = quota
        self.scope_field = scope_field
        self.scope = scope
        where = f" for {scope_field}={scope!r}" if scope_field else ""
        super().__init__(f"{kind}: quota of {quota} reached{where}")
