"""translator.core.idmap: written by the migration, read by the shim, re-read when it changes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from translator.core.idmap import IdMap, IdMapWriter
from translator.errors import IdMapError


def test_rows_written_are_read_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    writer = IdMapWriter(path, "v1.0", "v2")
    writer.put("api_group", "g-old", "g-new")
    writer.put("api", "a-old", "a-new")
    writer.put("api", "a-old", "a-new")  # the same row again: a no-op
    reader = IdMap(path)
    assert (reader.source, reader.target) == ("v1.0", "v2")
    assert reader.to_target("api", "a-old") == "a-new"
    assert reader.to_source("api", "a-new") == "a-old"
    assert reader.to_target("api_group", "a-old") is None  # ids are per resource
    assert reader.to_source("api", "g-new") is None
    assert len(reader) == 2
    writer.close()
    reader.close()


def test_contradicting_rows_are_refused(tmp_path: Path) -> None:
    writer = IdMapWriter(tmp_path / "m.db", "v1.0", "v2")
    writer.put("app", "x1", "y1")
    with pytest.raises(IdMapError, match="already mapped to y1"):
        writer.put("app", "x1", "y2")
    with pytest.raises(IdMapError, match="already the target"):
        writer.put("app", "x2", "y1")
    assert writer.rows() == [("app", "x1", "y1")]
    writer.close()


def test_a_running_reader_sees_rows_committed_later(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    writer = IdMapWriter(path, "v1.0", "v2")
    reader = IdMap(path, check_every=0)
    assert reader.to_target("env", "e1") is None
    assert reader.refresh() is False  # nothing changed
    writer.put("env", "e1", "e2")
    assert reader.refresh() is True
    assert reader.to_target("env", "e1") == "e2"
    writer.remove("env", "e1")
    assert reader.refresh() is True and reader.to_target("env", "e1") is None
    writer.close()
    reader.close()


def test_checks_are_rate_limited(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    writer = IdMapWriter(path, "v1.0", "v2")
    reader = IdMap(path, check_every=3600)
    writer.put("env", "e1", "e2")
    assert reader.refresh() is False and reader.to_target("env", "e1") is None
    assert reader.refresh(force=True) is True and reader.to_target("env", "e1") == "e2"
    writer.close()
    reader.close()


def test_a_replaced_file_is_reopened(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = IdMapWriter(path, "v1.0", "v2")
    first.put("acl", "a", "b")
    first.close()
    reader = IdMap(path, check_every=0)
    other = tmp_path / "next.db"
    second = IdMapWriter(other, "v1.0", "v2")
    second.put("acl", "c", "d")
    second.close()
    os.replace(other, path)
    assert reader.refresh() is True
    assert reader.to_target("acl", "c") == "d" and reader.to_target("acl", "a") is None
    reader.close()


def test_what_is_not_an_id_map_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IdMapError, match="no such id map"):
        IdMap(tmp_path / "missing.db")
    text = tmp_path / "text.db"
    text.write_text("not sqlite at all, " * 100)
    with pytest.raises(IdMapError):
        IdMap(text)
    with pytest.raises(IdMapError):
        IdMapWriter(text, "v1.0", "v2")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(IdMapError, match="not an id map"):
        IdMap(other)
    assert text.read_text().startswith("not sqlite")  # nothing stored is lost


def test_the_direction_is_part_of_the_map(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    IdMapWriter(path, "v1.0", "v2").close()
    with pytest.raises(IdMapError, match=r"maps v1\.0 -> v2, not v2 -> v1\.0"):
        IdMapWriter(path, "v2", "v1.0")
