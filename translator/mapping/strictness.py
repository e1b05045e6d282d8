"""Where the two versions' rules differ: the fields whose target rule is stricter than the source's.

For every operation pair, direction and body part (request and response), each source field the
table maps to a target field is probed: a WITNESS is a value valid on the source side (of the
field's type, within its table columns, breaking none of its stated rules) that, translated by the
table (the engine, as ``translator.translate.convert`` runs it: renames, value maps, range
policies), breaks a target rule or column. Candidates come from both sides' rules
(``translator.mapping.probes``); a target ``required_if`` rule is probed with the sibling values
that trigger it and the field left out. The result, :class:`Stricter` rows, is computed once.

A row's ``handled`` says how the translation meets its witness: ``clamp``, ``reject`` or ``pass``
(the row's ``out_of_range``: the value is clamped with a note, refused, or passed on with a note),
or None: the translation produces a body the target refuses, and only the ``stricter`` note of
``translate.convert`` (the target's rules checked after translating) says so.

In a response (what a server answered) only the target's stated rules count, not its table
columns: ``check_output`` does not hold a response to the documented bounds either.

Not probed: path and query parameters, arrays and objects themselves (their scalar members are),
``compare`` rules between siblings, and required columns (``check_output`` meets those: it fills the
documented default or refuses the translation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from translator.errors import OutOfRange, TranslatorError
from translator.mapping import engine, paths
from translator.mapping.compiled import PartPlan, Report, action_for
from translator.mapping.load import OperationPair, load_mappings
from translator.mapping.probes import (
    MISSING,
    NUMBER_TYPES,
    body_at,
    candidates,
    constraints,
    key,
    merged,
    sibling,
    value_at,
)
from translator.models import bare
from translator.models.rules import breaches, broken_rules, rule_checks
from translator.spec import FieldSpec, OperationSpec, Rule, field_index, walk
from translator.spec.rules import takes_variables
from translator.types import DIRECTIONS, JSON, Direction, Part

PARTS: tuple[Part, Part] = ("request", "response")
SCALARS = frozenset({"string", "integer", "number"})
Checks = tuple[tuple[Rule, Any], ...]


@dataclass(frozen=True, slots=True)
class Stricter:
    """A field whose target rule refuses a value the source takes, with a witness."""

    op_id: str
    """The v1.0 operation of the pair."""
    direction: Direction
    part: Part
    source_field: str
    target_field: str
    rule: Rule
    """The target's rule (a table column reads as a rule whose source names the column)."""
    witness: JSON
    """A source body (the field, and the siblings the rule needs) valid on the source side."""
    handled: str | None = None
    """``clamp``, ``reject`` or ``pass``: the row's ``out_of_range`` meets the witness; None: the
    translated body breaks the target's rule."""

    def as_json(self) -> dict[str, Any]:
        """What the matrix prints (never the witness: the rule and the docs' sentence only)."""
        return {
            "field": self.source_field,
            "target_field": self.target_field,
            "direction": self.direction,
            "part": self.part,
            "rule": self.rule.describe(),
            "kind": self.rule.kind,
            "source": " ".join(self.rule.source.split()),
            "handled": self.handled,
        }


@dataclass(frozen=True, slots=True)
class _Side:
    """One direction of one part of a pair: both operations and the plan between them."""

    pair: OperationPair
    direction: Direction
    part: Part
    src: OperationSpec
    dst: OperationSpec
    plan: PartPlan

    def translate(self, body: JSON) -> tuple[JSON, Report]:
        """``body`` translated as ``translate.convert`` does it (without the model checks)."""
        body = bare.expand(self.src.part(self.part) or (), body)
        report: Report = []
        out = engine.run(self.plan.plan(self.direction), engine.wrap_body(body), report)
        for holder in (paths.PATH_PARAMS, paths.QUERY_PARAMS):
            out.pop(holder, None)
        spec = self.dst.request if self.part == "request" else self.dst.response
        return engine.unwrap_body(out, spec is not None), report

    def source_breaks(self, path: str, body: JSON) -> bool:
        """Whether ``body`` breaks a source rule of the field at ``path``."""
        return any(b.field == path for b in breaches(self.src.version, self.src.id, self.part, body))

    def target_breaches(self, path: str, body: JSON) -> list[Rule]:
        return [b.rule for b in breaches(self.dst.version, self.dst.id, self.part, body) if b.field == path]


