"""Golden cross-version conversions (``fixtures/golden/*.yaml``): load them and check one against tables.

A golden is one v1.0 operation's request or response: a v1.0 side and the v2 side it must become,
written from the two versions' field tables, with distinct values. ``check`` converts each side to
the other version (through the public translation API) and compares field by field. The mutation
check (``scripts/mutate_tables.py``) runs the same ``check`` against mutated tables, so this module
uses only ``translate_request``, ``translate_response``, ``convert`` and a ``Mappings`` it is given.

Paths in a golden: a response field is ``a.b`` / ``items[].b`` / ``[].b`` (bare array body); in a
request, ``body:<field path>``, ``query:<name>`` or ``path:<name>``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import yaml

from translator import (
    Mappings,
    TranslationError,
    convert,
    translate_request,
    translate_response,
)

GOLDEN_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "golden"
PROJECT, INSTANCE = "proj-golden-1", "inst-golden-2"
DIRECTIONS = ("v1_to_v2", "v2_to_v1")
_SECTIONS = {"path": "@path", "query": "@query"}
_PARAM = re.compile(r"\{([^}/]+)\}")


@dataclass(frozen=True)
class Case:
    """A one-direction check: ``source`` must become ``expected`` (or fail with ``error``)."""

    why: str
    direction: str
    source: Any
    expected: Any = None
    error: str | None = None
    notes: tuple[str, ...] = ()
    """Note kinds the conversion must report (``clamped``, ``passed``, ...)."""


@dataclass(frozen=True)
class Golden:
    op_id: str
    part: str
    file: str
    v1: Any
    v2: Any
    only_v1: tuple[str, ...] = ()
    only_v2: tuple[str, ...] = ()
    variants: tuple[dict[str, dict[str, Any]], ...] = ()
    cases: tuple[Case, ...] = ()
    unroutable: dict[str, str] = field(default_factory=dict)
    """Direction -> why the whole request cannot be built (the body is then checked with convert)."""

    @property
    def name(self) -> str:
        return f"{self.op_id}-{self.part}"

    def sides(self) -> Iterator[tuple[str, Any, Any]]:
        """The base golden and each variant as (label, v1 side, v2 side)."""
        yield "base", self.v1, self.v2
        for i, variant in enumerate(self.variants, 1):
            v1, v2 = copy.deepcopy(self.v1), copy.deepcopy(self.v2)
            for path, value in variant.get("v1", {}).items():
                set_at(v1, path, value, self.part)
            for path, value in variant.get("v2", {}).items():
                set_at(v2, path, value, self.part)
            yield f"variant {i}", v1, v2


def load_goldens(directory: Path = GOLDEN_DIR) -> dict[tuple[str, str], Golden]:
    """Every golden, keyed by (v1.0 operation id, part)."""
    out: dict[tuple[str, str], Golden] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for op_id, parts in (data.get("goldens") or {}).items():
            for part, raw in parts.items():
                out[(op_id, part)] = golden_from(op_id, part, path.name, raw)
    return out


def golden_from(op_id: str, part: str, file: str, raw: dict[str, Any]) -> Golden:
    cases = tuple(
        Case(
            why=c["why"],
            direction=c["direction"],
            source=c["from"],
            expected=c.get("to"),
            error=c.get("error"),
            notes=tuple(c.get("notes", ())),
        )
        for c in raw.get("cases", ())
    )
    return Golden(
        op_id=op_id,
        part=part,
        file=file,
        v1=raw.get("v1"),
        v2=raw.get("v2"),
        only_v1=tuple(raw.get("only_v1", ())),
        only_v2=tuple(raw.get("only_v2", ())),
        variants=tuple(raw.get("variants", ())),
        cases=cases,
        unroutable=dict(raw.get("unroutable", {})),
    )


# --------------------------------------------------------------------------------------------------
# paths
# --------------------------------------------------------------------------------------------------


def _split(path: str, part: str) -> tuple[str | None, list[str]]:
    """(request section or None, keys with ``[]`` marking array items)."""
    section = None
    if part == "request":
        section, _, path = path.partition(":")
    keys = [k for k in re.split(r"\.|(?<=\[\])", path) if k]
    return section, keys


def _nodes(node: Any, keys: list[str]) -> Iterator[tuple[Any, str]]:
    """Every (parent, key) that ``keys`` reaches in ``node``; ``[]`` steps into every item."""
    if not keys:
        return
    head, rest = keys[0], keys[1:]
    if head == "[]":
        for item in node if isinstance(node, list) else ():
            yield from _nodes(item, rest)
        return
    array = head.endswith("[]")
    key = head[:-2] if array else head
    if not isinstance(node, dict):
        return
    if not rest and not array:
        yield node, key
        return
    if key not in node:
        return
    child = node[key]
    if array:
        if not rest:
            yield node, key
        for item in child if isinstance(child, list) else ():
            yield from _nodes(item, rest)
    else:
        yield from _nodes(child, rest)


def _with_root(side: Any, path: str, part: str) -> tuple[dict[str, Any], list[str]]:
    section, keys = _split(path, part)
    root = {"@": side}
    lead = ["@"] if section is None else ["@", section]
    if keys and keys[0] == "[]":
        lead[-1] += "[]"
        keys = keys[1:]
    return root, lead + keys


def strip(side: Any, drop: tuple[str, ...] | list[str], part: str) -> Any:
    """``side`` without the values at ``drop`` (a path into a list reaches every item)."""
    out = copy.deepcopy(side)
    for path in drop:
        root, keys = _with_root(out, path, part)
        for parent, key in list(_nodes(root, keys)):
            parent.pop(key, None)
        out = root["@"]
    if part == "request" and isinstance(out, dict):
        out = {k: v for k, v in out.items() if v not in ({}, None)}
    return out


def set_at(side: Any, path: str, value: Any, part: str) -> None:
    """Set the value at ``path`` (every item of a list on the way)."""
    root, keys = _with_root(side, path, part)
    for parent, key in list(_nodes(root, keys)):
        parent[key] = copy.deepcopy(value)


def engine_path(path: str, part: str) -> str:
    """A golden path as the translator's notes name it (``@query.x``, ``members[].ecs_id``)."""
    if part != "request":
        return path
    section, _, rest = path.partition(":")
    return f"{_SECTIONS[section]}.{rest}" if section in _SECTIONS else rest


