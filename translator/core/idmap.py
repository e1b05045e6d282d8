"""The id map: which object on the target side each source object became, per resource.

Written by the migration as it imports (each row committed before it moves on) and read by the
compatibility shim, so that a legacy client keeps the v1.0 ids it stored. Neither owns the format:
it is this module's. The map is one SQLite file (the migration's journal keeps its own tables in
the same file), holding::

    id_map(resource, source_id, target_id)    one row per migrated object
        resource   the catalog's resource name (``api_group``, ``api``, ``app``, ...)
        source_id  its id on the source side (v1.0 when moving to v2)
        target_id  its id on the target side; unique per resource as well
    id_map_meta(key, value)                   format, source_version, target_version

A reader sees rows committed after it opened the file: ``refresh`` re-reads the map when SQLite's
``data_version`` says another connection changed it, or when the file was replaced.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from translator.errors import IdMapError
from translator.types import Version

FORMAT = "apig-translator id map 1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS id_map_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS id_map (
    resource TEXT NOT NULL,
    source_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    PRIMARY KEY (resource, source_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS id_map_by_target ON id_map (resource, target_id);
"""


def _meta(conn: sqlite3.Connection, path: str) -> dict[str, str]:
    try:
        rows = conn.execute("SELECT key, value FROM id_map_meta").fetchall()
    except sqlite3.DatabaseError as exc:
        raise IdMapError(f"{path}: not an id map ({exc})") from None
    meta = {str(k): str(v) for k, v in rows}
    if meta.get("format") != FORMAT:
        raise IdMapError(f"{path}: not an id map of this format (found {meta.get('format')!r})")
    return meta


class IdMapWriter:
    """Adds rows to an id map (created if missing). Every ``put`` is committed when it returns,
    unless the caller opened a transaction on ``connection`` (then its ``COMMIT`` does).

    ``synchronous``: SQLite's setting; ``NORMAL`` (with WAL) keeps every commit through the
    process being killed at any instant, not through a power cut, and spares an fsync per commit.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        source: Version,
        target: Version,
        *,
        synchronous: Literal["FULL", "NORMAL"] = "FULL",
    ) -> None:
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute(f"PRAGMA synchronous={synchronous}")
            self._conn.executescript(_SCHEMA)
            self._conn.execute("BEGIN IMMEDIATE")
            for key, value in (("format", FORMAT), ("source_version", source), ("target_version", target)):
                self._conn.execute("INSERT OR IGNORE INTO id_map_meta VALUES (?, ?)", (key, value))
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise IdMapError(f"{self.path}: cannot open as an id map ({exc})") from None
        meta = _meta(self._conn, self.path)
        if (meta["source_version"], meta["target_version"]) != (source, target):
            raise IdMapError(
                f"{self.path}: maps {meta['source_version']} -> {meta['target_version']}, "
                f"not {source} -> {target}"
            )

    def put(self, resource: str, source_id: str, target_id: str) -> None:
        """Record that ``source_id`` became ``target_id``; the same row again is a no-op, another
        target for a mapped source (or a target already taken) is an ``IdMapError``."""
        known = self.target_of(resource, source_id)
        if known == target_id:
            return
        if known is not None:
            raise IdMapError(f"{resource} {source_id} is already mapped to {known}, not {target_id}")
        try:
            self._conn.execute("INSERT INTO id_map VALUES (?, ?, ?)", (resource, source_id, target_id))
        except sqlite3.IntegrityError:
            raise IdMapError(f"{resource} {target_id} is already the target of another object") from None

    @property
    def connection(self) -> sqlite3.Connection:
        """The map's connection (autocommit): a caller keeping its own tables in the same file
        writes them here, in one transaction with its rows of the map."""
        return self._conn

    def remove(self, resource: str, source_id: str) -> None:
        self._conn.execute("DELETE FROM id_map WHERE resource = ? AND source_id = ?", (resource, source_id))

    def target_of(self, resource: str, source_id: str) -> str | None:
        row = self._conn.execute(
            "SELECT target_id FROM id_map WHERE resource = ? AND source_id = ?", (resource, source_id)
        ).fetchone()
        return None if row is None else str(row[0])

    def rows(self) -> list[tuple[str, str, str]]:
        return [(str(a), str(b), str(c)) for a, b, c in self._conn.execute("SELECT * FROM id_map")]

    def close(self) -> None:
        self._conn.close()


class IdMap:
    """A read-only view of an id map, held in memory for lookups in both directions."""

    def __init__(self, path: str | os.PathLike[str], *, check_every: float = 1.0) -> None:
        self.path = str(path)
        if not Path(self.path).is_file():
            raise IdMapError(f"{self.path}: no such id map")
        self._check_every = check_every
        self._checked = 0.0
        self._forward: dict[tuple[str, str], str] = {}
        self._back: dict[tuple[str, str], str] = {}
        self._conn: sqlite3.Connection | None = None
        self._stamp: tuple[int, int] = (0, 0)
        self._version = -1
        self.source: str = ""
        self.target: str = ""
        self._open()
        self.refresh(force=True)

    def _open(self) -> None:
        if self._conn is not None:
            self._conn.close()
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        try:
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            meta = _meta(self._conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise IdMapError(f"{self.path}: cannot read the id map ({exc})") from None
        self.source, self.target = meta["source_version"], meta["target_version"]
        stat = os.stat(self.path)
        self._stamp = (stat.st_ino, stat.st_dev)
        self._version = -1

    def refresh(self, *, force: bool = False) -> bool:
        """Re-read the rows if the file changed since the last read; True when it did."""
        now = time.monotonic()
        if not force and now - self._checked < self._check_every:
            return False
        self._checked = now
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return False  # replaced right now: keep what we have until the new file is there
        if (stat.st_ino, stat.st_dev) != self._stamp:
            self._open()
        assert self._conn is not None
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        if version == self._version and not force:
            return False
        rows = self._conn.execute("SELECT resource, source_id, target_id FROM id_map").fetchall()
        self._load((str(r), str(s), str(t)) for r, s, t in rows)
        self._version = version
        return True

    def _load(self, rows: Iterable[tuple[str, str, str]]) -> None:
        forward: dict[tuple[str, str], str] = {}
        back: dict[tuple[str, str], str] = {}
        for resource, source_id, target_id in rows:
            forward[(resource, source_id)] = target_id
            back[(resource, target_id)] = source_id
        self._forward, self._back = forward, back

    def to_target(self, resource: str, source_id: str) -> str | None:
        """The target-side id of the source object ``source_id`` (None: not migrated)."""
        return self._forward.get((resource, source_id))

    def to_source(self, resource: str, target_id: str) -> str | None:
        """The source-side id the target object ``target_id`` came from (None: made on the target)."""
        return self._back.get((resource, target_id))

    def __len__(self) -> int:
        return len(self._forward)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
