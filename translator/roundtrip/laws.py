"""The round-trip laws of one translation, checked on one message.

For a paired operation, a part (request or response) and a direction: translating the message
there and back gives back the original except exactly the fields the table declares lossy (or
normalised); the intermediate message is valid for the target's models (types, enums, ranges,
lengths, and every required field present unless the source lacked it too or the table declares it
lossy: see ``targets``); no field is reported unknown; paging parameters survive at page boundaries.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from translator.errors import OutOfRange
from translator.mapping import engine, paths
from translator.mapping.compiled import PagePlan, PartPlan, Report
from translator.mapping.load import CONFIGURED_PATH_PARAMS, Mappings, OperationPair, load_mappings
from translator.roundtrip.messages import passed_targets, strip
from translator.roundtrip.targets import target_problems
from translator.spec import OperationSpec

Direction = Literal["v1_to_v2", "v2_to_v1"]
PARTS = ("request", "response")
DIRECTIONS: tuple[Direction, ...] = ("v1_to_v2", "v2_to_v1")
SKIP_PATH = frozenset(CONFIGURED_PATH_PARAMS)
"""v2 path parameters the configuration fills (project, instance): never in a generated message."""


class LawBroken(AssertionError):
    """A round trip broke a law: the message says which and where."""


class OutsideTarget(Exception):
    """The generated message holds a value the target refuses by the table's policy (``reject``):
    no round trip to check (the example does not count)."""


@dataclass(frozen=True, slots=True)
class Case:
    """One paired operation (as compiled from the tables), part and direction."""

    pair: OperationPair
    part: str
    direction: Direction

    @property
    def op_id(self) -> str:
        return self.pair.v1.id

    @property
    def name(self) -> str:
        return f"{self.op_id}-{self.part}-{self.direction}"

    @property
    def source(self) -> OperationSpec:
        return self.pair.v1 if self.direction == "v1_to_v2" else self.pair.v2


def cases(ops: tuple[str, ...] = (), mappings: Mappings | None = None) -> list[Case]:
    """Every case of the paired operations ``ops`` (all when empty) of ``mappings`` (default: the
    shipped tables), sorted by operation."""
    pairs = (mappings or load_mappings()).pairs
    chosen = sorted(ops or pairs)
    return [Case(pairs[op_id], part, d) for op_id in chosen for part in PARTS for d in DIRECTIONS]


def _pagination(pair: OperationPair) -> PagePlan | None:
    query = pair.request.v1_to_v2.actions.get(paths.QUERY_PARAMS)
    if query is None or query.child is None:
        return None
    return query.child.paging


def _paging_expected(msg: dict[str, Any], pp: PagePlan, direction: str) -> dict[str, Any]:
    """What the paging parameters become after a round trip (the engine's documented rounding)."""
    query = dict(msg.get(paths.QUERY_PARAMS, {}))
    if direction == "v1_to_v2":
        if pp.v1_all_size is not None and query.get(pp.page_size) == pp.v1_all_size:
            query[pp.page_size] = min(pp.v2_max_limit, pp.v1_max_size)  # "every item" becomes pages
            query[pp.page_no] = 1
        return {**msg, paths.QUERY_PARAMS: query}
    limit = query.get(pp.limit)
    size = min(pp.v2_default_limit if limit is None else limit, pp.v1_max_size)
    if limit is not None:
        query[pp.limit] = size
    if pp.offset in query:
        query[pp.offset] = query[pp.offset] // size * size  # offsets round down to a page boundary
    return {**msg, paths.QUERY_PARAMS: query}


def _opaque(plan: PartPlan, direction: str) -> bool:
    """The target body is a document carried whole (nothing to check field by field)."""
    return (plan.document_v2 if direction == "v1_to_v2" else plan.document_v1) == ""


def _set(message: dict[str, Any], keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        message = message.setdefault(key, {})
    message[keys[-1]] = value


def _prune_empty(message: Any, through: frozenset[str]) -> Any:
    """Drop empty pass-through objects: they carry nothing, so nothing brings them back."""
    for path in through:
        _prune_at(message, path.split("."))
    return message


def _prune_at(node: Any, keys: list[str]) -> None:
    if not isinstance(node, dict) or not keys:
        return
    head, rest = keys[0], keys[1:]
    key = head[:-2] if head.endswith("[]") else head
    if key not in node:
        return
    if not rest:
        if node[key] == {}:
            del node[key]
    elif head.endswith("[]") and isinstance(node[key], list):
        for item in node[key]:
            _prune_at(item, rest)
    else:
        _prune_at(node[key], rest)


def with_constants(case: Case, message: dict[str, Any]) -> dict[str, Any]:
    """``message`` with the source side's constants (a constant can only have its one value)."""
    plan: PartPlan = getattr(case.pair, case.part)
    back: Direction = "v2_to_v1" if case.direction == "v1_to_v2" else "v1_to_v2"
    out = copy.deepcopy(message)
    for keys, value in plan.plan(back).constants:
        _set(out, keys, value)
    return out


def check(case: Case, original: dict[str, Any]) -> frozenset[str]:
    """Check the laws on ``original`` (a generated message of the case's source, constants set by
    :func:`with_constants`); returns the lossy fields the trip dropped. Raises ``LawBroken``, or
    ``OutsideTarget`` when a value is refused by the table's policy."""
    pair = case.pair
    plan: PartPlan = getattr(pair, case.part)
    direction = case.direction
    src, dst = (pair.v1, pair.v2) if direction == "v1_to_v2" else (pair.v2, pair.v1)
    back: Direction = "v2_to_v1" if direction == "v1_to_v2" else "v1_to_v2"
    report: Report = []
    try:
        middle = engine.run(plan.plan(direction), original, report)
        again = engine.run(plan.plan(back), middle, [])
    except OutOfRange as exc:
        raise OutsideTarget(str(exc)) from None
    unknown = [r for r in report if r[1] == "unknown"]
    if unknown:
        raise LawBroken(f"fields reported unknown: {unknown}")
    passed = passed_targets(plan, direction, report)  # out of range by the table's "pass" policy
    found = target_problems(
        plan, direction, src, dst, case.part, original, middle, passed, _opaque(plan, direction)
    )
    if found:
        raise LawBroken(f"the {dst.version} message is invalid: {'; '.join(found)}; it was {middle!r}")
    lossy = plan.lossy_v1 if direction == "v1_to_v2" else plan.lossy_v2
    normalized = plan.normalized_v1 if direction == "v1_to_v2" else plan.normalized_v2
    through = plan.through_v1 if direction == "v1_to_v2" else plan.through_v2
    expected = copy.deepcopy(original)
    paging = _pagination(pair)
    if case.part == "request" and paging is not None:
        expected = _paging_expected(expected, paging, direction)
    drop = set(lossy) | set(normalized)
    got, want = strip(again, drop), _prune_empty(strip(expected, drop), through)
    if got != want:
        raise LawBroken(
            f"there and back differs beyond the declared lossy fields: got {got!r}, want {want!r}"
        )
    return frozenset(path for path, kind, _ in report if kind == "dropped")
