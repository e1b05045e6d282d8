"""Read a JSON document with limits: every input file of the CLI and every body an emulator takes.

A document is refused with a ``BadInput`` naming the limit it breaks and, where it applies, the
field: not UTF-8 (``encoding``), not JSON (``syntax``, with line and column), more bytes than
``max_bytes`` (``size``), nested deeper than ``max_depth`` (``depth``), or a list longer than
``max_items`` (``items``). The defaults follow the real gateway where it says: a request body of
at most 12 MiB (the instance feature ``request_body_size`` defaults to 12 M, and AK/SK signing
covers bodies up to 12 MB). The docs bound no list length and no nesting: the doc samples nest 9
levels at most (a Swagger document inside a body) and hold lists of 4 items at most, and a list
page holds 500 items at most, so 64 levels and 1000 items leave room for every real body and none
for a hostile one. A UTF-8 byte order mark is
skipped (RFC 8259 lets a parser ignore it; editors on Windows write one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from translator.errors import BadInput
from translator.spec import OperationSpec
from translator.types import JSON, Part

MIB = 1024 * 1024
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Limits:
    """How big a JSON document may be."""

    max_bytes: int = 12 * MIB
    max_depth: int = 64
    max_items: int = 1000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_items"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


DEFAULT_LIMITS = Limits()


def too_large(size: int, limits: Limits) -> BadInput:
    """The refusal of a document of ``size`` bytes (``size`` may be a lower bound)."""
    return BadInput("size", f"the document has {size} bytes or more; the limit is {limits.max_bytes} bytes")


def parse(raw: bytes, limits: Limits = DEFAULT_LIMITS) -> JSON:
    """The JSON value of ``raw`` (None for an empty or blank document), within ``limits``."""
    if len(raw) > limits.max_bytes:
        raise too_large(len(raw), limits)
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput("encoding", f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}") from None
    if not text.strip():
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in exc.msg or "recursion" in exc.msg:
            raise _too_deep(limits) from None
        raise BadInput("syntax", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    check_shape(value, limits)
    return value


def _too_deep(limits: Limits, field: str = "") -> BadInput:
    return BadInput("depth", f"nested deeper than {limits.max_depth} levels", field)


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def check_shape(value: Any, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a value nested deeper than ``max_depth`` or holding a list longer than ``max_items``.

    The field is named as the tables name it (``members``, ``members[].host``). Iterative: a deep
    value cannot exhaust the interpreter's stack. A value holding more members in all than
    ``max_bytes`` is refused as too large: only a value sharing its parts can (a YAML document
    whose aliases expand a few bytes into billions of members).
    """
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    members = 0
    while stack:
        node, depth, path = stack.pop()
        members += len(node) if isinstance(node, dict | list) else 0
        if members > limits.max_bytes:
            raise BadInput("size", f"it expands to more than {limits.max_bytes} members", path)
        if depth > limits.max_depth:
            raise _too_deep(limits, path)
        if isinstance(node, dict):
            for key, child in node.items():
                if isinstance(child, dict | list):
                    stack.append((child, depth + 1, _child(path, str(key))))
        elif isinstance(node, list):
            if len(node) > limits.max_items:
                raise BadInput(
                    "items", f"{len(node)} items; at most {limits.max_items} are taken", path or "[]"
                )
            inner = f"{path}[]" if path else "[]"
            for child in node:
                if isinstance(child, dict | list):
                    stack.append((child, depth + 1, inner))


SAMPLE_KEYS = frozenset({"request", "response", "errors", "known_errors"})
"""The keys of a doc sample file (``fixtures/samples/<version>/<op>.json``)."""


def from_sample(value: JSON, op: OperationSpec, part: Part, index: int = 0) -> tuple[JSON, str | None]:
    """The body itself, or the ``index``-th ``part`` body of a doc sample file, with a note saying
    which one was taken (a body of an operation that documents a field named like a sample key,
    such as ``api.debug``'s ``request``, is always taken as it is)."""
    spec = op.request if part == "request" else op.response
    documented = {f.name for f in spec.fields} if spec is not None else set()
    if not (isinstance(value, dict) and value and set(value) <= SAMPLE_KEYS and not set(value) & documented):
        return value, None
    bodies = value.get(part)
    if not isinstance(bodies, list) or not bodies:
        raise BadInput("sample", f"the doc sample file holds no {part} body", part)
    if not 0 <= index < len(bodies):
        raise BadInput("sample", f"the doc sample file holds {len(bodies)} {part} bodies; no number {index}")
    return bodies[index], f"took {part}[{index}] of the doc sample file ({len(bodies)} in it)"
