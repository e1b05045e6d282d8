"""Compiled translation plans: what the engine executes, built once from the tables.

A plan is a tree of ``ObjectPlan``s keyed by source JSON key, so translating an object is one dict
lookup per key. Destinations are key tuples relative to the output object of the current array
item (or the message root), which lets a row move a field across object levels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from translator.types import Direction

COPY = 0
OBJECT = 1
"""A nested object whose members land at various places of the current output scope."""
ARRAY = 2
DROP = 3
NESTED = 4
"""A nested object that becomes one target object: its plan writes into that object directly."""
SPREAD = 5
"""A field that holds a whole document: its members become the target body."""

Report = list[tuple[str, str, str]]
"""Entries ``(source path, kind, detail)``; kinds: dropped, unknown, clamped, rounded, changed,
passed (and at a target path: filled and needed from ``verify``, stricter from ``translator.translate``)."""

Transform = Callable[[Any, Report], Any]


@dataclass(slots=True)
class Action:
    """What to do with one source key."""

    kind: int
    src: str
    dst: tuple[str, ...] = ()
    child: ObjectPlan | None = None
    transform: Transform | None = None
    reason: str = ""
    values: dict[Any, Any] | None = None
    """Enum value map, applied before ``transform``."""
    allowed: frozenset[Any] | None = None
    """Target enum; a value outside it (after ``values``) is passed on and reported."""

    @property
    def is_plain_copy(self) -> bool:
        """A value copied unchanged to one key of the same object (the engine's fast path)."""
        return (
            self.kind == COPY
            and len(self.dst) == 1
            and self.transform is None
            and self.values is None
            and self.allowed is None
        )


@dataclass(slots=True)
class PagePlan:
    """Page number and size <-> offset and limit, run on the query object."""

    direction: Direction
    page_no: str
    page_size: str
    offset: str
    limit: str
    v1_default_size: int
    v1_max_size: int
    v2_default_limit: int
    v2_max_limit: int
    v1_all_size: int | None = None


@dataclass(slots=True)
class ObjectPlan:
    """How to translate one source object (the root, a nested object or an array item)."""

    path: str
    actions: dict[str, Action] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    """The fast path: source key -> target key for plain copies (no transform, same level)."""
    constants: tuple[tuple[tuple[str, ...], Any], ...] = ()
    expected: dict[str, Any] = field(default_factory=dict)
    paging: PagePlan | None = None
    paging_dst: tuple[str, ...] = ()
    document_to: str | None = None
    """Where the members that no row names go, whole: ``""`` = the target body, else that field
    (a document carried as a body or in a field); None = they are unknown and reported."""
    layouts: dict[tuple[str, ...], Any] | None = field(default=None, compare=False, repr=False)
    """The engine's cache: per key layout (the source keys in order) seen, what to do with it
    (``translator.mapping.engine``); None until the engine first looks."""
    flat: bool | None = field(default=None, compare=False, repr=False)
    """Whether every action writes at most one key of the object's own output, each its own key
    (the engine's fast path applies); None until the engine first looks."""


@dataclass(slots=True)
class PartPlan:
    """Both directions of one part (request or response) of one operation pair."""

    v1_to_v2: ObjectPlan
    v2_to_v1: ObjectPlan
    lossy_v1: dict[str, str]
    lossy_v2: dict[str, str]
    mapping: dict[str, str]
    """v1.0 path -> v2 path of every mapped field."""
    constants_v1: frozenset[str] = frozenset()
    constants_v2: frozenset[str] = frozenset()
    """Fields holding a constant on that side (written when translating to it, checked when read)."""
    document_v1: str | None = None
    document_v2: str | None = None
    """The field holding a document carried whole on that side (``""``: the whole body)."""
    through_v1: frozenset[str] = frozenset()
    through_v2: frozenset[str] = frozenset()
    """Objects with no counterpart of their own whose members are mapped one by one."""
    normalized_v1: dict[str, str] = field(default_factory=dict)
    normalized_v2: dict[str, str] = field(default_factory=dict)
    """Fields whose value a round trip may change (case, clamping), with the reason."""

    def plan(self, direction: Direction) -> ObjectPlan:
        """The plan of ``direction``."""
        return self.v1_to_v2 if direction == "v1_to_v2" else self.v2_to_v1

    def targets(self, direction: Direction) -> dict[str, str]:
        """Source path -> target path of every mapped field, translating in ``direction``."""
        if direction == "v1_to_v2":
            return dict(self.mapping)
        return {v2: v1 for v1, v2 in self.mapping.items()}


def action_for(plan: ObjectPlan, source_path: str) -> Action | None:
    """The action translating the source field at ``source_path`` (a table path), or None."""
    for action in plan.actions.values():
        if action.src == source_path:
            return action
        if action.child is not None and source_path.startswith(action.src):
            found = action_for(action.child, source_path)
            if found is not None:
                return found
    return None


def localized(plan: ObjectPlan, prefix: tuple[str, ...]) -> ObjectPlan | None:
    """``plan`` with destinations relative to the target object at ``prefix``; None if a member
    lands outside it (then the engine writes relative to the scope root instead)."""
    n = len(prefix)
    out = ObjectPlan(path=plan.path, expected=dict(plan.expected), paging=plan.paging)
    if plan.paging is not None:
        if plan.paging_dst[:n] != prefix:
            return None
        out.paging_dst = plan.paging_dst[n:]
    for key, action in plan.actions.items():
        if action.kind == DROP:
            out.actions[key] = action
            continue
        if action.dst[:n] != prefix or len(action.dst) == n:
            return None
        child = action.child
        if action.kind == OBJECT and child is not None:
            child = localized(child, prefix)
            if child is None:
                return None
        moved = out.actions[key] = replace(action, dst=action.dst[n:], child=child)
        if moved.is_plain_copy:
            out.renames[key] = moved.dst[0]
    return out


def outside(value: Any, allowed: frozenset[Any]) -> bool:
    """Whether ``value`` is not one of ``allowed`` (an unhashable value never is)."""
    try:
        return value not in allowed
    except TypeError:
        return True
