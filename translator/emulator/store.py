"""Generic persistent resource store on SQLite, shared by the v1.0 and v2 emulators.

The store knows no API field names. Each :class:`ResourceKind` declares its unique keys,
parent field, ordering and quota; documents are JSON objects encoded with orjson.

Layout: one ``docs`` table for every kind (kind, id, parent, seq, doc) and one ``keys`` table
holding a row per declared unique key of each document, whose primary key makes the database
itself enforce uniqueness. One connection, guarded by an ``RLock``, serves all threads; writes
run in ``BEGIN IMMEDIATE`` transactions (savepoints when nested). What it refuses:
``translator.emulator.store_errors``; how a list's filters become SQL: ``translator.emulator.filters``.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import orjson

from translator.emulator.filters import (
    FIELD_INDEXES,
    field_expr,
    matches,
    narrowed_fields,
    narrowing,
    sort_key,
)
from translator.emulator.store_errors import Conflict, KeySpec, NotFound, QuotaExceeded, StoreError

Doc = dict[str, Any]
_KeyRows = list[tuple[KeySpec, tuple[object, ...], bytes]]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL,
    parent TEXT, doc BLOB NOT NULL, UNIQUE (kind, id));
CREATE INDEX IF NOT EXISTS docs_scope ON docs (kind, parent);
CREATE TABLE IF NOT EXISTS keys (kind TEXT NOT NULL, spec TEXT NOT NULL, val BLOB NOT NULL,
    id TEXT NOT NULL, PRIMARY KEY (kind, spec, val)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keys_owner ON keys (kind, id);
"""


@dataclass(frozen=True)
class ResourceKind:
    """Declaration of one resource kind.

    ``unique``: key specs, each a tuple of top-level fields unique together (a key whose
    fields are missing or null is not indexed). ``parent``: field holding the parent's id
    (quota scope, indexed filter). ``parent_kind``: name of the parent kind; deleting a
    parent deletes its children of every kind registered with the store. ``order_by``: field
    to sort lists by (``-field`` for descending; ties and default: insertion order).
    ``quota``: max documents per parent (per kind when ``parent`` is None).
    """

    name: str
    unique: tuple[KeySpec, ...] = ()
    parent: str | None = None
    order_by: str | None = None
    quota: int | None = None
    parent_kind: str | None = None
    id_field: str = "id"

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("ResourceKind.name must not be empty")
        specs = tuple(tuple(spec) for spec in self.unique)
        if any(not spec or not all(isinstance(f, str) and f for f in spec) for spec in specs):
            raise ValueError(f"{self.name}: each unique key spec must be a non-empty tuple of field names")
        object.__setattr__(self, "unique", specs)
        if self.quota is not None and self.quota < 0:
            raise ValueError(f"{self.name}: quota must be >= 0")


def _loads(blob: bytes) -> Doc:
    doc: Doc = orjson.loads(blob)
    return doc


def _keys(kind: ResourceKind, doc: Mapping[str, Any]) -> _KeyRows:
    out: _KeyRows = []
    for spec in kind.unique:
        values = tuple(doc.get(f) for f in spec)
        if any(v is None for v in values):
            continue
        out.append((spec, values, orjson.dumps(values)))
    return out


