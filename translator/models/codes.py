"""The documented error code of a value rule breach (错误码.md), by the rule's kind and the part of
the request, and by the docs' own example where the operation's page shows one for the field.

=================================  =================================================================
range below / above                ``APIG.2002`` / ``APIG.2003``
length too short / too long        ``APIG.2005`` / ``APIG.2006``
compare                            ``APIG.2004`` ("参数值不在可选范围内")
required_if                        ``APIG.2001``
format ip, cidr, ip_or_cidr        ``APIG.2015`` ("无效的IP地址")
format email                       ``APIG.2014`` ("无效的邮件地址")
format domain on a domain          ``APIG.2024`` ("域名非法"), on the domain operations
pattern, enum, other formats       the docs' example for this operation and field if there is one
                                   (``translator/spec/example_codes.json``; the version's page, else
                                   the other version's), else ``APIG.2011``
                                   ("参数规则不匹配") in a body, ``APIG.2012`` in a query or path
forbidden                          ``APIG.2012`` ("参数匹配到不期望匹配的规则": the value matches
                                   what it must not)
=================================  =================================================================
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:
    from translator.models.rules import Breach

RulePart: TypeAlias = Literal["path", "query", "request", "response"]

_FIXED: dict[str, str] = {"compare": "APIG.2004", "required_if": "APIG.2001", "forbidden": "APIG.2012"}
_MISMATCH: tuple[str, str] = ("APIG.2011", "APIG.2012")
"""A value that does not match its rule: in a body, in a query or path."""
_FORMAT_CODES: dict[str, str] = {
    "ip": "APIG.2015",
    "cidr": "APIG.2015",
    "ip_or_cidr": "APIG.2015",
    "email": "APIG.2014",
}
_DOMAIN_RESOURCES = frozenset({"domain"})
"""Resources whose operations answer a bad domain name with APIG.2024."""


@cache
def example_codes() -> dict[str, dict[str, dict[str, str]]]:
    """``{version: {op_id: {field: code}}}``: the code each operation's doc example gives for a bad
    value of the field it names (``scripts/derive_example_codes.py``)."""
    text = resources.files("translator.spec").joinpath("example_codes.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, str]]] = json.loads(text)
    return data


def _example(breach: Breach) -> str | None:
    """The docs' example code for the breach's operation and field: its version's page, else the
    other version's page of the same operation (the v1.0 pages show no error examples; both
    versions answer the same codes)."""
    examples = example_codes()
    versions = sorted(examples, key=lambda v: v != breach.version)
    for version in versions:
        shown = examples[version].get(breach.operation, {}).get(breach.field)
        if shown is not None:
            return shown
    return None


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list)) else 0


def code_for(breach: Breach, part: RulePart) -> str:
    """The documented error code of ``breach`` found in ``part``."""
    rule, value = breach.rule, breach.value
    if rule.kind == "range":
        return "APIG.2002" if rule.minimum is not None and value < rule.minimum else "APIG.2003"
    if rule.kind == "length":
        short = rule.min_length is not None and _size(value) < rule.min_length
        return "APIG.2005" if short else "APIG.2006"
    if rule.kind in _FIXED:
        return _FIXED[rule.kind]
    if rule.kind == "format" and rule.format is not None:
        if rule.format == "domain" and breach.operation.split(".")[0] in _DOMAIN_RESOURCES:
            return "APIG.2024"
        if rule.format in _FORMAT_CODES:
            return _FORMAT_CODES[rule.format]
    shown = _example(breach)
    if shown is not None:
        return shown
    in_body, elsewhere = _MISMATCH
    return in_body if part in ("request", "response") else elsewhere
