"""The docs' value rules (``translator.spec.rules``) as JSON Schema keywords in the emulator's
OpenAPI document, so that a client generating requests from it (schemathesis) draws values valid by
the docs, not only by the columns.

Per kind, on the field's schema (merged with what the model's schema already says: the tighter
bound wins, two patterns both hold through ``allOf``, enums intersect):

==============  ==================================================================================
``pattern``     ``pattern``, anchored (``^(?:...)$``: JSON Schema patterns are unanchored ECMA
                regular expressions); a pattern with Python-only syntax (named groups, inline
                flags, ``\\A``/``\\Z``, atomic groups, possessive quantifiers) is left out
``range``       ``minimum``, ``maximum``
``length``      ``minLength``/``maxLength`` (a string), ``minItems``/``maxItems`` (an array)
``enum``        ``enum`` (the rule's values as written; the service takes any letter case, the
                document asks for the documented one)
``forbidden``   ``not: {enum: [...]}``
``format``      ``ip`` as ``format: ipv4``; the others as an anchored pattern of a subset of the
                format: ``uri`` a path, ``cidr`` an address and prefix, ``domain`` and ``host``
                labels (a host's labels starting with a letter, so never all digits; its port
                1 to 65535), ``email``, ``http_codes`` codes 100 to 599 and ranges (a range's
                order, low to high, is not said)
==============  ==================================================================================

Left out, JSON Schema cannot say them (or not in a way the generators read): ``compare`` (a field
against a sibling's value), ``required_if`` (``if``/``then`` per value, which the generators draw
poorly), ``variables`` (a ``#name#`` reference is an alternative the document need not offer),
``default`` (informative), and the rules of a map's values. On an array of scalars the per-item
kinds go to ``items``. Imports no hypothesis: the emulator only writes the document.
"""

from __future__ import annotations

import re
from typing import Any

from translator.spec import FieldSpec, Rule
from translator.spec.rules import PER_ITEM, typed_values

_PYTHON_ONLY = re.compile(r"\(\?P|\(\?[aiLmsux-]+[:)]|\(\?#|\(\?>|\\[AZ]|[*+?}]\+")
"""Syntax Python's ``re`` reads and an ECMA regular expression does not (or reads otherwise)."""
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IP = rf"{_OCTET}(\.{_OCTET}){{3}}"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_NAME_LABEL = r"[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
_CODE = r"[1-5][0-9]{2}(-[1-5][0-9]{2})?"
_DOMAIN = rf"({_LABEL}\.)+{_NAME_LABEL}"
_FORMATS: dict[str, dict[str, Any]] = {
    "ip": {"format": "ipv4"},
    "uri": {"pattern": r"^/[^\s]*$"},
    "cidr": {"pattern": rf"^{_IP}/([0-9]|[12][0-9]|3[0-2])$"},
    "ip_or_cidr": {"pattern": rf"^{_IP}(/([0-9]|[12][0-9]|3[0-2]))?$"},
    "domain": {"pattern": rf"^(\*\.)?{_DOMAIN}$", "maxLength": 253},
    "host": {"pattern": rf"^({_NAME_LABEL}(\.{_NAME_LABEL})*|{_IP})(:{_PORT})?$", "maxLength": 253},
    "email": {"pattern": rf"^[A-Za-z0-9._%+-]+@{_DOMAIN}$", "maxLength": 254},
    "http_codes": {"pattern": rf"^{_CODE}(,{_CODE})*$"},
}
"""Each format as JSON Schema keywords (a subset of what the format takes, never more)."""


def ecma_pattern(pattern: str) -> str | None:
    """``pattern`` (a Python regular expression the whole value matches) as an anchored ECMA one,
    None when it uses syntax only Python reads."""
    if _PYTHON_ONLY.search(pattern):
        return None
    return f"^(?:{pattern})$"


def _add_pattern(schema: dict[str, Any], pattern: str) -> None:
    if "pattern" not in schema:
        schema["pattern"] = pattern
    elif schema["pattern"] != pattern and {"pattern": pattern} not in schema.get("allOf", []):
        schema.setdefault("allOf", []).append({"pattern": pattern})


