"""The result of an import (or of its dry run): what became of each family's objects, and what
the operator must know."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Outcome:
    """What became of each family's objects, and what the operator must know."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    new_secrets: list[dict[str, str]] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    not_migrated: list[dict[str, str]] = field(default_factory=list)
    altered: list[dict[str, str]] = field(default_factory=list)
    """Per object, each value the tables change to fit the target (clamped into its range)."""

    def add(self, family: str, state: str) -> None:
        by = self.counts.setdefault(family, {})
        by[state] = by.get(state, 0) + 1

    @property
    def ok(self) -> bool:
        return not self.failures
