"""The import's journal: one SQLite file holding the core id map (``translator.core.idmap``, which
the shim reads) and the migration's own table of steps, written on the id map's connection: a
step and its id map row are one transaction. Each write is committed when it returns, unless the
caller groups them (``grouped``): then they are committed together by ``commit`` (the import
commits an intent before its create goes out, several objects' writes at once, and everything
before the next family, whose objects name these, starts).

    migrate_steps(resource, source_id, state, target_id, undo, error, seq)
        state   intent   about to be created (a crash here: look for it by its key before
                         creating it again, and count it as ours)
                created  made by the import (rollback deletes it with ``undo``)
                adopted  found on the target already (rollback leaves it)
                fixed    exists on both sides with the same id (RELEASE)
                skipped  left as it was on the target (``--on-conflict skip``), not mapped
                failed   not created (``error`` says why)
                removed  created, then deleted by a rollback
        undo    the v2 request deleting it: {"op", "path", "query", "body"} as JSON
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from translator.core.idmap import IdMap, IdMapWriter
from translator.errors import IdMapError
from translator.types import VERSIONS, Version

_SCHEMA = """
CREATE TABLE IF NOT EXISTS migrate_steps (
    resource TEXT NOT NULL,
    source_id TEXT NOT NULL,
    state TEXT NOT NULL,
    target_id TEXT,
    undo TEXT,
    error TEXT,
    seq INTEGER NOT NULL,
    PRIMARY KEY (resource, source_id)
);
"""
DONE = ("created", "adopted", "fixed")
_UPSERT = (
    "INSERT INTO migrate_steps VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (resource, source_id) DO "
    "UPDATE SET state = excluded.state, target_id = excluded.target_id, undo = excluded.undo, "
    "error = excluded.error, seq = excluded.seq"
)


@dataclass(frozen=True)
class Step:
    resource: str
    source_id: str
    state: str
    target_id: str | None
    undo: dict[str, Any] | None
    error: str | None
    seq: int


class Journal:
    """The journal at ``path`` (created if missing) of a ``source`` -> ``target`` migration."""

    def __init__(self, path: str | os.PathLike[str], source: Version, target: Version) -> None:
        self.path = str(path)
        # WAL with synchronous=NORMAL: a commit survives the process being killed at any instant
        # (not a power cut); FULL costs an fsync (~4 ms) per commit.
        self.ids = IdMapWriter(self.path, source, target, synchronous="NORMAL")
        self._lock = threading.RLock()
        self._conn = self.ids.connection
        self._conn.execute("PRAGMA busy_timeout=30000")
        self._conn.executescript(_SCHEMA)
        self._grouped = False
        self._open = False
        """A transaction holds writes not committed yet."""
        row = self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM migrate_steps").fetchone()
        self._seq = int(row[0])
        self._states = {
            (str(r), str(s)): str(st)
            for r, s, st in self._conn.execute("SELECT resource, source_id, state FROM migrate_steps")
        }
        self._targets = {(r, s): t for r, s, t in self.ids.rows()}
        """The id map as this process knows it: as read at open, and every write since."""

    def close(self) -> None:
        self.commit()
        self.ids.close()

    @contextmanager
    def grouped(self) -> Iterator[Journal]:
        """Writes in the block wait for ``commit`` (or the block's end) to be committed."""
        with self._lock:
            self._grouped = True
        try:
            yield self
        finally:
            with self._lock:
                self._grouped = False
                self.commit()

    def commit(self) -> None:
        """Commit the writes not committed yet (none: nothing to do)."""
        with self._lock:
            if self._open:
                self._conn.execute("COMMIT")
                self._open = False

    @property
    def uncommitted(self) -> bool:
        with self._lock:
            return self._open

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _set(
        self,
        resource: str,
        source_id: str,
        state: str,
        target_id: str | None = None,
        undo: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        with self._lock:
            if not self._open:
                self._conn.execute("BEGIN IMMEDIATE")
                self._open = True
            try:
                self._seq += 1
                row = (resource, source_id, state, target_id, json.dumps(undo) if undo else None, error)
                self._conn.execute(_UPSERT, (*row, self._seq))
                self._states[(resource, source_id)] = state
                if state in DONE and target_id is not None:
                    self.ids.put(resource, source_id, target_id)
                    self._targets[(resource, source_id)] = target_id
                if state == "removed":
                    self.ids.remove(resource, source_id)
                    self._targets.pop((resource, source_id), None)
            finally:  # a failed statement is undone alone: the writes before it stay
                if not self._grouped:
                    self.commit()

    def intent(self, resource: str, source_id: str) -> None:
        self._set(resource, source_id, "intent")

    def done(
        self, resource: str, source_id: str, state: str, target_id: str, undo: dict[str, Any] | None = None
    ) -> None:
        self._set(resource, source_id, state, target_id, undo)

    def failed(self, resource: str, source_id: str, error: str) -> None:
        self._set(resource, source_id, "failed", error=error)

    def skipped(self, resource: str, source_id: str, why: str) -> None:
        self._set(resource, source_id, "skipped", error=why)

    def removed(self, step: Step) -> None:
        self._set(step.resource, step.source_id, "removed", step.target_id, step.undo)

    def state(self, resource: str, source_id: str) -> str | None:
        """The object's state (from memory: the table as read at open, and every write since)."""
        with self._lock:
            return self._states.get((resource, source_id))

    def step(self, resource: str, source_id: str) -> Step | None:
        if self.state(resource, source_id) is None:
            return None
        with self._lock:
            row = self._conn.execute(
                "SELECT * FROM migrate_steps WHERE resource = ? AND source_id = ?", (resource, source_id)
            ).fetchone()
        return None if row is None else _step(row)

    def target(self, resource: str, source_id: str) -> str | None:
        """The object's id on the target (from memory, as ``state``)."""
        with self._lock:
            return self._targets.get((resource, source_id))

    def steps(self, state: str | None = None) -> list[Step]:
        with self._lock:
            if state is None:
                rows = self._conn.execute("SELECT * FROM migrate_steps ORDER BY seq").fetchall()
            else:
                rows = self._conn.execute(
                    "SELECT * FROM migrate_steps WHERE state = ? ORDER BY seq", (state,)
                ).fetchall()
        return [_step(r) for r in rows]


def _step(row: tuple[Any, ...]) -> Step:
    resource, source_id, state, target_id, undo, error, seq = row
    return Step(resource, source_id, state, target_id, json.loads(undo) if undo else None, error, int(seq))


def journal_versions(path: str | os.PathLike[str]) -> tuple[Version, Version]:
    """The (source, target) versions the journal at ``path`` records (an ``IdMapError`` when it is
    not a journal)."""
    ids = IdMap(path)
    try:
        source, target = ids.source, ids.target
    finally:
        ids.close()
    if source not in VERSIONS or target not in VERSIONS:
        raise IdMapError(f"{path}: records {source!r} -> {target!r}, not two API versions")
    return source, target