def _tighter(schema: dict[str, Any], key: str, value: float | None, least: bool) -> None:
    """Set the bound ``key`` to ``value`` unless the schema's own is tighter (``least``: a lower
    bound, the greater wins)."""
    if value is None:
        return
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if key in schema:
        value = max(schema[key], value) if least else min(schema[key], value)
    schema[key] = value


def _enum(schema: dict[str, Any], allowed: list[Any]) -> None:
    if "const" in schema:
        return
    if "enum" in schema:
        folded = {a.casefold() for a in allowed if isinstance(a, str)}
        schema["enum"] = [
            e for e in schema["enum"] if (e.casefold() in folded if isinstance(e, str) else e in allowed)
        ]
    else:
        schema["enum"] = allowed


def _apply(schema: dict[str, Any], rule: Rule, ftype: str, array: bool) -> None:
    """Put one rule into ``schema`` (the field's, or its items' for a per-item rule)."""
    kind = rule.kind
    if kind == "pattern" and rule.pattern is not None:
        anchored = ecma_pattern(rule.pattern)
        if anchored is not None:
            _add_pattern(schema, anchored)
    elif kind == "range":
        _tighter(schema, "minimum", rule.minimum, least=True)
        _tighter(schema, "maximum", rule.maximum, least=False)
    elif kind == "length":
        low, high = ("minItems", "maxItems") if array else ("minLength", "maxLength")
        _tighter(schema, low, rule.min_length, least=True)
        _tighter(schema, high, rule.max_length, least=False)
    elif kind == "enum":
        _enum(schema, list(typed_values(rule.values or (), ftype)))
    elif kind == "forbidden":
        schema["not"] = {"enum": list(typed_values(rule.values or (), ftype))}
    elif kind == "format" and rule.format is not None:
        for key, value in _FORMATS[rule.format].items():
            if key == "pattern":
                _add_pattern(schema, value)
            elif key == "maxLength":
                _tighter(schema, key, value, least=False)
            else:
                schema[key] = value


def _typed_branch(schema: dict[str, Any]) -> dict[str, Any]:
    """The branch of a nullable schema (``anyOf: [X, {type: null}]``) that holds the value."""
    for key in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(key, []) if b.get("type") != "null"]
        if len(branches) == 1:
            return _typed_branch(branches[0])
    return schema


def field_rules(schema: dict[str, Any], f: FieldSpec) -> None:
    """Put ``f``'s own value rules into its ``schema`` (in place)."""
    target = _typed_branch(schema)
    scalars = f.type == "array" and not f.children
    for rule in f.rules:
        if scalars and rule.kind in PER_ITEM and isinstance(target.get("items"), dict):
            _apply(_typed_branch(target["items"]), rule, f.items or "string", array=False)
        elif not (scalars and rule.kind in PER_ITEM):
            _apply(target, rule, f.type, array=f.type == "array")


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """The schema a ``$ref`` (``#/components/schemas/Name``) points to, else ``schema``."""
    schema = _typed_branch(schema)
    ref = schema.get("$ref")
    if isinstance(ref, str):
        found: dict[str, Any] = components.get(ref.rsplit("/", 1)[-1], schema)
        return _typed_branch(found)
    return schema


def object_rules(schema: dict[str, Any], fields: tuple[FieldSpec, ...], components: dict[str, Any]) -> None:
    """Put the value rules of ``fields`` (and of their children, at any depth) into the object
    ``schema`` and the component schemas it refers to (in place)."""
    holder = _resolve(schema, components)
    properties = holder.get("properties", {})
    for f in fields:
        own = holder if f.name == "" else properties.get(f.name)
        if not isinstance(own, dict):
            continue
        if any(r.kind in PER_ITEM or r.kind == "length" for r in f.rules):
            field_rules(own, f)
        if f.children:
            inner = _resolve(own, components)
            if f.type == "array":
                inner = _resolve(inner.get("items", {}), components)
            object_rules(inner, f.children, components)
