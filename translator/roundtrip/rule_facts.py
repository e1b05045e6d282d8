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

RELATIONS = frozenset({"compare", "required_if"})
"""Kinds relating a field to a sibling: they hold (or break) in an object, not in a value."""
INERT = frozenset({"default", "variables"})
"""Kinds that refuse no value."""
PER_ITEM = frozenset({"pattern", "range", "enum", "forbidden", "format"})
"""Kinds that hold for each item of an array of scalars (``translator.models.rules``)."""
LOW, HIGH = -(10**6), 10**9
"""The bounds of an integer no column or rule bounds (as ``translator.roundtrip.strategies``)."""


def own_rules(f: FieldSpec) -> tuple[Rule, ...]:
    """The rules of ``f`` that refuse a value on their own (no relation, no default/variables)."""
    return tuple(r for r in f.rules if r.kind not in RELATIONS | INERT)


def has_variables(f: FieldSpec) -> bool:
    return any(r.kind == "variables" for r in f.rules)


def is_scalar_array(f: FieldSpec) -> bool:
    return f.type == "array" and not f.children and f.values is None


_ITEMS: dict[int, tuple[FieldSpec, FieldSpec]] = {}


def item_field(f: FieldSpec) -> FieldSpec:
    """An array of scalars' items as a field of their own, with the rules that hold for each item
    (one per array field, so that its checker is made once)."""
    found = _ITEMS.get(id(f))
    if found is None:
        rules = tuple(r for r in f.rules if r.kind in PER_ITEM or r.kind == "variables")
        found = _ITEMS[id(f)] = (f, FieldSpec(name=f.name, type=f.items or "string", rules=rules))
    return found[1]


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
_MEMO: dict[tuple[str, int], tuple[object, _Check]] = {}
"""Checkers by the id of what they derive from (kept alive in the value, so an id is
never reused while its entry stands; spec fields may hold lists, so they are not all hashable)."""


def _memo(tag: str, key: object, fields: Callable[[], tuple[FieldSpec, ...]]) -> _Check:
    """The checker of the ``fields`` derived from ``key`` (made once per key)."""
    found = _MEMO.get((tag, id(key)))
    if found is None:
        found = _MEMO[(tag, id(key))] = (key, field_checker(fields()))
    return found[1]


def value_breaches(f: FieldSpec, value: Any) -> list[Breach]:
    """The rules of ``f`` (not the relations, not its children's) that ``value`` breaks."""
    name = f.name or "_"  # a bare array's items: the root field named "" is not looked up by name
    check = _memo("alone", f, lambda: (replace(f, name=name, children=(), values=None),))
    return [b for b in check({name: value}) if b.rule.kind not in RELATIONS]


def _shallow(fields: tuple[FieldSpec, ...]) -> _Check:
    return _memo(
        "shallow",
        fields,
        lambda: tuple(
            replace(f, children=(), values=None, rules=tuple(r for r in f.rules if r.kind in RELATIONS))
            for f in fields
        ),
    )


def relation_breaches(fields: tuple[FieldSpec, ...], data: dict[str, Any]) -> list[Breach]:
    """The relation rules (``compare``, ``required_if``) among ``fields`` that the object breaks."""
    return _shallow(fields)(data)


def relations(fields: tuple[FieldSpec, ...]) -> list[tuple[FieldSpec, Rule]]:
    """Every (field, rule) of ``fields`` relating it to a sibling."""
    return [(f, r) for f in fields for r in f.rules if r.kind in RELATIONS]
