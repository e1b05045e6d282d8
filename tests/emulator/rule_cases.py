"""Requests that break exactly one value rule of the spec data, one per rule kind and version.

Each is a doc request sample (``fixtures/samples``) that breaks no rule and passes the model, with
one value changed so that it breaks one rule of that kind and nothing else (checked here with the
models and ``translator.models.rules``). The changed values are drawn, not hand-picked:
``translator.roundtrip.rule_violations.violating_patch`` (a few per rule, the same every run); a
comparison breaks together with its mirror on the sibling, if the docs write one. Path parameters
are made-up ids: the emulators check a request before they look anything up.
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
from translator.roundtrip.rule_violations import examples, violating_patch
from translator.spec import FieldSpec, Rule, field_index, load_spec, walk
from translator.types import VERSIONS, Version

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
CHECKED = frozenset({"pattern", "range", "length", "enum", "forbidden", "format", "compare", "required_if"})
"""The kinds that refuse a value (``default`` and ``variables`` refuse nothing)."""
_ID = "0123456789abcdef0123456789abcdef"
_DRAWN = 8
"""Violating patches drawn per rule (the first that keeps the model is sent)."""


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


def _siblings(fields: tuple[FieldSpec, ...], path: str) -> tuple[FieldSpec, ...]:
    """The fields of the object holding the field at ``path`` (a table path)."""
    if "." not in path:
        return fields
    parent = field_index(fields)[path.rsplit(".", 1)[0].removesuffix("[]")]
    return parent.children


def _patches(f: FieldSpec, rule: Rule, siblings: tuple[FieldSpec, ...]) -> list[dict[str, Any]]:
    """Changes of the object holding ``f`` that break ``rule`` (None: the key left out)."""
    return examples(violating_patch(rule, f, siblings), _DRAWN)


def _changed(body: Any, path: str, patch: dict[str, Any]) -> Any:
    out = copy.deepcopy(body)
    [(holder, _)] = _holders(out, path)
    for key, value in patch.items():
        if value is None:
            holder.pop(key, None)
        else:
            holder[key] = value
    return out


def _only(found: list[Breach], path: str, rule: Rule) -> bool:
    """The breaches are the rule's alone (a comparison: with its mirror on the sibling, if any)."""
    if rule.kind == "compare":
        return rule in [b.rule for b in found] and all(b.rule.kind == "compare" for b in found)
    return [(b.field, b.rule) for b in found] == [(path, rule)]


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
    op = load_spec(version).operation(op_id)
    for patch in _patches(f, rule, _siblings(op.part("request") or (), path)):
        changed = _changed(body, path, patch)
        found = breaches(version, op_id, "request", changed)
        if found and _only(found, path, rule) and _valid(version, op_id, changed):
            first = found[0]
            return RuleCase(version, op_id, op.method, op.path, first.field, first.rule, changed, first)
    return None


def _query_case(version: Version, op_id: str, f: FieldSpec, rule: Rule) -> RuleCase | None:
    """A query with one parameter breaking ``rule`` (the operation's other parameters optional)."""
    op = load_spec(version).operation(op_id)
    if any(q.required and q.name != f.name for q in op.query) or op.request is not None:
        return None
    for patch in _patches(f, rule, op.query):
        raw = {k: str(v) for k, v in patch.items() if v is not None}
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
