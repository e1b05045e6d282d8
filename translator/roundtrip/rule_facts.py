"""What a field's value rules and table columns say together, for the rule strategies: the bounds of
a number, the lengths of a string, the enum values as the field's type holds them, and the rules a
value or an object breaks (``translator.models.rules.field_breaches``, the check the emulators run).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from translator.models.rules import Breach, field_checker
from translator.spec import FieldSpec, Rule
from translator.spec.memo import by_identity
from translator.spec.rules import INERT, PER_ITEM, RELATIONS

LOW, HIGH = -(10**6), 10**9
"""The bounds of an integer no column or rule bounds (as ``translator.roundtrip.strategies``)."""


def own_rules(f: FieldSpec) -> tuple[Rule, ...]:
    """The rules of ``f`` that refuse a value on their own (no relation, no default/variables)."""
    return tuple(r for r in f.rules if r.kind not in RELATIONS | INERT)


def is_scalar_array(f: FieldSpec) -> bool:
    return f.type == "array" and not f.children and f.values is None


@by_identity
def item_field(f: FieldSpec) -> FieldSpec:
    """An array of scalars' items as a field of their own, with the rules that hold for each item
    (one per array field, so that its checker is made once)."""
    rules = tuple(r for r in f.rules if r.kind in PER_ITEM or r.kind == "variables")
    return FieldSpec(name=f.name, type=f.items or "string", rules=rules)


def bounds(f: FieldSpec) -> tuple[int, int]:
    """The integer bounds of a number field: its columns and its range rules, all of them."""
    lows = [f.minimum] + [r.minimum for r in f.rules if r.kind == "range"]
    highs = [f.maximum] + [r.maximum for r in f.rules if r.kind == "range"]
    lo = max((math.ceil(v) for v in lows if v is not None), default=LOW)
    hi = min((math.floor(v) for v in highs if v is not None), default=HIGH)
    return lo, hi


def lengths(f: FieldSpec, rules: bool = True) -> tuple[int, int | None]:
    """The length bounds of a string or array: its columns (and its length rules unless ``rules``
    is false); None: no upper bound."""
    lows = [f.min_length] + ([r.min_length for r in f.rules if r.kind == "length"] if rules else [])
    highs = [f.max_length] + ([r.max_length for r in f.rules if r.kind == "length"] if rules else [])
    hi = [v for v in highs if v is not None]
    return max((v for v in lows if v is not None), default=0), (min(hi) if hi else None)


_Check = Callable[[Any], list[Breach]]


def _name(f: FieldSpec) -> str:
    return f.name or "_"  # a bare array's items: the root field named "" is not looked up by name


@by_identity
def _alone(f: FieldSpec) -> _Check:
    """The checker of ``f`` on its own (no children), made once per field."""
    return field_checker((replace(f, name=_name(f), children=(), values=None),))


def value_breaches(f: FieldSpec, value: Any) -> list[Breach]:
    """The rules of ``f`` (not the relations, not its children's) that ``value`` breaks."""
    return [b for b in _alone(f)({_name(f): value}) if b.rule.kind not in RELATIONS]


@by_identity
def _shallow(fields: tuple[FieldSpec, ...]) -> _Check:
    """The checker of the relation rules among ``fields`` (not their children's), made once."""
    return field_checker(
        tuple(
            replace(f, children=(), values=None, rules=tuple(r for r in f.rules if r.kind in RELATIONS))
            for f in fields
        )
    )


def relation_breaches(fields: tuple[FieldSpec, ...], data: dict[str, Any]) -> list[Breach]:
    """The relation rules (``compare``, ``required_if``) among ``fields`` that the object breaks."""
    return _shallow(fields)(data)


def relations(fields: tuple[FieldSpec, ...]) -> list[tuple[FieldSpec, Rule]]:
    """Every (field, rule) of ``fields`` relating it to a sibling."""
    return [(f, r) for f in fields for r in f.rules if r.kind in RELATIONS]
