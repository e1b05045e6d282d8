"""Compile one operation's table rows against both versions' spec into translation plans.

Compilation is where a table is held honest: every row must name fields that exist, every field of
both versions must be accounted for (mapped by a row, mapped implicitly by having the same name under
corresponding parents, or declared lossy with a reason), enums must map into the other side's enum,
and a range that is narrower on the target side needs a declared policy. Any violation is a
``TableError`` naming the table file and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translator.errors import TableError
from translator.mapping import paths
from translator.mapping.compiled import (
    ARRAY,
    COPY,
    DROP,
    NESTED,
    OBJECT,
    SPREAD,
    Action,
    ObjectPlan,
    PagePlan,
    PartPlan,
    localized,
)
from translator.mapping.schema import FieldRow, PartTable, Shape
from translator.mapping.transforms import ValueRule, build_transform, narrower
from translator.spec import FieldSpec, walk
from translator.spec.paging import Paging
from translator.types import Direction

_PAGED = "translated by the paging rule (spec/paging.py)"
PagingPair = tuple[Paging, Paging]
"""The v1.0 and the v2 operation's paging, for an operation pair whose table declares pagination."""
THROUGH = "<through>"
"""The target of an object with no counterpart whose members are mapped by rows of their own:
its members are written where their rows say (e.g. a v2 object's one member <-> a v1.0 string)."""


@dataclass
class Rows:
    """The rows of one part after includes are expanded, with every path made absolute."""

    fields: list[FieldRow] = field(default_factory=list)
    only_v1: dict[str, str] = field(default_factory=dict)
    only_v2: dict[str, str] = field(default_factory=dict)
    constants_v1: dict[str, Any] = field(default_factory=dict)
    constants_v2: dict[str, Any] = field(default_factory=dict)
    shared: set[tuple[str, str]] = field(default_factory=set)
    """Rows that came from a shape: their range policy need not act in every operation."""

    def add_shape(self, shape: Shape, v1_at: str = "", v2_at: str = "", shared: bool = False) -> None:
        for row in shape.fields:
            v1 = paths.join(v1_at, row.v1)
            v2 = paths.join(v2_at, row.v2)
            self.fields.append(row.model_copy(update={"v1": v1, "v2": v2}))
            if shared:
                self.shared.add((v1, v2))
        self.only_v1.update({paths.join(v1_at, p): r for p, r in shape.only_v1.items()})
        self.only_v2.update({paths.join(v2_at, p): r for p, r in shape.only_v2.items()})

    def add_part(self, part: PartTable, shapes: dict[str, Shape], at: str, source: str, entry: str) -> None:
        for inc in part.include:
            if inc.shape not in shapes:
                raise TableError(source, entry, f"include of unknown shape {inc.shape!r}")
            self.add_shape(shapes[inc.shape], paths.join(at, inc.v1_at), paths.join(at, inc.v2_at), True)
        self.add_shape(part, at, at)
        self.constants_v1.update({paths.join(at, p): v for p, v in part.constants.v1.items()})
        self.constants_v2.update({paths.join(at, p): v for p, v in part.constants.v2.items()})


