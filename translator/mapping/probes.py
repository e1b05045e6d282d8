"""Candidate values for ``translator.mapping.strictness``: drawn from the rules themselves, no
randomness (the same spec data gives the same witnesses).

A field's constraints are its table columns (``minimum``, ``max_length``, ``enum``, ``pattern`` ...)
read as :class:`~translator.spec.rules.Rule` rows (:func:`column_rules`, their ``source`` saying
which column) beside the rules the docs state in words. Candidates for a source field against a
target field (:func:`candidates`): the boundary numbers of both sides' ranges and one step past
them; the source's enum values and the target's forbidden ones; strings at the length bounds of
both sides; strings whose first or last character is drawn from a small alphabet of letters,
digits, punctuation and a CJK character (what breaks a target's first-character or allowed
characters rule and still fits the source's); a few strings of each format; a ``#variable#``
reference. Which of them are valid on the source side and break the target is the caller's check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from translator.spec import FieldSpec, Rule

NUMBER_TYPES = frozenset({"integer", "number"})
STRING_LENGTH = 8
"""The length of a probe string when the source's bounds allow it."""
FIRST_CHARS = ("0", "9", "_", "-", ".", "a", "A", "中", "#", "!", "@", " ", "/", ":", "（")
"""Characters tried first or last in a probe string."""
FILLERS = ("a", "A", "0", "中")
"""Characters the rest of a probe string is made of."""
FORMAT_PROBES = (
    "abc",
    "/abc",
    "abc/def",
    "http://example.com/abc",
    "1.2.3.4",
    "10.0.0.0/8",
    "example.com",
    "example.com:8080",
    "a@example.com",
    "200",
    "200-299",
    "#abc#",
)


COLUMN = "table column"
"""How the ``source`` of a rule read from a table column starts (``table column: enum``)."""


def column_rules(f: FieldSpec) -> tuple[Rule, ...]:
    """The field's table columns as rules (source: the column, e.g. ``table column: enum``)."""
    out: list[Rule] = []
    if f.enum is not None:
        out.append(Rule("enum", f"{COLUMN}: enum", values=tuple(f.enum)))
    if f.minimum is not None or f.maximum is not None:
        span = f"minimum {f.minimum}, maximum {f.maximum}"
        out.append(Rule("range", f"{COLUMN}: {span}", minimum=f.minimum, maximum=f.maximum))
    if f.min_length is not None or f.max_length is not None:
        span = f"min_length {f.min_length}, max_length {f.max_length}"
        out.append(Rule("length", f"{COLUMN}: {span}", min_length=f.min_length, max_length=f.max_length))
    if f.pattern is not None:
        out.append(Rule("pattern", f"{COLUMN}: pattern {f.pattern}", pattern=f.pattern))
    return tuple(out)


def constraints(f: FieldSpec) -> tuple[Rule, ...]:
    """Columns and stated rules of one field (the ``default`` ones say nothing about validity)."""
    return column_rules(f) + tuple(r for r in f.rules if r.kind != "default")


def key(rule: Rule) -> tuple[Any, ...]:
    """A rule without its sentence: two sides stating the same rule in other words are equal."""
    values = tuple(str(v).casefold() for v in rule.values) if rule.values is not None else None
    bounds = (rule.minimum, rule.maximum, rule.min_length, rule.max_length)
    return (rule.kind, rule.pattern, bounds, values, rule.format, rule.op, rule.other)


def _bounds(rules: tuple[Rule, ...], kind: str) -> Iterator[float]:
    for r in rules:
        if r.kind == kind:
            low, high = (r.minimum, r.maximum) if kind == "range" else (r.min_length, r.max_length)
            yield from (b for b in (low, high) if b is not None)


def _unique(values: Iterator[Any]) -> list[Any]:
    seen: list[Any] = []
    for v in values:
        if not any(type(v) is type(s) and v == s for s in seen):
            seen.append(v)
    return seen


def _numbers(src: tuple[Rule, ...], dst: tuple[Rule, ...], integer: bool) -> Iterator[Any]:
    for r in src:
        if r.kind == "enum":
            yield from (v for v in r.values or () if isinstance(v, (int, float)) and not isinstance(v, bool))
    for bound in (*_bounds(src, "range"), *_bounds(dst, "range")):
        for step in (0, -1, 1):
            value = bound + step
            yield int(value) if integer and float(value).is_integer() else value
    yield 0


def _length(src: tuple[Rule, ...]) -> int:
    """A probe length within the source's length bounds (a string of ``STRING_LENGTH`` if none)."""
    length = STRING_LENGTH
    for r in src:
        if r.kind == "length":
            if r.min_length is not None:
                length = max(length, r.min_length)
            if r.max_length is not None:
                length = min(length, r.max_length)
    return max(length, 1)


def _strings(src: tuple[Rule, ...], dst: tuple[Rule, ...]) -> Iterator[str]:
    enums = [r for r in src if r.kind == "enum"]
    for r in enums:
        yield from (str(v) for v in r.values or ())
    if enums:
        return  # nothing else is valid on the source side
    for r in dst:
        if r.kind == "forbidden":
            yield from (str(v) for v in r.values or ())
    for bound in (*_bounds(src, "length"), *_bounds(dst, "length")):
        for step in (0, -1, 1):
            if bound + step >= 0:
                for filler in FILLERS[:3]:
                    yield filler * int(bound + step)
    length = _length(src)
    for filler in FILLERS:
        for char in FIRST_CHARS:
            yield char + filler * (length - 1)
            yield filler * (length - 1) + char
    yield from FORMAT_PROBES


def candidates(source: tuple[Rule, ...], target: tuple[Rule, ...], ftype: str) -> list[Any]:
    """Values to try for a source field of type ``ftype`` (constraints ``source``) against a target
    field (constraints ``target``), deduplicated, in a fixed order."""
    if ftype in NUMBER_TYPES:
        return _unique(_numbers(source, target, ftype == "integer"))
    if ftype == "string":
        return _unique(iter(_strings(source, target)))
    return []


def _keys(path: str) -> list[str | None]:
    """The keys leading to the field at ``path``; None stands for an array's (first) item."""
    out: list[str | None] = []
    for segment in path.split("."):
        if segment.endswith("[]"):
            if segment[:-2]:
                out.append(segment[:-2])
            out.append(None)
        else:
            out.append(segment)
    return out


def body_at(path: str, value: Any) -> Any:
    """The smallest body holding ``value`` at ``path`` (``a[].b`` -> ``{"a": [{"b": value}]}``)."""
    out = value
    for k in reversed(_keys(path)):
        out = [out] if k is None else {k: out}
    return out


def merged(a: Any, b: Any) -> Any:
    """Two bodies made by ``body_at`` as one (objects merged, first items merged)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = merged(out[k], v) if k in out else v
        return out
    if isinstance(a, list) and isinstance(b, list) and a and b:
        return [merged(a[0], b[0])]
    return b


MISSING = object()


def value_at(body: Any, path: str) -> Any:
    """The value at ``path`` in ``body`` (first items of arrays), ``MISSING`` if there is none."""
    node = body
    for k in _keys(path):
        if k is None:
            if not isinstance(node, list) or not node:
                return MISSING
            node = node[0]
        elif isinstance(node, dict) and k in node:
            node = node[k]
        else:
            return MISSING
    return node


def sibling(path: str, name: str) -> str:
    """The path of the sibling ``name`` of the field at ``path``."""
    i = path.rfind(".")
    return f"{path[: i + 1]}{name}" if i >= 0 else name