def _fits(f: FieldSpec, value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if f.type == "string":
        return isinstance(value, str)
    if f.type == "integer":
        return isinstance(value, int)
    return isinstance(value, (int, float))


def _probe_values(side: _Side, s_path: str, t_path: str, f: FieldSpec, g: FieldSpec) -> Iterator[Stricter]:
    source, target = constraints(f), constraints(g)
    if side.part == "response":  # a server's answer: the target's columns are not checked there
        target = tuple(r for r in g.rules if r.kind != "default")
    action = action_for(side.plan.plan(side.direction), s_path)
    changes = action is not None and (action.values is not None or action.transform is not None)
    target_checks: Checks = rule_checks(target, g.type)
    if not target_checks or (not changes and {key(r) for r, _ in target_checks} <= {key(r) for r in source}):
        return
    source_checks: Checks = rule_checks(source, f.type)
    s_vars, t_vars = takes_variables(f.rules), takes_variables(g.rules)
    witnessed: set[tuple[Any, ...]] = set()
    for value in candidates(source, target, f.type if f.type in SCALARS else ""):
        if not _fits(f, value) or broken_rules(source_checks, value, s_vars):
            continue
        mapped = value
        if action is not None and action.values is not None:
            mapped = action.values.get(value, value)
        fresh = [r for r in broken_rules(target_checks, mapped, t_vars) if key(r) not in witnessed]
        if not fresh:
            continue
        body = body_at(s_path, value)
        if side.source_breaks(s_path, body):
            continue
        handled: str | None = None
        try:
            out, report = side.translate(body)
        except OutOfRange:
            handled = "reject"
        except TranslatorError:
            continue
        else:
            said = {kind for path, kind, _ in report if path == s_path and kind in ("clamped", "passed")}
            if said:
                handled = "clamp" if "clamped" in said else "pass"
            else:
                landed = value_at(out, t_path)
                if landed is MISSING:
                    continue
                broken = {key(r) for r in broken_rules(target_checks, landed, t_vars)}
                fresh = [r for r in fresh if key(r) in broken]
        for rule in fresh:
            witnessed.add(key(rule))
            yield Stricter(side.pair.v1.id, side.direction, side.part, s_path, t_path, rule, body, handled)
        if len(witnessed) == len(target_checks):
            return


def _probe_required(
    side: _Side, s_path: str, t_path: str, f: FieldSpec, g: FieldSpec, back: dict[str, str]
) -> Iterator[Stricter]:
    """A target ``required_if`` rule: the trigger's value on the source side, the field left out."""
    if f.required:
        return
    i = s_path.rfind(".")
    empty = body_at(s_path[:i], {}) if i >= 0 else {}
    sources = field_index(side.src.part(side.part))
    for rule in g.rules:
        if rule.kind != "required_if" or rule.other is None:
            continue
        s_other = back.get(sibling(t_path, rule.other))
        other = sources.get(s_other) if s_other is not None else None
        tries: list[Any] = [MISSING]
        if s_other is not None and other is not None:
            tries += [*(other.enum or ()), *(rule.values or ())]
        for value in tries:
            if value is MISSING:
                body = empty
            else:
                assert s_other is not None
                body = merged(empty, body_at(s_other, value))
            if side.source_breaks(s_path, body):
                continue
            try:
                out, _ = side.translate(body)
            except TranslatorError:
                continue
            if any(key(r) == key(rule) for r in side.target_breaches(t_path, out)):
                yield Stricter(side.pair.v1.id, side.direction, side.part, s_path, t_path, rule, body)
                break


def _sides(pair: OperationPair) -> Iterator[_Side]:
    for direction in DIRECTIONS:
        src, dst = (pair.v1, pair.v2) if direction == "v1_to_v2" else (pair.v2, pair.v1)
        for part in PARTS:
            if (src.request if part == "request" else src.response) is None:
                continue
            plan = pair.request if part == "request" else pair.response
            yield _Side(pair, direction, part, src, dst, plan)


def _pair(pair: OperationPair) -> Iterator[Stricter]:
    for side in _sides(pair):
        mapping = side.plan.targets(side.direction)
        back = {t: s for s, t in mapping.items()}
        sources, targets = field_index(side.src.part(side.part)), field_index(side.dst.part(side.part))
        for s_path, t_path in mapping.items():
            if s_path.startswith("@"):
                continue
            f, g = sources.get(s_path), targets.get(t_path)
            if f is None or g is None or f.type not in SCALARS or g.type not in SCALARS:
                continue
            if f.type in NUMBER_TYPES or f.type == "string":
                yield from _probe_values(side, s_path, t_path, f, g)
            yield from _probe_required(side, s_path, t_path, f, g, back)


def _stated(f: FieldSpec) -> set[tuple[Any, ...]]:
    return {key(r) for r in f.rules if r.kind != "default"}


@cache
def rules_differ(op_id: str, direction: Direction, part: Part) -> bool:
    """Whether a translation of ``part`` of pair ``op_id`` in ``direction`` can break a stated rule
    of the target the source body keeps: false when every target field with a stated rule is the
    counterpart of a source field stating the same rules, copied as it is (then a translated body
    breaks a target rule only where the source body breaks it too). ``translate`` skips its
    check of the target's rules then."""
    pair = load_mappings().pair(op_id)
    side = next((s for s in _sides(pair) if s.direction == direction and s.part == part), None)
    if side is None:
        return False
    body = side.dst.request if part == "request" else side.dst.response
    if body is None:
        return False
    if body.values is not None:
        return True  # a map body: its values' rules are not walked here
    back = {t: s for s, t in side.plan.targets(direction).items()}
    sources = field_index(side.src.part(part))
    plan = side.plan.plan(direction)
    for t_path, g in walk(body.root_fields()):
        if g.values is not None and g.values.rules:
            return True
        stated = _stated(g)
        if not stated:
            continue
        s_path = back.get(t_path)
        f = sources.get(s_path) if s_path is not None else None
        if f is None:
            return True
        source = _stated(f)
        if not stated <= source or (takes_variables(f.rules) and not takes_variables(g.rules)):
            return True
        action = action_for(plan, s_path) if s_path is not None else None
        if action is not None and (action.values is not None or action.transform is not None):
            return True
    return False


@cache
def stricter_fields() -> tuple[Stricter, ...]:
    """Every stricter field of every operation pair, by v1.0 operation id, direction and part."""
    mappings = load_mappings()
    return tuple(row for op_id in sorted(mappings.pairs) for row in _pair(mappings.pairs[op_id]))


@cache
def by_operation() -> dict[str, tuple[Stricter, ...]]:
    """``stricter_fields`` per v1.0 operation id (operations without any are absent)."""
    out: dict[str, list[Stricter]] = {}
    for row in stricter_fields():
        out.setdefault(row.op_id, []).append(row)
    return {op_id: tuple(rows) for op_id, rows in out.items()}


__all__ = ["Stricter", "by_operation", "rules_differ", "stricter_fields"]