class PartCompiler:
    """Resolves and checks one part's rows, then builds both directions' plans."""

    def __init__(
        self,
        source: str,
        entry: str,
        v1: tuple[FieldSpec, ...],
        v2: tuple[FieldSpec, ...],
        rows: Rows,
        is_response: bool = False,
    ) -> None:
        self.loose = not is_response
        self.source = source
        self.entry = entry
        self.rows = rows
        self.index = {"v1.0": dict(walk(v1)), "v2": dict(walk(v2))}
        self.roots = {"v1.0": v1, "v2": v2}
        self.document: tuple[str, str] | None = None
        self.row_by_v1: dict[str, FieldRow] = {}
        self.row_by_v2: dict[str, FieldRow] = {}

    def error(self, problem: str) -> TableError:
        return TableError(self.source, self.entry, problem)

    def _check_rows(self) -> None:
        idx1, idx2 = self.index["v1.0"], self.index["v2"]
        for row in self.rows.fields:
            if row.v1 not in idx1:
                raise self.error(f"row {row.v1} -> {row.v2}: v1.0 has no field {row.v1!r}")
            if row.v2 not in idx2:
                raise self.error(f"row {row.v1} -> {row.v2}: v2 has no field {row.v2!r}")
            if row.v1 in self.row_by_v1 or row.v2 in self.row_by_v2:
                raise self.error(f"row {row.v1} -> {row.v2}: the field is already mapped by another row")
            self.row_by_v1[row.v1] = row
            self.row_by_v2[row.v2] = row
        for version, declared in (("v1.0", self.rows.only_v1), ("v2", self.rows.only_v2)):
            for p in declared:
                if p not in self.index[version]:
                    raise self.error(f"lossy {version} field {p!r} does not exist")
        for version, consts in (("v1.0", self.rows.constants_v1), ("v2", self.rows.constants_v2)):
            for p in consts:
                if p not in self.index[version]:
                    raise self.error(f"constant {version} field {p!r} does not exist")

    def _resolve(
        self, src: str, dst: str, explicit: dict[str, str], lossy: dict[str, str], consts: dict[str, Any]
    ) -> tuple[dict[str, str | None], dict[str, str]]:
        """Map every source path to its target path (None: lossy) and collect reasons."""
        src_index, dst_index = self.index[src], self.index[dst]
        mapping: dict[str, str | None] = {}
        reasons: dict[str, str] = {}
        missing: list[str] = []
        for p in src_index:
            if p in explicit:
                mapping[p] = explicit[p]
                continue
            if p in lossy:
                mapping[p], reasons[p] = None, lossy[p]
                continue
            if p in consts:
                mapping[p], reasons[p] = None, f"constant {consts[p]!r} on the {src} side"
                continue
            parent = paths.parent_field(p)
            if parent is not None and parent not in mapping:
                continue  # the parent itself is unaccounted for; reported once, for the parent
            if parent is not None and mapping[parent] is None:
                mapping[p], reasons[p] = None, reasons[parent]
                continue
            if parent is not None and mapping[parent] == THROUGH:
                missing.append(p)  # members of a pass-through object need rows of their own
                continue
            parent_dst = None if parent is None else mapping[parent]
            parent_is_array = parent is not None and dst_index[str(parent_dst)].type == "array"
            candidate = paths.child_path(parent_dst, parent_is_array, paths.last_key(p))
            if candidate in dst_index and candidate not in self._explicit_targets(dst):
                mapping[p] = candidate
            elif src_index[p].type == "object" and any(e.startswith(p + ".") for e in explicit):
                mapping[p] = THROUGH
            else:
                missing.append(p)
        if missing:
            raise self.error(
                f"{src} field(s) {', '.join(missing)} have no {dst} counterpart: "
                f"map them with a row or declare them only_{'v1' if src == 'v1.0' else 'v2'} with a reason"
            )
        return mapping, reasons

    def _explicit_targets(self, dst: str) -> dict[str, FieldRow]:
        return self.row_by_v2 if dst == "v2" else self.row_by_v1

    def carry_document(self, v1_field: str, v2_field: str) -> None:
        """Take the document's fields out of the field-by-field mapping: it travels whole."""
        self.document = (v1_field, v2_field)
        for version, holder in (("v1.0", v1_field), ("v2", v2_field)):
            if holder and holder not in self.index[version]:
                raise self.error(f"document field {holder!r} does not exist in {version}")
            kept = tuple(
                f for f in self.roots[version] if f.name.startswith("@") or (holder and f.name != holder)
            )
            self.roots[version] = kept
            self.index[version] = dict(walk(kept))

    def compile(self, pagination: PagingPair | None) -> PartPlan:
        self._check_rows()
        self._check_policies()
        paged1: dict[str, str] = {}
        paged2: dict[str, str] = {}
        if pagination is not None:
            q = paths.QUERY_PARAMS
            paged1 = {f"{q}.{n}": _PAGED for n in pagination[0].params}
            paged2 = {f"{q}.{n}": _PAGED for n in pagination[1].params}
            for name in (*paged1, *paged2):
                if name not in self.index["v1.0"] and name not in self.index["v2"]:
                    raise self.error(f"pagination parameter {name} is not a query parameter")
        fwd, why1 = self._resolve(
            "v1.0",
            "v2",
            {r.v1: r.v2 for r in self.rows.fields},
            {**self.rows.only_v1, **paged1},
            self.rows.constants_v1,
        )
        back, why2 = self._resolve(
            "v2",
            "v1.0",
            {r.v2: r.v1 for r in self.rows.fields},
            {**self.rows.only_v2, **paged2},
            self.rows.constants_v2,
        )
        for v1_path, v2_path in fwd.items():
            if v2_path is not None and v2_path != THROUGH and back.get(v2_path) != v1_path:
                raise self.error(f"v1.0 {v1_path} maps to v2 {v2_path}, which does not map back to it")
        normalized: dict[str, dict[str, str]] = {"v1.0": {}, "v2": {}}
        plans = {}
        for direction, mapping, reasons in (("v1_to_v2", fwd, why1), ("v2_to_v1", back, why2)):
            plans[direction] = self._plan(direction, mapping, reasons, normalized, pagination)  # type: ignore[arg-type]
        doc1, doc2 = self.document if self.document is not None else (None, None)
        if self.document is not None:
            self._attach_document(plans["v1_to_v2"], str(doc1), str(doc2))
            self._attach_document(plans["v2_to_v1"], str(doc2), str(doc1))
        return PartPlan(
            constants_v1=frozenset(self.rows.constants_v1),
            constants_v2=frozenset(self.rows.constants_v2),
            document_v1=doc1,
            document_v2=doc2,
            v1_to_v2=plans["v1_to_v2"],
            v2_to_v1=plans["v2_to_v1"],
            lossy_v1={p: r for p, r in why1.items() if r is not _PAGED and p not in self.rows.constants_v1},
            lossy_v2={p: r for p, r in why2.items() if r is not _PAGED and p not in self.rows.constants_v2},
            mapping={p: q for p, q in fwd.items() if q is not None and q != THROUGH},
            through_v1=frozenset(p for p, q in fwd.items() if q == THROUGH),
            through_v2=frozenset(p for p, q in back.items() if q == THROUGH),
            normalized_v1=normalized["v1.0"],
            normalized_v2=normalized["v2"],
        )

    def _plan(
        self,
        direction: Direction,
        mapping: dict[str, str | None],
        reasons: dict[str, str],
        normalized: dict[str, dict[str, str]],
        pagination: PagingPair | None,
    ) -> ObjectPlan:
        src, dst = ("v1.0", "v2") if direction == "v1_to_v2" else ("v2", "v1.0")
        rows = self.row_by_v1 if src == "v1.0" else self.row_by_v2
        consts = self.rows.constants_v2 if dst == "v2" else self.rows.constants_v1
        expected = self.rows.constants_v1 if src == "v1.0" else self.rows.constants_v2

        def build(
            fields: tuple[FieldSpec, ...], parent: str | None, parent_is_array: bool, scope_dst: str
        ) -> ObjectPlan:
            plan = ObjectPlan(path=paths.item_scope(parent) if parent and parent_is_array else (parent or ""))
            for f in fields:
                p = paths.child_path(parent, parent_is_array, f.name)
                q = mapping[p]
                if q is None:
                    if p in expected and paths.scope_of(p) == "":
                        plan.expected[f.name] = expected[p]
                    plan.actions[f.name] = Action(DROP, p, reason=reasons.get(p, "lossy"))
                    continue
                if q == THROUGH:
                    child = build(f.children, p, False, scope_dst)
                    plan.actions[f.name] = Action(OBJECT, p, (), child=child)
                    continue
                if paths.scope_of(q) != scope_dst:
                    raise self.error(f"{src} {p} -> {dst} {q} crosses an array boundary")
                g = self.index[dst][q]
                dst_keys = paths.relative_keys(q)
                if (f.type == "array" and bool(f.children)) != (g.type == "array" and bool(g.children)) or (
                    (f.type == "object") != (g.type == "object") and "any" not in (f.type, g.type)
                ):
                    raise self.error(f"{src} {p} ({f.type}) and {dst} {q} ({g.type}) differ in kind")
                if f.type == "array" and f.children:
                    child = build(f.children, p, True, paths.item_scope(q))
                    plan.actions[f.name] = Action(ARRAY, p, dst_keys, child=child)
                elif f.type == "object" and (f.children or p in (paths.PATH_PARAMS, paths.QUERY_PARAMS)):
                    child = build(f.children, p, False, scope_dst)
                    local = localized(child, dst_keys) if len(dst_keys) == 1 else None
                    if local is not None:
                        plan.actions[f.name] = Action(NESTED, p, dst_keys, child=local)
                    else:
                        plan.actions[f.name] = Action(OBJECT, p, dst_keys, child=child)
                else:
                    row = rows.get(p)
                    rule = self._transform(direction, p, q, f, g, row)
                    if rule.note:
                        normalized[src][p] = rule.note
                    if row is not None and row.case:
                        # a case change shows whichever side a round trip starts from
                        normalized[dst][q] = f"letter case normalised to {row.case}"
                    action = Action(
                        COPY, p, dst_keys, transform=rule.transform, values=rule.values, allowed=rule.allowed
                    )
                    plan.actions[f.name] = action
                    if action.is_plain_copy:
                        plan.renames[f.name] = dst_keys[0]
            return plan

        root = build(self.roots[src], None, False, "")
        root.constants = tuple((paths.relative_keys(p), v) for p, v in consts.items())
        if pagination is not None:
            self._attach_paging(root, direction, pagination)
        return root

    def _transform(
        self, direction: Direction, p: str, q: str, f: FieldSpec, g: FieldSpec, row: FieldRow | None
    ) -> ValueRule:
        converts = row is not None and row.convert
        if converts and (f.type == g.type or "any" in (f.type, g.type)):
            raise self.error(f"{p} -> {q}: convert declared but both sides are {f.type}")
        if (
            not converts
            and f.type != g.type
            and "any" not in (f.type, g.type)
            and not (f.type == "integer" and g.type == "number")
        ):
            raise self.error(f"{p} ({f.type}) -> {q} ({g.type}): types differ; declare convert: true")
        policy = row.out_of_range if row else None
        narrow = narrower(f, g, self.loose)
        if narrow and policy is None:
            raise self.error(
                f"{p} -> {q}: the {'v2' if direction == 'v1_to_v2' else 'v1.0'} range is narrower "
                f"({narrow}); declare out_of_range: clamp|reject|pass on the row"
            )
        try:
            return build_transform(direction, p, f, g, row, policy, self.loose)
        except ValueError as exc:
            raise self.error(f"{p} -> {q}: {exc}") from None

    def _check_policies(self) -> None:
        """A declared range policy must have something to act on in at least one direction."""
        for row in self.rows.fields:
            if row.out_of_range is None or (row.v1, row.v2) in self.rows.shared:
                continue
            f, g = self.index["v1.0"][row.v1], self.index["v2"][row.v2]
            enums_differ = (f.enum is None) != (g.enum is None) or set(f.enum or ()) != set(g.enum or ())
            if not (narrower(f, g, self.loose) or narrower(g, f, self.loose) or enums_differ):
                raise self.error(
                    f"row {row.v1} -> {row.v2}: out_of_range declared but no value is out of range"
                )

    @staticmethod
    def _attach_document(root: ObjectPlan, src_holder: str, dst_holder: str) -> None:
        if src_holder:
            root.actions[src_holder] = Action(SPREAD, src_holder)
            if dst_holder:
                root.actions[src_holder] = Action(COPY, src_holder, (dst_holder,))
                root.renames[src_holder] = dst_holder
        else:
            root.document_to = dst_holder

    def _attach_paging(self, root: ObjectPlan, direction: Direction, pg: PagingPair) -> None:
        query = root.actions.get(paths.QUERY_PARAMS)
        if query is None or query.child is None:
            raise self.error("pagination declared but the operation has no query parameters")
        v1, v2 = pg
        names = (v1.position, v1.size) if direction == "v1_to_v2" else (v2.position, v2.size)
        for name in names:
            if name not in query.child.actions:
                raise self.error(f"pagination parameter {name!r} is not a query parameter")
            del query.child.actions[name]
        query.child.paging = PagePlan(
            direction,
            v1.position,
            v1.size,
            v2.position,
            v2.size,
            v1.default_size,
            v1.max_size,
            v2.default_size,
            v2.max_size,
            v1.all_size,
        )
        query.child.paging_dst = () if query.kind == NESTED else query.dst


def request_tree(
    body: tuple[FieldSpec, ...] | None, path_params: tuple[FieldSpec, ...], query: tuple[FieldSpec, ...]
) -> tuple[FieldSpec, ...]:
    """A request as one message: the body's fields beside ``@path`` and ``@query`` objects."""
    extra = (
        FieldSpec(name=paths.PATH_PARAMS, type="object", children=path_params),
        FieldSpec(name=paths.QUERY_PARAMS, type="object", children=query),
    )
    return (body or ()) + extra


__all__ = ["DROP", "PartCompiler", "Rows", "request_tree"]
