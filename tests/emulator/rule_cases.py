"""Requests that break exactly one value rule of the spec data, one per rule kind and version.

Each is a doc request sample (``fixtures/samples``) that breaks no rule and passes the model, with
one value changed so that it breaks one rule of that kind and nothing else (checked here with the
models and ``translator.models.rules``). Path parameters are made-up ids: the emulators check a
request before they look anything up.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError as PydanticError

from translator.emulator.registry import registry_for
from translator.errors import ValidationFailed
from translator.models import models_for, validate
from translator.models.rules import Breach, RulePart, breaches
from translator.spec import FieldSpec, Rule, load_spec, walk
from translator.types import VERSIONS, Version

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
CHECKED = frozenset({"pattern", "range", "length", "enum", "forbidden", "format", "compare", "required_if"})
"""The kinds that refuse a value (``default`` and ``variables`` refuse nothing)."""
_ID = "0123456789abcdef0123456789abcdef"


@dataclass(frozen=True)
class RuleCase:
    version: Version
    op_id: str
    method: str
    path: str
    field: str
    rule: Rule
    body: Any
    breach: Breach
    part: RulePart = "request"
    query: tuple[tuple[str, str], ...] = ()

    def url_path(self, known: dict[str, str]) -> str:
        """The path (and query) with the prefix's parameters from ``known``, made-up ids for the rest."""
        out = self.path
        for f in load_spec(self.version).operation(self.op_id).path_params:
            out = out.replace("{" + f.name + "}", known.get(f.name, _ID))
        return f"{out}?{urlencode(self.query)}" if self.query else out


def _samples(version: Version) -> Iterator[tuple[str, dict[str, Any]]]:
    for file in sorted((SAMPLES / version).glob("*.json")):
        sample = json.loads(file.read_text(encoding="utf-8"))
        bodies = sample.get("request") or []
        wrong = [e for e in sample.get("known_errors") or [] if e["part"] == "request"]
        if bodies and isinstance(bodies[0], dict) and not wrong:
            yield file.stem, bodies[0]


def _holders(data: Any, path: str) -> list[tuple[dict[str, Any], str]]:
    """The objects holding ``path``'s last key in ``data`` (the first item of each array on the way)."""
    *parents, last = path.split(".")
    node = data
    for part in parents:
        many = part.endswith("[]")
        node = node.get(part.removesuffix("[]")) if isinstance(node, dict) else None
        if many:
            node = node[0] if isinstance(node, list) and node else None
    return [(node, last)] if isinstance(node, dict) else []


def _candidates(f: FieldSpec, rule: Rule, holder: dict[str, Any], key: str) -> Iterator[Any]:
    """Values for ``holder[key]`` that may break ``rule`` (None: the key left out)."""
    current = holder.get(key)
    kind = rule.kind
    if kind == "pattern":
        text = current if isinstance(current, str) and current else "abc"
        yield from ("1" + text[1:], "_" + text[1:], text + "!", "!" + text, text + " x", "中" + text, "")
    elif kind == "range":
        for bound, step in ((rule.minimum, -1), (rule.maximum, 1)):
            if bound is not None:
                yield int(bound) + step if f.type == "integer" else bound + step
    elif kind == "length" and f.type == "string":
        if rule.min_length:
            yield "a" * (rule.min_length - 1)
        if rule.max_length is not None:
            yield "a" * (rule.max_length + 1)
    elif kind == "enum":
        yield from ("not_an_option", 987654321)
    elif kind == "forbidden":
        yield from rule.values or ()
    elif kind == "format":
        yield from ("bad value", "999.1.1.1", "-", "a@b@c")
    elif kind == "compare":
        other = holder.get(rule.other or "")
        if isinstance(other, int) and not isinstance(other, bool):
            yield from (other, other + 1, other - 1, other * 2, other // 2)
    elif kind == "required_if":
        yield None


def _changed(body: Any, path: str, rule: Rule, value: Any) -> Any:
    out = copy.deepcopy(body)
    [(holder, key)] = _holders(out, path)
    if rule.kind == "required_if":
        holder.pop(key, None)
        holder[rule.other or ""] = value
    else:
        holder[key] = value
    return out


def _valid(version: Version, op_id: str, body: Any) -> bool:
    try:
        validate(version, op_id, "request", body)
    except ValidationFailed:
        return False
    return True


def _case(version: Version, op_id: str, body: Any, path: str, f: FieldSpec, rule: Rule) -> RuleCase | None:
    holders = _holders(body, path)
    if not holders:
        return None
    holder, key = holders[0]
    if rule.kind != "required_if" and key not in holder:
        return None
    values = rule.values or () if rule.kind == "required_if" else _candidates(f, rule, holder, key)
    op = load_spec(version).operation(op_id)
    for value in values:
        changed = _changed(body, path, rule, value)
        found = breaches(version, op_id, "request", changed)
        if [(b.field, b.rule) for b in found] == [(path, rule)] and _valid(version, op_id, changed):
            return RuleCase(version, op_id, op.method, op.path, path, rule, changed, found[0])
    return None


def _query_case(version: Version, op_id: str, f: FieldSpec, rule: Rule) -> RuleCase | None:
    """A query with one parameter breaking ``rule`` (the operation's other parameters optional)."""
    op = load_spec(version).operation(op_id)
    if any(q.required and q.name != f.name for q in op.query) or op.request is not None:
        return None
    for value in _candidates(f, rule, {}, f.name):
        raw = {f.name: str(value)}
        try:
            typed = (
                models_for(version, op_id)
                .query.model_validate(raw)
                .model_dump(by_alias=True, exclude_unset=True)
            )
        except PydanticError:
            continue
        found = breaches(version, op_id, "query", typed)
        if [(b.field, b.rule) for b in found] == [(f.name, rule)]:
            return RuleCase(
                version, op_id, op.method, op.path, f.name, rule, None, found[0], "query", tuple(raw.items())
            )
    return None


@cache
def cases() -> list[RuleCase]:
    """One case per rule kind present in each version's request bodies or queries (doc samples
    permitting; a kind a body shows is not looked for in a query)."""
    out: list[RuleCase] = []
    for version in VERSIONS:
        spec = load_spec(version)
        served = registry_for(version).handlers
        covered: set[str] = set()
        for op_id, body in _samples(version):
            if op_id not in served or breaches(version, op_id, "request", body):
                continue
            if not _valid(version, op_id, body):
                continue
            for path, f in walk(spec.operation(op_id).part("request") or ()):
                for rule in f.rules:
                    if rule.kind in CHECKED and rule.kind not in covered:
                        case = _case(version, op_id, body, path, f, rule)
                        if case is not None:
                            covered.add(rule.kind)
                            out.append(case)
        for op_id in sorted(served):
            for f in spec.operation(op_id).query:
                for rule in f.rules:
                    if rule.kind in CHECKED and rule.kind not in covered:
                        case = _query_case(version, op_id, f, rule)
                        if case is not None:
                            covered.add(rule.kind)
                            out.append(case)
    return out


def kinds_present(version: Version) -> set[str]:
    """The refusing rule kinds in ``version``'s request bodies and queries."""
    spec = load_spec(version)
    return {
        rule.kind
        for op in spec.operations.values()
        for part in ("request", "query")
        for _, f in walk(op.part(part) or ())
        for rule in f.rules
        if rule.kind in CHECKED
    }