class Store:
    """Persistent document store; every public method is thread-safe."""

    def __init__(
        self,
        path: str | Path,
        *,
        kinds: Iterable[ResourceKind] = (),
        synchronous: Literal["NORMAL", "FULL"] = "NORMAL",
        busy_timeout_s: float = 10.0,
    ) -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError(f"synchronous must be NORMAL or FULL, not {synchronous!r}")
        self.path = str(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._kinds: dict[str, ResourceKind] = {}
        self._indexed: set[str] = set()
        try:
            conn = sqlite3.connect(
                self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:  # no such directory, no permission
            raise StoreError(f"{self.path}: cannot open the database: {exc}") from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={synchronous}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise StoreError(f"{self.path}: schema version {version}, expected {SCHEMA_VERSION}")
            conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version={SCHEMA_VERSION};COMMIT;")
        except sqlite3.Error as exc:  # not an SQLite file, another program's tables, read-only
            conn.close()
            raise StoreError(f"{self.path}: cannot use it as the emulator's database: {exc}") from None
        except BaseException:
            conn.close()
            raise
        self._conn: sqlite3.Connection | None = conn
        self.register(*kinds)

    def register(self, *kinds: ResourceKind) -> None:
        """Declare kinds so that deleting a parent cascades to them."""
        with self._lock:
            for kind in kinds:
                known = self._kinds.get(kind.name)
                if known is not None and known != kind:
                    raise ValueError(f"kind {kind.name!r} is already registered with another declaration")
                self._kinds[kind.name] = kind

    def close(self) -> None:
        """Close the database; further calls raise StoreError. Idempotent."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("store is closed")
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Run the block atomically; nested blocks join the outer transaction as savepoints.

        The calling thread holds the store for the whole block: other threads wait.
        """
        with self._atomic():
            yield self

    @contextmanager
    def _atomic(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            depth = self._depth
            savepoint = f"sp{depth}"
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {savepoint}")
            self._depth = depth + 1
            try:
                yield conn
            except BaseException:
                self._depth = depth
                if depth == 0:
                    conn.execute("ROLLBACK")
                else:
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                raise
            self._depth = depth
            try:
                conn.execute("COMMIT" if depth == 0 else f"RELEASE {savepoint}")
            except BaseException:
                if depth == 0 and conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            if self._depth:
                yield conn
                return
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("COMMIT")

    def create(self, kind: ResourceKind, doc: Mapping[str, Any], id: str | None = None) -> Doc:
        """Store a new document and return it with its id (``id``, else doc's id, else uuid4 hex)."""
        ident = id if id is not None else doc.get(kind.id_field)
        if ident is None:
            ident = uuid.uuid4().hex
        if not isinstance(ident, str) or not ident:
            raise ValueError(f"{kind.name}: id must be a non-empty string")
        new = dict(doc)
        new[kind.id_field] = ident
        blob = orjson.dumps(new)
        parent = self._parent_of(kind, new)
        keys = _keys(kind, new)
        with self._atomic() as conn:
            self._check_quota(conn, kind, parent)
            try:
                conn.execute(
                    "INSERT INTO docs (kind, id, parent, doc) VALUES (?, ?, ?, ?)",
                    (kind.name, ident, parent, blob),
                )
            except sqlite3.IntegrityError:
                raise Conflict(kind.name, (kind.id_field,), (ident,), ident) from None
            self._insert_keys(conn, kind, ident, keys)
        return _loads(blob)

    def update(self, kind: ResourceKind, id: str, changes: Mapping[str, Any]) -> Doc:
        """Merge ``changes`` into the top level of the document; unique keys are re-checked."""
        with self._atomic() as conn:
            current = self._load(conn, kind, id)
            return self._rewrite(conn, kind, id, current, {**current, **changes})

    def replace(self, kind: ResourceKind, id: str, doc: Mapping[str, Any]) -> Doc:
        """Replace the whole document, keeping its id and list position."""
        with self._atomic() as conn:
            current = self._load(conn, kind, id)
            return self._rewrite(conn, kind, id, current, dict(doc))

    def delete(self, kind: ResourceKind, id: str) -> Doc:
        """Delete and return the document; registered child kinds are deleted with it."""
        with self._atomic() as conn:
            doc = self._load(conn, kind, id)
            self._delete(conn, kind, id)
            return doc

    def clear(self, kind: ResourceKind | None = None) -> None:
        """Delete every document of ``kind`` (no cascade), or of every kind."""
        with self._atomic() as conn:
            if kind is None:
                conn.execute("DELETE FROM keys")
                conn.execute("DELETE FROM docs")
            else:
                conn.execute("DELETE FROM keys WHERE kind = ?", (kind.name,))
                conn.execute("DELETE FROM docs WHERE kind = ?", (kind.name,))

    def get(self, kind: ResourceKind, id: str) -> Doc:
        """Return the document or raise NotFound."""
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT doc FROM docs WHERE kind = ? AND id = ?", (kind.name, id))
                .fetchone()
            )
        if row is None:
            raise NotFound(kind.name, id)
        return _loads(row[0])

    def list(
        self,
        kind: ResourceKind,
        where: Mapping[str, object] | None = None,
        match: Callable[[Doc], bool] | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[list[Doc], int]:
        """Return one page of matching documents and the total number of matches.

        ``where``: exact equality on top-level fields (a missing field equals None; True != 1).
        ``match``: extra predicate, called without holding the store.
        """
        if offset < 0 or (limit is not None and limit < 0):
            raise ValueError("offset and limit must be >= 0")
        rest = dict(where or {})
        sql = " FROM docs WHERE kind = ?"
        args: list[object] = [kind.name]
        by_parent = False
        if kind.parent is not None and isinstance(rest.get(kind.parent), str):
            by_parent = True
            sql += " AND parent = ?"
            args.append(rest.pop(kind.parent))
        if not rest and match is None and kind.order_by is None:
            with self._snapshot() as conn:
                total = conn.execute("SELECT COUNT(*)" + sql, args).fetchone()[0]
                rows = conn.execute(
                    "SELECT doc" + sql + " ORDER BY seq LIMIT ? OFFSET ?",
                    [*args, -1 if limit is None else limit, offset],
                ).fetchall()
            return [_loads(r[0]) for r in rows], int(total)
        narrow, narrow_args = narrowing(rest, indexed=not by_parent)
        with self._lock:
            if not by_parent:
                self._index(narrowed_fields(rest)[:1])
            rows = (
                self._connection()
                .execute("SELECT doc" + sql + narrow + " ORDER BY seq", [*args, *narrow_args])
                .fetchall()
            )
        docs = [_loads(r[0]) for r in rows]
        if rest:
            docs = [d for d in docs if matches(d, rest)]
        if match is not None:
            docs = [d for d in docs if match(d)]
        if kind.order_by:
            field = kind.order_by.lstrip("-")
            docs.sort(key=lambda d: sort_key(d.get(field)), reverse=kind.order_by.startswith("-"))
        end = None if limit is None else offset + limit
        return docs[offset:end], len(docs)

    def count(
        self,
        kind: ResourceKind,
        where: Mapping[str, object] | None = None,
        match: Callable[[Doc], bool] | None = None,
    ) -> int:
        """Number of documents matching ``where`` (and ``match``)."""
        return self.list(kind, where, match, limit=0)[1]

    def _index(self, fields: Iterable[str]) -> None:
        """Index the fields a filter narrows by (once each, up to ``FIELD_INDEXES``)."""
        for name in fields:
            if name in self._indexed or len(self._indexed) >= FIELD_INDEXES:
                continue
            self._connection().execute(
                f"CREATE INDEX IF NOT EXISTS docs_field_{name} ON docs (kind, {field_expr(name)})"
            )
            self._indexed.add(name)

    @staticmethod
    def _parent_of(kind: ResourceKind, doc: Mapping[str, Any]) -> str | None:
        if kind.parent is None:
            return None
        value = doc.get(kind.parent)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{kind.name}: parent field {kind.parent!r} must be a string id")
        return value

    @staticmethod
    def _load(conn: sqlite3.Connection, kind: ResourceKind, id: str) -> Doc:
        row = conn.execute("SELECT doc FROM docs WHERE kind = ? AND id = ?", (kind.name, id)).fetchone()
        if row is None:
            raise NotFound(kind.name, id)
        return _loads(row[0])

    @staticmethod
    def _check_quota(conn: sqlite3.Connection, kind: ResourceKind, parent: str | None) -> None:
        if kind.quota is None:
            return
        (n,) = conn.execute(
            "SELECT COUNT(*) FROM docs WHERE kind = ? AND parent IS ?", (kind.name, parent)
        ).fetchone()
        if n >= kind.quota:
            raise QuotaExceeded(kind.name, kind.quota, kind.parent, parent)

    @staticmethod
    def _insert_keys(conn: sqlite3.Connection, kind: ResourceKind, ident: str, keys: _KeyRows) -> None:
        for spec, values, blob in keys:
            name = ",".join(spec)
            try:
                conn.execute("INSERT INTO keys VALUES (?, ?, ?, ?)", (kind.name, name, blob, ident))
            except sqlite3.IntegrityError:
                row = conn.execute(
                    "SELECT id FROM keys WHERE kind = ? AND spec = ? AND val = ?", (kind.name, name, blob)
                ).fetchone()
                raise Conflict(kind.name, spec, values, row[0] if row else None) from None

    def _rewrite(
        self, conn: sqlite3.Connection, kind: ResourceKind, ident: str, current: Doc, new: Doc
    ) -> Doc:
        if new.get(kind.id_field, ident) != ident:
            raise ValueError(f"{kind.name}: the id field cannot be changed")
        new[kind.id_field] = ident
        blob = orjson.dumps(new)
        parent = self._parent_of(kind, new)
        if parent != self._parent_of(kind, current):
            self._check_quota(conn, kind, parent)
        keys = _keys(kind, new)
        if keys != _keys(kind, current):
            conn.execute("DELETE FROM keys WHERE kind = ? AND id = ?", (kind.name, ident))
            self._insert_keys(conn, kind, ident, keys)
        conn.execute(
            "UPDATE docs SET doc = ?, parent = ? WHERE kind = ? AND id = ?", (blob, parent, kind.name, ident)
        )
        return _loads(blob)

    def _delete(self, conn: sqlite3.Connection, kind: ResourceKind, ident: str) -> None:
        for child in self._kinds.values():
            if child.parent_kind == kind.name and child.parent is not None:
                sql = "SELECT id FROM docs WHERE kind = ? AND parent = ?"
                for (child_id,) in conn.execute(sql, (child.name, ident)).fetchall():
                    self._delete(conn, child, child_id)
        conn.execute("DELETE FROM keys WHERE kind = ? AND id = ?", (kind.name, ident))
        conn.execute("DELETE FROM docs WHERE kind = ? AND id = ?", (kind.name, ident))
