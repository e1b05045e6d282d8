"""Values valid by the docs' value rules (``translator.spec.rules``) and by the table columns, as a
:data:`~translator.roundtrip.strategies.FieldRule` and an object rule for the message strategies.

:func:`rule_values` answers, for a field with rules, a strategy of values that break none of them
and keep the columns (type, enum, bounds, lengths, pattern); a field without rules gets the
builder's default. How each kind is built:

- ``enum`` (rule and column): the values both allow, as the field's type holds them;
- ``format``: strings built per format (``rule_formats``), kept within the lengths;
- ``pattern``: ``st.from_regex(fullmatch=True)`` of the rule's pattern, fitted to the lengths of
  the rules and columns (padded with its last character, cut), the column pattern checked too;
- ``range`` and ``length``: the bounds of the rules and the columns together;
- ``forbidden``: the values left out;
- ``variables``: sometimes a ``#name#`` reference instead (exempt from pattern, length, format;
  kept within the columns, which the models check);
- on an array of scalars, the per-item kinds hold for each item and ``length`` for the array.

Every value is checked last with ``translator.models.rules`` (``rule_facts.value_breaches``): a
value that still breaks a rule is filtered out, so a valid strategy never yields one. The relations
between siblings (``compare``, ``required_if``) are the object rule's: ``rule_relations.relate``.
:func:`rules_builder` is the one builder the round-trip tests and ``apig-translator roundtrip``
share.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from hypothesis import strategies as st

from translator.roundtrip.rule_facts import (
    bounds,
    is_scalar_array,
    item_field,
    lengths,
    own_rules,
    value_breaches,
)
from translator.roundtrip.rule_formats import valid_format
from translator.roundtrip.rule_relations import relate
from translator.roundtrip.strategies import Site, StrategyBuilder
from translator.spec import FieldSpec, Rule
from translator.spec.rules import takes_variables, typed_values

_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_MAX_TEXT = 12
"""Characters drawn beyond a string's least length (as the builder's default strings)."""
_MAX_ITEMS = 3
_REFERENCE = st.from_regex(r"#[A-Za-z][A-Za-z0-9_]{0,9}#", fullmatch=True)
"""An environment-variable reference (``translator.models.rules.VARIABLE``)."""


def _of(rules: tuple[Rule, ...], kind: str) -> list[Rule]:
    return [r for r in rules if r.kind == kind]


def _among(value: Any, options: tuple[Any, ...]) -> bool:
    if isinstance(value, bool) or any(isinstance(o, bool) for o in options):
        return any(isinstance(o, bool) and o is value for o in options)
    return value in options


def _enum_values(f: FieldSpec, rules: tuple[Rule, ...]) -> tuple[Any, ...] | None:
    """The values both the column's enum and every enum rule allow, less the forbidden ones (None:
    nothing enumerates the field)."""
    enums = _of(rules, "enum")
    if f.enum is None and not enums:
        return None
    options = tuple(f.enum) if f.enum is not None else typed_values(enums[0].values or (), f.type)
    for rule in enums:
        allowed = typed_values(rule.values or (), f.type)
        folded = {a.casefold() for a in allowed if isinstance(a, str)}
        options = tuple(
            o for o in options if (o.casefold() in folded if isinstance(o, str) else _among(o, allowed))
        )
    for rule in _of(rules, "forbidden"):
        options = tuple(o for o in options if not _among(o, typed_values(rule.values or (), f.type)))
    return options


def _fit(value: str, lo: int, hi: int | None) -> str:
    """``value`` padded with its last character to ``lo``, cut to ``hi``."""
    if len(value) < lo:
        value += (value[-1] if value else "a") * (lo - len(value))
    return value if hi is None else value[:hi]


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def _regex(pattern: str) -> st.SearchStrategy[str]:
    """``st.from_regex`` of a whole value (made once per pattern: building one is slow)."""
    return st.from_regex(pattern, fullmatch=True)


def _string(f: FieldSpec, rules: tuple[Rule, ...]) -> st.SearchStrategy[str]:
    lo, hi = lengths(f)
    formats = _of(rules, "format")
    patterns = [r.pattern for r in _of(rules, "pattern") if r.pattern] + ([f.pattern] if f.pattern else [])
    strategy: st.SearchStrategy[str]
    if formats:
        assert formats[0].format is not None
        strategy = valid_format(formats[0].format)
    elif patterns:
        first = patterns[0]
        strategy = _regex(first)
        if lo:
            strategy = strategy.filter(bool)
        strategy = strategy.map(lambda s: _fit(s, lo, hi))
    else:
        top = lo + _MAX_TEXT if hi is None else max(lo, min(hi, lo + _MAX_TEXT))
        strategy = st.text(_TEXT, min_size=lo, max_size=top)
    checks = [_compiled(p).fullmatch for p in patterns]
    return strategy.filter(
        lambda s: lo <= len(s) <= (hi if hi is not None else len(s)) and all(c(s) for c in checks)
    )


def _reference(f: FieldSpec) -> st.SearchStrategy[str]:
    """A ``#name#`` reference, alone or after a valid prefix, within the column lengths."""
    lo, hi = lengths(f, rules=False)
    column = _compiled(f.pattern).fullmatch if f.pattern else None
    return _REFERENCE.map(lambda s: _fit(s, lo, None)).filter(
        lambda s: (hi is None or len(s) <= hi) and (column is None or column(s) is not None)
    )


