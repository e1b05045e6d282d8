"""Values that break one rule on purpose, for the tests that send invalid values and expect the
documented 400: :func:`violating` (a value of the field) and :func:`violating_patch` (a change of
the object holding it, the form a relation's breach takes).

A violating value breaks the rule and, as far as the field allows, no other rule of the field: it
is built from a valid value (``rules_strategies.valid_values``) changed just enough, and checked
with ``translator.models.rules`` (values breaking anything else are filtered out). How per kind:

- ``pattern``: a valid value with one character replaced by, or added of, a character the docs'
  patterns commonly leave out (``!``, a space, ``中``, a digit first ...);
- ``range``: a number just below the least or above the greatest bound (up to 1000 beyond);
- ``length``: a valid value cut below the least length or padded past the greatest with its last
  character (an array: its first item repeated);
- ``enum``: a value none of the options is (an option with a suffix, a made-up word, a number);
- ``forbidden``: one of the forbidden values;
- ``format``: a string not of the format (``rule_formats.invalid_format``);
- ``compare`` (patch): the field and its sibling, each within its own bounds, the comparison false;
- ``required_if`` (patch): the sibling set to one of the values, the field left out (None).

``default`` and ``variables`` refuse nothing: asking for their violation is a ``ValueError``.
:func:`examples` draws a few values of a strategy reproducibly, outside a hypothesis test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as with_seed
from hypothesis import strategies as st

from translator.roundtrip.rule_facts import (
    bounds,
    is_scalar_array,
    item_field,
    lengths,
    relation_breaches,
    value_breaches,
)
from translator.roundtrip.rule_formats import invalid_format
from translator.roundtrip.rules_strategies import valid_values
from translator.spec import FieldSpec, Rule
from translator.spec.rules import INERT, PER_ITEM, RELATIONS, typed_values

_ODD = ("!", " ", "中", "1", "_", "-", ".", "@", "/", "A", "é", "~", "(")
"""Characters one of the docs' patterns usually refuses somewhere in a value."""
_BEYOND = 1000


def _only(f: FieldSpec, rule: Rule) -> Callable[[Any], bool]:
    """True when a value of ``f`` breaks ``rule`` and no other rule of ``f``."""
    return lambda v: [b.rule for b in value_breaches(f, v)] == [rule]


def _changed(value: str, at: int, char: str, how: int) -> str:
    """``value`` with ``char`` put at ``at``: replacing (0), before (1) or, at the end, after (2)."""
    i = at % len(value) if value else 0
    if how == 2:
        return value + char
    return value[:i] + char + value[i + (how == 0) :]


def _pattern(f: FieldSpec) -> st.SearchStrategy[Any]:
    return st.builds(
        _changed,
        valid_values(f, variables=False),
        st.integers(0, 64),
        st.sampled_from(_ODD),
        st.integers(0, 2),
    )


def _range(f: FieldSpec, rule: Rule) -> st.SearchStrategy[Any]:
    sides: list[st.SearchStrategy[Any]] = []
    if rule.minimum is not None:
        sides.append(st.integers(1, _BEYOND).map(lambda d: int(rule.minimum or 0) - d))
    if rule.maximum is not None:
        sides.append(st.integers(1, _BEYOND).map(lambda d: int(rule.maximum or 0) + d))
    if f.type == "number":
        return st.one_of(sides).map(float)
    return st.one_of(sides)


def _length(f: FieldSpec, rule: Rule) -> st.SearchStrategy[Any]:
    valid = valid_values(f, variables=False)
    sides: list[st.SearchStrategy[Any]] = []
    if rule.min_length:
        short = rule.min_length
        sides.append(st.tuples(valid, st.integers(0, short - 1)).map(lambda p: p[0][: min(p[1], short - 1)]))
    if rule.max_length is not None:
        long = rule.max_length
        sides.append(st.tuples(valid, st.integers(1, 5)).map(lambda p: _past(p[0], long + p[1])))
    return st.one_of(sides)


def _past(value: Any, size: int) -> Any:
    """``value`` (a string or a list) padded with its last character or item to ``size``."""
    if isinstance(value, list):
        return value + [value[-1] if value else None] * max(0, size - len(value))
    return value + (value[-1] if value else "a") * max(0, size - len(value))


def _enum(f: FieldSpec, rule: Rule) -> st.SearchStrategy[Any]:
    options = typed_values(rule.values or (), f.type)
    if f.type in ("integer", "number"):
        numbers = [o for o in options if isinstance(o, (int, float))]
        top = int(max(numbers, default=0))
        return st.integers(top + 1, top + _BEYOND)
    if f.type == "boolean":
        flipped: list[bool | None] = [b for b in (True, False) if not any(o is b for o in options)]
        return st.sampled_from(flipped or [None])
    words = [f"{o}_x" for o in options] + ["not_an_option", "zz"]
    return st.sampled_from(words)


