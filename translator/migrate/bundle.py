"""The bundle: one JSON file per family and ``manifest.json`` (format, counts, sha256 per file).

A bundle is written to a directory made 0700, each file 0600, the manifest last (a bundle
without one is incomplete). Reading checks the format version, every file's sha256 and JSON, and
refuses an empty bundle: a :class:`BundleError` with a one-line reason.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

FORMAT = "apig-translator bundle 1"
MANIFEST = "manifest.json"


class BundleError(Exception):
    """A bundle that cannot be used: other format, tampered, incomplete or empty."""


def tool_version() -> str:
    try:
        return version("apig-translator")
    except PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True)
class Bundle:
    """A tenant as exported: per family (catalog resource name), its documents."""

    api: str
    families: dict[str, list[dict[str, Any]]]
    manifest: dict[str, Any]

    def docs(self, family: str) -> list[dict[str, Any]]:
        return self.families.get(family, [])

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.families.values())


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _write(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, content)
    finally:
        os.close(fd)
    os.chmod(path, 0o600)


def write_bundle(
    directory: str | os.PathLike[str], api: str, families: Mapping[str, list[dict[str, Any]]], source: str
) -> dict[str, Any]:
    """Write ``families`` as a bundle into ``directory`` (created 0700); returns the manifest."""
    out = Path(directory)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    stale = out / MANIFEST
    if stale.exists():
        stale.unlink()
    files: dict[str, dict[str, Any]] = {}
    for family, docs in families.items():
        content = _dump(docs)
        name = f"{family}.json"
        _write(out / name, content)
        files[family] = {"file": name, "count": len(docs), "sha256": hashlib.sha256(content).hexdigest()}
    manifest = {
        "format": FORMAT,
        "api": api,
        "source": source,
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "tool_version": tool_version(),
        "counts": {f: v["count"] for f, v in files.items()},
        "files": files,
    }
    _write(out / MANIFEST, _dump(manifest))
    return manifest


def read_bundle(directory: str | os.PathLike[str]) -> Bundle:
    """The bundle in ``directory``, checked; a ``BundleError`` saying why it is refused."""
    where = Path(directory)
    try:
        manifest = json.loads((where / MANIFEST).read_bytes())
    except FileNotFoundError:
        raise BundleError(
            f"{where}: no {MANIFEST} (not a bundle, or an export that did not finish)"
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError(f"{where / MANIFEST}: malformed JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BundleError(f"{where}: bundle format {found!r}, this tool reads {FORMAT!r}")
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise BundleError(f"{where / MANIFEST}: no file list")
    families: dict[str, list[dict[str, Any]]] = {}
    for family, entry in files.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise BundleError(f"{where / MANIFEST}: bad entry for {family!r}")
        path = where / Path(entry["file"]).name
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise BundleError(f"{path}: missing (listed in the manifest)") from None
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise BundleError(f"{path}: sha256 mismatch (the file changed after the export)")
        try:
            docs = json.loads(content)
        except ValueError as exc:
            raise BundleError(f"{path}: malformed JSON ({exc})") from None
        if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
            raise BundleError(f"{path}: not a list of objects")
        if len(docs) != entry.get("count"):
            raise BundleError(f"{path}: {len(docs)} objects, the manifest says {entry.get('count')}")
        families[family] = docs
    bundle = Bundle(str(manifest.get("api")), families, manifest)
    if bundle.total == 0:
        raise BundleError(f"{where}: an empty bundle (no object in any family)")
    return bundle