def _scalar(f: FieldSpec, rules: tuple[Rule, ...]) -> st.SearchStrategy[Any]:
    options = _enum_values(f, rules)
    if options is not None:
        return st.sampled_from(options) if options else st.nothing()
    if f.type == "string":
        return _string(f, rules)
    if f.type == "integer":
        lo, hi = bounds(f)
        return st.integers(lo, hi)
    if f.type == "number":
        lo, hi = bounds(f)
        return st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    if f.type == "boolean":
        return st.booleans()
    return st.nothing()


_VALID: dict[tuple[int, bool], tuple[FieldSpec, st.SearchStrategy[Any]]] = {}
"""Valid strategies by the id of their field (kept alive in the value, so an id is not reused)."""


def valid_values(f: FieldSpec, variables: bool = True) -> st.SearchStrategy[Any]:
    """Values of ``f`` that break none of its rules and keep its columns (never null; a
    ``#name#`` reference sometimes when it takes variables, unless ``variables`` is false). Made
    once per field: a message strategy may be built per example."""
    found = _VALID.get((id(f), variables))
    if found is None:
        found = _VALID[(id(f), variables)] = (f, _valid(f, variables))
    return found[1]


def _valid(f: FieldSpec, variables: bool) -> st.SearchStrategy[Any]:
    rules = own_rules(f)
    strategy: st.SearchStrategy[Any]
    if is_scalar_array(f):
        lo, hi = lengths(f)
        top = lo + _MAX_ITEMS if hi is None else max(lo, min(hi, lo + _MAX_ITEMS))
        strategy = st.lists(valid_values(item_field(f), variables), min_size=lo, max_size=top)
    else:
        strategy = _scalar(f, rules)
        if variables and takes_variables(f.rules) and f.type == "string":
            strategy = st.one_of(strategy, _reference(f))
    return strategy.filter(lambda v: not value_breaches(f, v))


def _ruled(f: FieldSpec) -> bool:
    """Whether a value rule bears on ``f``'s own values (objects and arrays of objects: their
    fields' rules are asked field by field)."""
    if f.type == "object" or (f.type == "array" and not is_scalar_array(f)):
        return False
    return bool(own_rules(f)) or (takes_variables(f.rules) and f.type == "string")


def rule_values(site: Site, f: FieldSpec) -> st.SearchStrategy[Any] | None:
    """The :data:`~translator.roundtrip.strategies.FieldRule` of the docs' rules: valid values of a
    field with value rules, None (the builder's default) for any other field."""
    return valid_values(f) if _ruled(f) else None


@cache
def rules_builder() -> StrategyBuilder:
    """The message builder by the docs' rules: values by :func:`rule_values`, objects whose
    sibling relations hold (``rule_relations.relate``)."""
    return StrategyBuilder(rule=rule_values, relate=relate)
