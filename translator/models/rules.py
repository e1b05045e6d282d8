"""The value rules of the spec data (``translator.spec.rules``), checked: every rule a request part
breaks, as :class:`Breach` rows naming the field, the rule and the sentence of the docs.

One plan per operation part, built once from the spec fields' rules: only the fields with a rule at
or below them are walked, so a part without rules costs a dictionary look-up. The walk follows the
field tree (objects, arrays of objects, maps keyed by free names) and never raises: a value of the
wrong type is no breach (the models report it). Paths are the table paths of ``translator.spec.walk``
(``a[].b``, ``[]`` for a bare array body's items), a map's values are ``a.*``.

How each kind is checked: ``pattern`` the whole string matches; ``range`` a number (not a boolean)
within the bounds; ``length`` of a string or an array; ``enum`` and ``forbidden`` the value among
(not among) the values (an enum's strings in any letter case); ``format`` the string is of the
format (``translator.models.formats``); ``compare`` this field against a sibling, when both are
numbers; ``required_if`` the field present when the sibling takes one of the values. On an array
of scalars, the length is the array's and the other rules hold for each item. A string holding
``#name#`` references on a field with a ``variables`` rule is exempt from its pattern, length and
format rules. ``default`` checks nothing. The documented code of a breach: ``translator.models.codes``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from translator.models.codes import RulePart, code_for
from translator.models.formats import CHECKS
from translator.spec import FieldSpec, OperationSpec, Rule, load_spec
from translator.spec.rules import COMPARE, PER_ITEM, RELATIONS, takes_variables, typed_values
from translator.types import Version

__all__ = [
    "Breach",
    "RulePart",
    "breaches",
    "broken_rules",
    "code_for",
    "field_breaches",
    "field_checker",
    "rule_checks",
]

Check: TypeAlias = Callable[[Any], bool]
"""True when the value breaks the rule."""
_Op: TypeAlias = tuple[str, Version | None]
"""The operation and version a walk reports its breaches under."""

VARIABLE = re.compile(r"#[A-Za-z0-9_-]+#")
"""A reference to an environment variable in a value (``#backend_host#``)."""
_EXEMPT = frozenset({"pattern", "length", "format"})
_SOURCE_SHOWN = 200
"""Characters of a rule's source sentence a message quotes."""


@dataclass(frozen=True, slots=True)
class Breach:
    """One rule a value breaks: the field's path, the rule, the value and the operation."""

    field: str
    rule: Rule
    value: Any
    operation: str = ""
    version: Version | None = None

    @property
    def detail(self) -> str:
        """The rule and the sentence of the docs it comes from (never the value: it may be a secret)."""
        source = " ".join(self.rule.source.split())
        if len(source) > _SOURCE_SHOWN:
            source = source[: _SOURCE_SHOWN - 1] + "…"
        said = f" (the docs: '{source}')" if source else ""
        return f"breaks the rule '{self.rule.describe()}'{said}"

    @property
    def message(self) -> str:
        """``field: breaks the rule '...' (the docs: '...')``."""
        return f"{self.field or 'body'}: {self.detail}"


@dataclass(frozen=True, slots=True)
class _Node:
    """A field with a rule at or below it."""

    name: str
    path: str
    checks: tuple[tuple[Rule, Check], ...] = ()
    each: tuple[tuple[Rule, Check], ...] = ()
    """For an array of scalars: the checks of each item."""
    item_path: str = ""
    variables: bool = False
    inner: _Object | None = None
    """The object plan of the value (an object) or of each item (``many``: an array of objects)."""
    many: bool = False
    values: _Node | None = None
    """For a map: the plan of each value."""


@dataclass(frozen=True, slots=True)
class _Object:
    """The fields of one object that have rules, and the rules relating siblings."""

    nodes: tuple[_Node, ...]
    relations: tuple[tuple[str, str, Rule], ...]
    """(field name, path, rule) of each ``compare`` and ``required_if`` rule."""


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(value: Any, option: Any) -> bool:
    """Equal, a boolean equal only to a boolean (``True`` is not ``1``)."""
    if isinstance(value, bool) or isinstance(option, bool):
        return isinstance(value, bool) and isinstance(option, bool) and value is option
    return bool(value == option)


def _among(value: Any, options: tuple[Any, ...]) -> bool:
    return any(_same(value, o) for o in options)


def _folded(options: tuple[Any, ...]) -> frozenset[str]:
    return frozenset(o.casefold() for o in options if isinstance(o, str))


def _allowed(value: Any, options: tuple[Any, ...], folded: frozenset[str]) -> bool:
    """Among the options; a string in any letter case (the services take ``header`` for ``HEADER``,
    as ``translator.core.validation`` does a model enum's)."""
    return value.casefold() in folded if isinstance(value, str) else _among(value, options)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _check(rule: Rule, ftype: str) -> Check | None:
    """The check of one value rule (None: the kind checks nothing on its own)."""
    kind = rule.kind
    if kind == "pattern":
        assert rule.pattern is not None
        match = _compiled(rule.pattern).fullmatch
        return lambda v: isinstance(v, str) and match(v) is None
    if kind == "range":
        lo, hi = rule.minimum, rule.maximum
        return lambda v: _number(v) and ((lo is not None and v < lo) or (hi is not None and v > hi))
    if kind == "length":
        short, long = rule.min_length, rule.max_length
        return lambda v: (
            isinstance(v, (str, list))
            and ((short is not None and len(v) < short) or (long is not None and len(v) > long))
        )
    if kind in ("enum", "forbidden"):
        options = typed_values(rule.values or (), ftype)
        if kind == "enum":
            folded = _folded(options)
            return lambda v: isinstance(v, (str, int, float, bool)) and not _allowed(v, options, folded)
        return lambda v: isinstance(v, (str, int, float, bool)) and _among(v, options)
    if kind == "format":
        assert rule.format is not None
        valid = CHECKS[rule.format]
        return lambda v: isinstance(v, str) and not valid(v)
    return None


def _checks(rules: tuple[Rule, ...], ftype: str) -> tuple[tuple[Rule, Check], ...]:
    out = []
    for rule in rules:
        check = _check(rule, ftype)
        if check is not None:
            out.append((rule, check))
    return tuple(out)


def rule_checks(rules: tuple[Rule, ...], ftype: str) -> tuple[tuple[Rule, Check], ...]:
    """The check of each rule that checks one value on its own (``compare``, ``required_if``,
    ``default`` and ``variables`` have none), for a field of type ``ftype``: true when the value
    breaks the rule. ``translator.mapping.strictness`` probes values with them."""
    return _checks(tuple(r for r in rules if r.kind not in RELATIONS), ftype)


def _node(f: FieldSpec, prefix: str) -> _Node | None:
    base = f"{prefix}.{f.name}" if prefix and f.name else (prefix or f.name)
    path = base or "[]"
    own = tuple(r for r in f.rules if r.kind not in RELATIONS)
    checks: tuple[Rule, ...] = own
    each: tuple[Rule, ...] = ()
    if f.type == "array" and not f.children:  # an array of scalars: its items carry the rules
        checks = tuple(r for r in own if r.kind not in PER_ITEM)
        each = tuple(r for r in own if r.kind in PER_ITEM)
    inner = _object(f.children, f"{base}[]" if f.type == "array" else base) if f.children else None
    values = _node(f.values, base) if f.values is not None else None
    node = _Node(
        name=f.name,
        path=path,
        checks=_checks(checks, f.type),
        each=_checks(each, f.items or "any"),
        item_path=f"{base}[]",
        variables=takes_variables(f.rules),
        inner=inner,
        many=f.type == "array",
        values=values,
    )
    return node if node.checks or node.each or inner or values else None


def _object(fields: tuple[FieldSpec, ...], prefix: str) -> _Object | None:
    nodes = tuple(n for n in (_node(f, prefix) for f in fields) if n is not None)
    relations = tuple(
        (f.name, f"{prefix}.{f.name}" if prefix else f.name, r)
        for f in fields
        for r in f.rules
        if r.kind in RELATIONS
    )
    return _Object(nodes, relations) if nodes or relations else None


def _fields(op: OperationSpec, part: RulePart) -> tuple[FieldSpec, ...]:
    if part == "path":
        return op.path_params
    body = op.request if part == "request" else op.response
    if part != "query" and body is not None and body.values is not None and not body.fields:
        return (FieldSpec(name="*", type="object", values=body.values),)  # a map body: one map
    return op.part(part) or ()


@cache
def _plan(version: Version, op_id: str, part: RulePart) -> _Object | None:
    """The rule plan of one operation part (None: no field of it has a rule)."""
    return _object(_fields(load_spec(version).operation(op_id), part), "")


def _walk_object(plan: _Object, data: Any, op: _Op, out: list[Breach]) -> None:
    if not isinstance(data, Mapping):
        return
    for node in plan.nodes:
        value = data.get(node.name)
        if value is not None:
            _walk_value(node, value, op, out)
    for name, path, rule in plan.relations:
        value, other = data.get(name), data.get(rule.other or "")
        if rule.kind == "compare":
            if _number(value) and _number(other) and not COMPARE[rule.op or "<"](value, other):
                out.append(Breach(path, rule, value, *op))
        elif value is None and other is not None and _among(other, rule.values or ()):
            out.append(Breach(path, rule, value, *op))


def broken_rules(checks: tuple[tuple[Rule, Check], ...], value: Any, variables: bool) -> list[Rule]:
    """The rules among ``checks`` (:func:`rule_checks`) that ``value`` breaks; where the field takes
    variables (``variables``), a value holding a ``#name#`` reference is exempt from its pattern,
    length and format rules."""
    held = variables and isinstance(value, str) and VARIABLE.search(value) is not None
    return [rule for rule, broken in checks if not (held and rule.kind in _EXEMPT) and broken(value)]


def _walk_value(node: _Node, value: Any, op: _Op, out: list[Breach]) -> None:
    # broken_rules' test, inlined: this walk runs on every request the emulators and the shim take
    held = node.variables and isinstance(value, str) and VARIABLE.search(value) is not None
    for rule, broken in node.checks:
        if not (held and rule.kind in _EXEMPT) and broken(value):
            out.append(Breach(node.path, rule, value, *op))
    if node.each and isinstance(value, list):
        for item in value:
            exempt = node.variables and isinstance(item, str) and VARIABLE.search(item) is not None
            for rule, broken in node.each:
                if not (exempt and rule.kind in _EXEMPT) and broken(item):
                    out.append(Breach(node.item_path, rule, item, *op))
    if node.inner is not None:
        if not node.many:
            _walk_object(node.inner, value, op, out)
        elif isinstance(value, list):
            for item in value:
                _walk_object(node.inner, item, op, out)
    if node.values is not None and isinstance(value, Mapping):
        for item in value.values():
            if item is not None:
                _walk_value(node.values, item, op, out)


def breaches(version: Version, op_id: str, part: RulePart, data: Any) -> list[Breach]:
    """Every rule ``data`` (path parameters, query, a request or response body of operation
    ``op_id``) breaks, in the order of the fields; nothing is sent, nothing raised for data of the
    wrong shape."""
    return _run(_plan(version, op_id, part), data, (op_id, version))


def field_breaches(
    fields: tuple[FieldSpec, ...], data: Any, operation: str = "", version: Version | None = None
) -> list[Breach]:
    """Every rule ``data`` breaks under ``fields`` (their plan made for this call)."""
    return _run(_object(fields, ""), data, (operation, version))


def field_checker(
    fields: tuple[FieldSpec, ...], operation: str = "", version: Version | None = None
) -> Callable[[Any], list[Breach]]:
    """:func:`field_breaches` under ``fields`` with the plan made once: for checking many values."""
    plan = _object(fields, "")
    return lambda data: _run(plan, data, (operation, version))


def _run(plan: _Object | None, data: Any, op: _Op) -> list[Breach]:
    if plan is None:
        return []
    out: list[Breach] = []
    if isinstance(data, list) and plan.nodes and plan.nodes[0].name == "":
        data = {"": data}  # a bare array body: the root field named ""
    _walk_object(plan, data, op, out)
    return out
