"""Every rule of every field of both versions' queries and request bodies, once per distinct
field (the same field with the same columns and rules recurs across operations: drawn once)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from translator.spec import FieldSpec, Rule, load_spec
from translator.types import VERSIONS, Version


@dataclass(frozen=True)
class RuleField:
    """One rule of one field, with the field's siblings (the object holding it)."""

    version: Version
    where: str
    field: FieldSpec
    rule: Rule
    siblings: tuple[FieldSpec, ...]

    @property
    def id(self) -> str:
        return f"{self.version}-{self.rule.kind}-{self.where}"


def _objects(fields: tuple[FieldSpec, ...], prefix: str) -> Iterator[tuple[str, tuple[FieldSpec, ...]]]:
    yield prefix, fields
    for f in fields:
        if f.children:
            yield from _objects(f.children, f"{prefix}.{f.name}" if prefix else f.name)


def _key(f: FieldSpec, rule: Rule, siblings: tuple[FieldSpec, ...]) -> str:
    columns = (f.name, f.type, f.items, f.enum, f.minimum, f.maximum, f.min_length, f.max_length, f.pattern)
    related = [(s.name, s.type, s.minimum, s.maximum, s.rules) for s in siblings] if rule.other else []
    return repr((columns, f.rules, rule, related))


@cache
def rule_fields() -> list[RuleField]:
    out: dict[str, RuleField] = {}
    for version in VERSIONS:
        for op in load_spec(version).operations.values():
            for part in ("query", "request"):
                for prefix, fields in _objects(op.part(part) or (), ""):
                    for f in fields:
                        for rule in f.rules:
                            where = f"{op.id}.{part}.{prefix + '.' if prefix else ''}{f.name}"
                            out.setdefault(
                                f"{version}{_key(f, rule, fields)}",
                                RuleField(version, where, f, rule, fields),
                            )
    return list(out.values())