def _forbidden(f: FieldSpec, rule: Rule) -> st.SearchStrategy[Any]:
    return st.sampled_from(typed_values(rule.values or (), f.type))


def _format(rule: Rule) -> st.SearchStrategy[Any]:
    assert rule.format is not None
    return invalid_format(rule.format)


def violating(rule: Rule, f: FieldSpec) -> st.SearchStrategy[Any]:
    """Values of ``f`` that break ``rule`` (one of ``f``'s value rules) and no other of its rules.

    On an array of scalars a per-item rule is broken by one item (the others valid)."""
    if rule.kind in RELATIONS:
        raise ValueError(f"a {rule.kind} rule is broken by an object: use violating_patch")
    if rule.kind in INERT:
        raise ValueError(f"a {rule.kind} rule refuses no value")
    if is_scalar_array(f) and rule.kind in PER_ITEM:
        items = item_field(f)
        lo, _ = lengths(f)
        rest = st.lists(valid_values(items), min_size=max(0, lo - 1), max_size=max(0, lo - 1))
        return st.builds(lambda bad, others: [bad, *others], violating(rule, items), rest).filter(
            _only(f, rule)
        )
    strategy: st.SearchStrategy[Any]
    if rule.kind == "pattern":
        strategy = _pattern(f)
    elif rule.kind == "range":
        strategy = _range(f, rule)
    elif rule.kind == "length":
        strategy = _length(f, rule)
    elif rule.kind == "enum":
        strategy = _enum(f, rule)
    elif rule.kind == "forbidden":
        strategy = _forbidden(f, rule)
    else:
        strategy = _format(rule)
    return strategy.filter(_only(f, rule))


def _compare(f: FieldSpec, rule: Rule, sibling: FieldSpec) -> st.SearchStrategy[dict[str, Any]]:
    """``{field: a, sibling: b}``, each within its bounds, ``a op b`` false."""
    (lo_a, hi_a), (lo_b, hi_b) = bounds(f), bounds(sibling)
    op = rule.op or "<"
    low = op in ("<", "<=")  # broken when a is high against b
    strict = op in ("<=", ">=")  # broken only strictly beyond b
    if low and max(lo_a, lo_b + strict) <= hi_a:
        a = st.integers(max(lo_a, lo_b + strict), hi_a)
        pair = a.flatmap(lambda x: st.tuples(st.just(x), st.integers(lo_b, min(hi_b, x - strict))))
    elif not low and lo_a <= min(hi_a, hi_b - strict):
        a = st.integers(lo_a, min(hi_a, hi_b - strict))
        pair = a.flatmap(lambda x: st.tuples(st.just(x), st.integers(max(lo_b, x + strict), hi_b)))
    else:
        return st.nothing()
    return pair.map(lambda p: {f.name: p[0], sibling.name: p[1]})


def violating_patch(
    rule: Rule, f: FieldSpec, siblings: tuple[FieldSpec, ...]
) -> st.SearchStrategy[dict[str, Any]]:
    """Changes to the object holding ``f`` (its fields: ``siblings``, ``f`` among them) that break
    ``rule``: ``{name: value}`` to set, ``{name: None}`` to leave out. For a value rule the patch
    sets ``f`` to a :func:`violating` value; for a relation it sets (or leaves out) ``f`` and the
    sibling the rule names, so that the relation and no other of the object's relations breaks,
    except the same comparison written the other way round on the sibling."""
    if rule.kind not in RELATIONS:
        return violating(rule, f).map(lambda v: {f.name: v})
    by_name = {s.name: s for s in siblings}
    sibling = by_name[rule.other or ""]
    if rule.kind == "required_if":
        return st.sampled_from(typed_values(rule.values or (), sibling.type)).map(
            lambda v: {f.name: None, sibling.name: v}
        )
    pair = {f.name, sibling.name}

    def only_this(patch: dict[str, Any]) -> bool:
        found = relation_breaches(siblings, patch)
        return rule in [b.rule for b in found] and all(
            b.rule.kind == "compare" and {b.field.rsplit(".", 1)[-1], b.rule.other} == pair for b in found
        )

    return _compare(f, rule, sibling).filter(only_this)


def examples(strategy: st.SearchStrategy[Any], n: int, seed: int = 0) -> list[Any]:
    """Up to ``n`` values of ``strategy``, the same ones for the same seed (for the tests that
    send violating values: a few per rule, reproducible)."""
    out: list[Any] = []

    @with_seed(seed)
    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(value)

    collect()
    return out[:n]
