"""Hypothesis strategies that generate JSON valid for a spec field tree.

Built from ``FieldSpec`` directly (types, enums, ranges, lengths, required keys), which is much
faster than going through each model's JSON Schema and generates the same space of bodies.

A :class:`StrategyBuilder` takes an optional per-field rule (:data:`FieldRule`): asked first for
every field with the field's place (operation, part, path), it may answer a strategy of the field's
valid values (e.g. from a value rule derived from the docs: a pattern, a range), or None for the
default built from the field's type and bounds. An optional object rule (:data:`ObjectRule`) is
handed each object's strategy with its fields' value strategies and may answer another (e.g. one
repairing values that relate siblings: ``time_out < time_interval``, ``port`` required when
``type`` is 2); the builder itself knows no field names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from translator.mapping import paths
from translator.spec import FieldSpec, OperationSpec

_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_MAX_TEXT = 12
_MAX_ITEMS = 3


@dataclass(frozen=True, slots=True)
class Site:
    """Where a field sits: its operation, the part (``request``/``response``; ``@query`` and
    ``@path`` fields are in ``request``) and its path (``translator.spec.walk`` syntax, query
    parameters as ``@query.<name>``)."""

    op: OperationSpec
    part: str
    path: str


FieldRule = Callable[[Site, FieldSpec], "st.SearchStrategy[Any] | None"]
"""A per-field rule: the strategy of ``field``'s valid values at ``site``, or None for the default."""
ObjectRule = Callable[
    [Site, tuple[FieldSpec, ...], "st.SearchStrategy[dict[str, Any]]", dict[str, "st.SearchStrategy[Any]"]],
    "st.SearchStrategy[dict[str, Any]]",
]
"""An object rule: given an object's place, its fields, the strategy of the object (every required
field, any subset of the optional ones) and each field's value strategy, the strategy to use."""


def _text(f: FieldSpec) -> st.SearchStrategy[str]:
    if f.pattern is not None:
        return st.from_regex(f.pattern, fullmatch=True).filter(
            lambda s: (f.min_length or 0) <= len(s) <= (f.max_length or 64)
        )
    lo = f.min_length or 0
    hi = f.max_length if f.max_length is not None else max(lo, _MAX_TEXT)
    return st.text(_TEXT, min_size=lo, max_size=max(lo, min(hi, lo + _MAX_TEXT)))


def _int(f: FieldSpec) -> st.SearchStrategy[int]:
    lo = int(f.minimum) if f.minimum is not None else -(10**6)
    hi = int(f.maximum) if f.maximum is not None else 10**9
    return st.integers(min_value=lo, max_value=hi)


def _float(f: FieldSpec) -> st.SearchStrategy[float]:
    return st.floats(min_value=f.minimum, max_value=f.maximum, allow_nan=False, allow_infinity=False)


_KEY = st.from_regex(r"[a-z][a-z0-9_-]{0,7}", fullmatch=True)
"""Keys of free-form objects (documents): real ones never start with "@" or are empty."""
_ANY = st.one_of(st.none(), st.booleans(), st.integers(-100, 100), st.text(_TEXT, max_size=5))


def _scalar(kind: str) -> st.SearchStrategy[Any]:
    return {
        "string": st.text(_TEXT, max_size=_MAX_TEXT),
        "integer": st.integers(-(10**6), 10**9),
        "number": st.floats(allow_nan=False, allow_infinity=False, width=32),
        "boolean": st.booleans(),
    }.get(kind, _ANY)


def _path_value() -> st.SearchStrategy[str]:
    return st.text(st.characters(categories=("Ll", "Nd")), min_size=1, max_size=32)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix and name else (prefix or name)


@dataclass(frozen=True)
class StrategyBuilder:
    """Strategies of valid messages, field by field; ``rule`` (if any) is asked first per field,
    ``relate`` (if any) wraps every object's strategy."""

    rule: FieldRule | None = None
    relate: ObjectRule | None = None

    def value(self, f: FieldSpec, site: Site) -> st.SearchStrategy[Any]:
        """Values valid for the field ``f`` at ``site``."""
        if self.rule is not None:
            ruled = self.rule(site, f)
            if ruled is not None:
                return st.one_of(st.none(), ruled) if f.nullable else ruled
        strategy: st.SearchStrategy[Any]
        if f.enum is not None:
            strategy = st.sampled_from(f.enum)
        elif f.type == "object" and f.values is not None:
            strategy = st.dictionaries(_KEY, self.value(f.values, site), max_size=2)
        elif f.type == "object":
            strategy = self.obj(f.children, site) if f.children else st.dictionaries(_KEY, _ANY, max_size=2)
        elif f.type == "array":
            item = self.obj(f.children, _at(site, "[]")) if f.children else _scalar(f.items or "any")
            lo = f.min_length or 0
            hi = f.max_length if f.max_length is not None else _MAX_ITEMS
            strategy = st.lists(item, min_size=lo, max_size=max(lo, min(hi, _MAX_ITEMS)))
        elif f.type == "string":
            strategy = _text(f)
        elif f.type == "integer":
            strategy = _int(f)
        elif f.type == "number":
            strategy = _float(f)
        elif f.type == "boolean":
            strategy = st.booleans()
        else:
            strategy = _ANY
        return st.one_of(st.none(), strategy) if f.nullable else strategy

    def obj(self, fields: tuple[FieldSpec, ...], site: Site) -> st.SearchStrategy[dict[str, Any]]:
        """Objects with every required field and any subset of the optional ones (``site``: the
        object's own place; its fields' paths are below it)."""
        values = {f.name: self.value(f, _child(site, f.name)) for f in fields}
        required = {f.name: values[f.name] for f in fields if f.required}
        optional = {f.name: values[f.name] for f in fields if not f.required}
        strategy = st.fixed_dictionaries(required, optional=optional)
        return strategy if self.relate is None else self.relate(site, fields, strategy, values)

    def message(
        self, op: OperationSpec, part: str, skip_path: frozenset[str] = frozenset()
    ) -> st.SearchStrategy[dict[str, Any]]:
        """A whole message as the engine sees it: the body (a bare array under ``""``), and for a
        request the ``@path`` and ``@query`` objects (path parameters in ``skip_path`` left out)."""
        fields = op.part(part) or ()
        body = self.obj(fields, Site(op, part, ""))
        if part != "request":
            return body
        params = {p.name: _path_value() for p in op.path_params if p.name not in skip_path}
        query = self.obj(op.query, Site(op, part, paths.QUERY_PARAMS))
        return st.builds(
            lambda b, p, q: {**b, paths.PATH_PARAMS: p, paths.QUERY_PARAMS: q},
            body,
            st.fixed_dictionaries(params),
            query,
        )


def _child(site: Site, name: str) -> Site:
    return Site(site.op, site.part, _join(site.path, name))


def _at(site: Site, suffix: str) -> Site:
    """The items of the array at ``site`` (``a`` -> ``a[]``; a bare array body is ``[]``)."""
    return Site(site.op, site.part, f"{site.path}{suffix}" if site.path else suffix)