# --------------------------------------------------------------------------------------------------
# comparison
# --------------------------------------------------------------------------------------------------


def diff(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Field-by-field differences, one line each (``members[0].ecs_id: expected ..., got ...``)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: list[str] = []
        for key in expected:
            sub = f"{where}.{key}" if where else str(key)
            if key not in actual:
                out.append(f"{sub}: missing (expected {expected[key]!r})")
            else:
                out += diff(expected[key], actual[key], sub)
        for key in actual:
            if key not in expected:
                sub = f"{where}.{key}" if where else str(key)
                out.append(f"{sub}: unexpected {actual[key]!r}")
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            line
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for line in diff(e, a, f"{where}[{i}]")
        ]
    if expected != actual or type(expected) is not type(actual):
        return [f"{where or '(body)'}: expected {expected!r}, got {actual!r}"]
    return []


# --------------------------------------------------------------------------------------------------
# running a golden
# --------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    side: Any
    notes: list[tuple[str, str]]
    """(source path, kind) of every note."""
    problems: list[str]


def _fill(template: str, params: dict[str, Any]) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return quote(str(params[name]), safe="") if name in params else m.group(0)

    return _PARAM.sub(value, template)


def _params(template: str, url: str) -> dict[str, str] | None:
    regex = (
        "^"
        + _PARAM.sub(r"(?P<\1>[^/]+)", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
        + "/?$"
    )
    found = re.match(regex, url)
    return None if found is None else {k: unquote(v) for k, v in found.groupdict().items()}


def run(mappings: Mappings, golden: Golden, direction: str, source: Any) -> Outcome:
    """Convert one side of ``golden`` in ``direction``; the result is shaped like a golden side."""
    pair = mappings.pairs[golden.op_id]
    src, dst = (pair.v1, pair.v2) if direction == "v1_to_v2" else (pair.v2, pair.v1)
    if golden.part == "response":
        resp = translate_response(direction, pair, src.success_status, source)  # type: ignore[arg-type]
        problems = [] if resp.status == dst.success_status else [f"status {resp.status}"]
        return Outcome(resp.body, [(n.path, n.kind) for n in resp.notes], problems)
    prefix = {"project_id": PROJECT, "instance_id": INSTANCE}
    params = dict(source.get("path", {}))
    if src.version == "v2":
        params.update(prefix)
    url = _fill(src.path, params)
    query, body = source.get("query", {}), source.get("body")
    if direction in golden.unroutable:
        return _unroutable(mappings, golden, direction, src.method, url, query, body)
    req = translate_request(
        direction,
        src.method,
        url,
        query,
        body,
        project_id=PROJECT,
        instance_id=INSTANCE,  # type: ignore[arg-type]
        check=False,  # a case holds only the fields it is about; whole goldens are validated apart
    )
    problems = []
    if (req.method, req.op_id) != (dst.method, dst.id):
        problems.append(f"became {req.method} {req.op_id}, not {dst.method} {dst.id}")
    got_params = _params(dst.path, req.path)
    if got_params is None:
        problems.append(f"URL {req.path} does not fit {dst.path}")
        got_params = {}
    if dst.version == "v2":
        for name, value in prefix.items():
            if got_params.pop(name, None) != value:
                problems.append(f"URL {req.path}: {name} is not {value}")
    side = {"path": got_params, "query": dict(req.query), "body": req.body}
    side = {k: v for k, v in side.items() if v not in ({}, None)}
    return Outcome(side, [(n.path, n.kind) for n in req.notes], problems)


def _unroutable(
    mappings: Mappings, golden: Golden, direction: str, method: str, url: str, query: Any, body: Any
) -> Outcome:
    """A request that cannot become the target operation as a whole (its URL cannot be built, or it
    is taken for another operation): that must be so, and its body must still convert."""
    problems = []
    pair = mappings.pairs[golden.op_id]
    dst = pair.v2 if direction == "v1_to_v2" else pair.v1
    try:
        req = translate_request(
            direction,
            method,
            url,
            query,
            body,
            project_id=PROJECT,
            instance_id=INSTANCE,  # type: ignore[arg-type]
        )
        if req.op_id == dst.id:
            problems.append(f"expected no {dst.id} request ({golden.unroutable[direction]}), got {req.path}")
    except TranslationError:
        pass
    converted = convert(golden.op_id, direction, "request", body)  # type: ignore[arg-type]
    side: dict[str, Any] = {"body": converted.body} if converted.body not in ({}, None) else {}
    for key, section in (("@path", "path"), ("@query", "query")):
        if converted.moved and converted.moved.get(key):
            side[section] = converted.moved[key]
    return Outcome(side, [(n.path, n.kind) for n in converted.notes], problems)


def _convertible(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """What ``convert`` can be held to: the whole body, and of the path and query only the values
    that body rows moved there (it never sees the source's own URL)."""
    out = {"body": expected["body"]} if "body" in expected else {}
    for section in ("path", "query"):
        if section in got:
            wanted = expected.get(section, {})
            out[section] = {k: wanted.get(k, "(not expected here)") for k in got[section]}
    return out


def check(mappings: Mappings, golden: Golden) -> list[str]:
    """Every way the tables in ``mappings`` disagree with ``golden`` (empty: it holds)."""
    out: list[str] = []
    for label, v1, v2 in golden.sides():
        for direction in DIRECTIONS:
            source, target = (v1, v2) if direction == "v1_to_v2" else (v2, v1)
            dropped_src = golden.only_v1 if direction == "v1_to_v2" else golden.only_v2
            dropped_dst = golden.only_v2 if direction == "v1_to_v2" else golden.only_v1
            tag = f"{label} {direction}"
            try:
                got = run(mappings, golden, direction, source)
            except TranslationError as exc:
                out.append(f"{tag}: {type(exc).__name__}: {exc}")
                continue
            expected = strip(target, dropped_dst, golden.part)
            if direction in golden.unroutable:
                expected = _convertible(expected, got.side)
            out += [f"{tag}: {p}" for p in got.problems]
            out += [f"{tag}: {line}" for line in diff(expected, got.side)]
            dropped = {path for path, kind in got.notes if kind == "dropped"}
            wanted = {engine_path(p, golden.part) for p in dropped_src}
            if direction not in golden.unroutable:
                out += [f"{tag}: {p} was not reported as dropped" for p in sorted(wanted - dropped)]
                out += [f"{tag}: {p} was dropped" for p in sorted(dropped - wanted)]
            out += [
                f"{tag}: unexpected note {kind} at {path}" for path, kind in got.notes if kind != "dropped"
            ]
    for case in golden.cases:
        out += [f"case {case.why!r}: {p}" for p in check_case(mappings, golden, case)]
    return out


def check_case(mappings: Mappings, golden: Golden, case: Case) -> list[str]:
    try:
        got = run(mappings, golden, case.direction, case.source)
    except TranslationError as exc:
        if case.error is not None and case.error in f"{type(exc).__name__}: {exc}":
            return []
        return [f"{type(exc).__name__}: {exc}"]
    if case.error is not None:
        return [f"expected an error ({case.error}), got {got.side!r}"]
    out = list(got.problems) + diff(case.expected, got.side)
    out += [f"{path} is not a documented field" for path, kind in got.notes if kind == "unknown"]
    kinds = {kind for _, kind in got.notes}
    for note in case.notes:  # "kind" or "kind path"
        kind, _, path = note.partition(" ")
        if (path, kind) not in got.notes if path else kind not in kinds:
            out.append(f"no note {note!r} (notes: {sorted(got.notes)})")
    return out
