"""The value rules the docs state in words, as structured facts of the spec data.

A field of the spec data may carry ``"rules"``: a list of facts the derivation read out of the
field's description (``scripts/derive/prose.py``), each keeping the sentence it came from. This
module only reads and checks them; ``translator.models.rules`` enforces them and
``translator.roundtrip.rules_strategies`` generates values by them
(and ``translator.roundtrip.rule_violations`` values breaking them).

Kinds and their keys (besides ``kind`` and ``source``, the sentence):

==============  ==========================================================================
``pattern``     ``pattern``: a Python regular expression the whole value matches (allowed
                characters, first character); ``text``: the rule in English
``range``       ``minimum`` and/or ``maximum`` (inclusive) of a number
``length``      ``min_length`` and/or ``max_length`` of a string or array
``enum``        ``values``: the allowed values
``forbidden``   ``values``: values the field must not take (e.g. a reserved name)
``format``      ``format``: one of :data:`FORMATS`
``compare``     ``op`` (one of :data:`COMPARISONS`) and ``other``: this field's value against a
                sibling field's (``time_out < time_interval``); checked when both are present
``required_if`` ``other`` and ``values``: this field is required when the sibling ``other``
                takes one of ``values``
``default``     ``value``: what the service assumes when the field is absent (informative)
``variables``   the field may hold environment-variable references (``#name#``); such a value
                is exempt from the field's ``pattern``, ``length`` and ``format`` rules
==============  ==========================================================================

On an array of scalars an ``enum`` rule, like the field's ``enum`` key, constrains each item
(Swagger ``schemes``: ``http``, ``https``). The derivation writes only what the field's table
columns (``minimum``, ``max_length``, ``enum``, ``default`` ...) do not already say.

A rule that names no value (a ``compare`` without ``op``, a ``range`` without either bound) or a
kind this module does not know is a :class:`~translator.errors.SpecError` when the spec loads.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, get_args

from translator.errors import SpecError

RuleKind: TypeAlias = Literal[
    "pattern",
    "range",
    "length",
    "enum",
    "forbidden",
    "format",
    "compare",
    "required_if",
    "default",
    "variables",
]
Comparison: TypeAlias = Literal["<", "<=", ">", ">="]
Format: TypeAlias = Literal["http_codes", "uri", "ip", "cidr", "ip_or_cidr", "domain", "host", "email"]

KINDS: frozenset[str] = frozenset(get_args(RuleKind))
COMPARISONS: frozenset[str] = frozenset(get_args(Comparison))
COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
"""Whether ``this <op> other`` holds, per comparison of a ``compare`` rule."""
RELATIONS: frozenset[str] = frozenset({"compare", "required_if"})
"""Kinds relating a field to a sibling: they hold (or break) in an object, not in a value alone."""
INERT: frozenset[str] = frozenset({"default", "variables"})
"""Kinds that refuse no value."""
PER_ITEM: frozenset[str] = frozenset({"pattern", "range", "enum", "forbidden", "format"})
"""Kinds that hold for each item of an array of scalars (its ``length`` is the array's)."""
FORMATS: frozenset[str] = frozenset(get_args(Format))
"""``http_codes``: a comma-separated list of HTTP codes and ranges (``200,201,210-299``); ``uri``:
a path starting with ``/``; ``ip``: an IPv4 address; ``cidr``: an IPv4 network; ``ip_or_cidr``:
either; ``domain``: a domain name; ``host``: a domain name or an IPv4 address, with an optional
port; ``email``: an e-mail address."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule about a field's values, with the sentence of the docs it was read from."""

    kind: RuleKind
    source: str
    pattern: str | None = None
    text: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    values: tuple[Any, ...] | None = None
    format: Format | None = None
    op: Comparison | None = None
    other: str | None = None
    value: Any = None

    def describe(self) -> str:
        """The rule in a few English words, for messages and reports."""
        if self.kind == "pattern":
            return self.text or f"must match {self.pattern}"
        if self.kind in ("range", "length"):
            ranged = self.kind == "range"
            lo, hi = (self.minimum, self.maximum) if ranged else (self.min_length, self.max_length)
            what = "" if ranged else "length "
            if lo is not None and hi is not None:
                return f"{what}from {_num(lo)} to {_num(hi)}"
            return f"{what}at least {_num(lo)}" if lo is not None else f"{what}at most {_num(hi)}"
        if self.kind == "enum":
            return "one of " + ", ".join(map(str, self.values or ()))
        if self.kind == "forbidden":
            return "not " + ", ".join(map(str, self.values or ()))
        if self.kind == "format":
            return f"a valid {self.format}"
        if self.kind == "compare":
            return f"{self.op} {self.other}"
        if self.kind == "required_if":
            return f"required when {self.other} is " + " or ".join(map(str, self.values or ()))
        if self.kind == "default":
            return f"defaults to {self.value!r}"
        return "may hold #variables#"


def takes_variables(rules: tuple[Rule, ...]) -> bool:
    """Whether a field with ``rules`` may hold ``#name#`` references (a ``variables`` rule)."""
    return any(r.kind == "variables" for r in rules)


def typed_values(values: tuple[Any, ...], ftype: str) -> tuple[Any, ...]:
    """A rule's values as a field of type ``ftype`` holds them: the docs write ``"1"`` for the
    integer ``1``; on a numeric field a value that reads as no number is left out."""
    if ftype not in ("integer", "number"):
        return values
    out: list[Any] = []
    for v in values:
        try:
            number = float(v) if isinstance(v, str) else v
        except ValueError:
            continue
        out.append(int(number) if ftype == "integer" and float(number).is_integer() else number)
    return tuple(out)


def _num(value: float | None) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "pattern": (("pattern",),),
    "range": (("minimum", "maximum"),),
    "length": (("min_length", "max_length"),),
    "enum": (("values",),),
    "forbidden": (("values",),),
    "format": (("format",),),
    "compare": (("op",), ("other",)),
    "required_if": (("other",), ("values",)),
    "default": (("value",),),
    "variables": (),
}
"""Per kind: groups of keys, at least one key of each group must be set."""


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: a rule must be an object, got {raw!r}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SpecError(f"{where}: unknown rule kind {kind!r}")
    unknown = set(raw) - set(Rule.__slots__)
    if unknown:
        raise SpecError(f"{where}: {kind} rule has unknown keys {sorted(unknown)}")
    for group in _NEEDS[kind]:
        if all(raw.get(key) is None for key in group):
            raise SpecError(f"{where}: {kind} rule needs {' or '.join(group)}")
    if kind == "compare" and raw["op"] not in COMPARISONS:
        raise SpecError(f"{where}: unknown comparison {raw['op']!r}")
    if kind == "format" and raw["format"] not in FORMATS:
        raise SpecError(f"{where}: unknown format {raw['format']!r}")
    if kind == "pattern":
        try:
            re.compile(raw["pattern"])
        except re.error as exc:
            raise SpecError(f"{where}: bad pattern {raw['pattern']!r}: {exc}") from None
    values = raw.get("values")
    return Rule(
        kind=kind,
        source=str(raw.get("source") or ""),
        pattern=raw.get("pattern"),
        text=raw.get("text"),
        minimum=raw.get("minimum"),
        maximum=raw.get("maximum"),
        min_length=raw.get("min_length"),
        max_length=raw.get("max_length"),
        values=tuple(values) if values is not None else None,
        format=raw.get("format"),
        op=raw.get("op"),
        other=raw.get("other"),
        value=raw.get("value"),
    )


def parse_rules(raw: Any, where: str) -> tuple[Rule, ...]:
    """The rules of one field of the spec data (none when absent)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise SpecError(f"{where}: rules must be a list")
    return tuple(_rule(r, where) for r in raw)


def check_siblings(fields: tuple[Any, ...], where: str) -> None:
    """A ``compare`` or ``required_if`` rule names a sibling that exists (else the rule matches
    nothing: an error, raised when the spec loads). ``fields`` are ``FieldSpec`` of one object."""
    names = {f.name for f in fields}
    for f in fields:
        for rule in f.rules:
            if rule.other is not None and rule.other not in names:
                raise SpecError(f"{where}.{f.name}: {rule.kind} rule names {rule.other!r}, not a sibling")
        if f.children:
            check_siblings(f.children, f"{where}.{f.name}")
