"""The sibling relations of the docs' rules (``compare``, ``required_if``) made to hold in generated
objects: the :data:`~translator.roundtrip.strategies.ObjectRule` :func:`relate`.

An object drawn field by field may break a relation; it is repaired, not thrown away:

- ``required_if``: the field is absent while its sibling takes one of the values: a value of the
  field is drawn (its own strategy) and put in;
- ``compare``: both numbers and the comparison false: the field is moved to the nearest value that
  keeps it (within its bounds: columns and range rules), else the sibling is, else an optional
  field is left out. Relations are repaired in the order they depend on each other (a field
  compared with a sibling that is itself compared comes after it), a few passes at most.

An object that still breaks a relation is filtered out (``rule_facts.relation_breaches``): the
strategy never yields one. Everything comes from the fields' rules; no field name is known here.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from translator.roundtrip.rule_facts import bounds, relation_breaches, relations
from translator.roundtrip.strategies import Site
from translator.spec import FieldSpec, Rule
from translator.spec.rules import COMPARE

_PASSES = 3
_Compare = tuple[FieldSpec, Rule, FieldSpec]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _among(value: Any, options: tuple[Any, ...]) -> bool:
    if isinstance(value, bool) or any(isinstance(o, bool) for o in options):
        return any(isinstance(o, bool) and o is value for o in options)
    return value in options


def _nearest(op: str, other: int) -> int:
    """The value nearest the sibling's ``other`` for which ``value op other`` holds."""
    return {"<": other - 1, "<=": other, ">": other + 1, ">=": other}[op]


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _ordered(compares: list[_Compare]) -> list[_Compare]:
    """Compares sorted so a field's sibling is settled before it (depth in the chain of siblings)."""
    subject = {f.name: r.other for f, r, _ in compares}

    def depth(name: str) -> int:
        seen: set[str] = set()
        n = 0
        while name in subject and name not in seen:
            seen.add(name)
            name = subject[name] or ""
            n += 1
        return n

    return sorted(compares, key=lambda c: depth(c[0].name))


def _repair_compare(data: dict[str, Any], c: _Compare) -> None:
    f, rule, sibling = c
    op, mine, theirs = rule.op or "<", data.get(f.name), data.get(sibling.name)
    if not (isinstance(mine, (int, float)) and isinstance(theirs, (int, float))):
        return
    if not (_number(mine) and _number(theirs)) or COMPARE[op](mine, theirs):
        return
    lo, hi = bounds(f)
    moved = _nearest(op, int(theirs))
    if lo <= moved <= hi:
        data[f.name] = moved
        return
    lo, hi = bounds(sibling)
    moved = _nearest(_FLIPPED[op], int(mine))
    if lo <= moved <= hi:
        data[sibling.name] = moved
    elif not f.required:
        del data[f.name]


def relate(
    site: Site,
    fields: tuple[FieldSpec, ...],
    strategy: st.SearchStrategy[dict[str, Any]],
    values: dict[str, st.SearchStrategy[Any]],
) -> st.SearchStrategy[dict[str, Any]]:
    """The object strategy with its fields' relations holding (``strategy`` itself when none of
    the fields relates to a sibling)."""
    found = relations(fields)
    if not found:
        return strategy
    by_name = {f.name: f for f in fields}
    compares = _ordered([(f, r, by_name[r.other or ""]) for f, r in found if r.kind == "compare"])
    required = [(f, r) for f, r in found if r.kind == "required_if"]

    def fix(drawn: dict[str, Any]) -> dict[str, Any]:
        data = dict(drawn)
        for _ in range(_PASSES):
            for c in compares:
                _repair_compare(data, c)
            if not relation_breaches(fields, data):
                break
        return data

    def complete(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        missing = {
            f.name: values[f.name]
            for f, r in required
            if data.get(f.name) is None and _among(data.get(r.other or ""), r.values or ())
        }
        if not missing:
            return st.just(data)
        return st.fixed_dictionaries(missing).map(lambda extra: {**data, **extra})

    drawn = strategy.flatmap(complete) if required else strategy
    return drawn.map(fix).filter(lambda data: not relation_breaches(fields, data))
