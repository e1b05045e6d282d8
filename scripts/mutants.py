"""Mutants of the mapping tables for ``scripts/mutate_tables.py``: one deliberate mistake each.

A mutant is a copy of the parsed tables with one change a person could make by mistake: two
fields' targets swapped, a row or one of its attributes removed, a range policy changed, a value
map's targets swapped, a path parameter paired with the wrong one, a constant, lossy entry or error
code row removed. Generation is deterministic (sorted input, no randomness here).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from translator import Mappings
from translator.mapping import paths
from translator.spec import FieldSpec, load_spec, walk

KINDS = (
    "swap",
    "path_params",
    "remove_row",
    "remove_attr",
    "change_policy",
    "swap_values",
    "remove_lossy",
    "constants",
    "pagination",
    "errors",
)
PREFIX_PARAMS = frozenset(load_spec("v2").prefix_params)
_ATTRS = ("values", "case", "convert", "out_of_range")
_POLICIES = ("clamp", "reject", "pass")


@dataclass
class Mutant:
    kind: str
    name: str
    tables: dict[str, dict[str, Any]]
    errors: dict[str, Any]
    ops: set[str] = field(default_factory=set)
    """The v1.0 operations whose goldens can see it (empty: the error table)."""


def plain(data: Any) -> Any:
    """A copy without shared sub-objects (YAML anchors): a mutation changes one place only."""
    return json.loads(json.dumps(data))


def _part_sections(part: str) -> tuple[tuple[str, str], ...]:
    """(table section, message prefix) of the rows of one part."""
    return (("request", ""), ("query", paths.QUERY_PARAMS)) if part == "request" else (("response", ""),)


@dataclass(frozen=True)
class RowSite:
    """Where the row that maps one field lives."""

    section: str
    index: int
    include: int | None = None
    """Index of the include in the section (the row is in that include's shape), or None."""


def _row_sites(
    op_table: dict[str, Any], shapes: dict[str, Any], part: str
) -> dict[str, tuple[RowSite, dict[str, Any]]]:
    """v1.0 message path -> (site, row with absolute paths) of every explicit row of one part."""
    out: dict[str, tuple[RowSite, dict[str, Any]]] = {}
    for section, at in _part_sections(part):
        table = op_table.get(section) or {}
        for i, inc in enumerate(table.get("include") or ()):
            shape = shapes.get(inc["shape"], {})
            v1_at, v2_at = paths.join(at, inc.get("v1_at", "")), paths.join(at, inc.get("v2_at", ""))
            for j, row in enumerate(shape.get("fields") or ()):
                full = {**row, "v1": paths.join(v1_at, row["v1"]), "v2": paths.join(v2_at, row["v2"])}
                out[full["v1"]] = (RowSite(section, j, i), full)
        for j, row in enumerate(table.get("fields") or ()):
            full = {**row, "v1": paths.join(at, row["v1"]), "v2": paths.join(at, row["v2"])}
            out[full["v1"]] = (RowSite(section, j), full)
    return out


def _leaves(fields: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    return {p: f for p, f in walk(fields) if f.is_scalar}


def _kind(f: FieldSpec) -> str:
    if f.type in ("integer", "number"):
        return "number"
    return f.items or "string" if f.type == "array" else f.type


def _swap_candidates(mappings: Mappings, op_id: str, part: str) -> list[tuple[str, str, str, str]]:
    pair = mappings.pairs[op_id]
    plan = getattr(pair, part)
    spec1 = dict(walk(pair.v1.part(part) or ()))
    spec2 = dict(walk(pair.v2.part(part) or ()))
    if part == "request":
        for spec, op in ((spec1, pair.v1), (spec2, pair.v2)):
            spec.update({f"{paths.QUERY_PARAMS}.{f.name}": f for f in op.query})
            spec.update(
                {f"{paths.PATH_PARAMS}.{f.name}": f for f in op.path_params if f.name not in PREFIX_PARAMS}
            )
    leaves = sorted(
        (a, b)
        for a, b in plan.mapping.items()
        if a in spec1 and b in spec2 and spec1[a].is_scalar and spec2[b].is_scalar
    )
    out = []
    for i, (a, a2) in enumerate(leaves):
        for b, b2 in leaves[i + 1 :]:
            same_scope = paths.scope_of(a) == paths.scope_of(b) and paths.scope_of(a2) == paths.scope_of(b2)
            if same_scope and _kind(spec1[a]) == _kind(spec1[b]):
                out.append((a, a2, b, b2))
    return out


def _without_rows(op_table: dict[str, Any], shapes: dict[str, Any], sites: list[RowSite], tag: str) -> None:
    """Remove the rows at ``sites`` from this operation only (a shape row: from a private copy)."""
    for site in sorted(sites, key=lambda s: (s.section, s.include is None, -s.index)):
        section = op_table[site.section]
        if site.include is None:
            del section["fields"][site.index]
            continue
        inc = section["include"][site.include]
        if tag not in inc["shape"]:  # one private copy per include
            copy_name = f"{inc['shape']}{tag}-{site.section}-{site.include}"
            shapes[copy_name] = copy.deepcopy(shapes[inc["shape"]])
            inc["shape"] = copy_name
        del shapes[inc["shape"]]["fields"][site.index]


def swaps(tables: dict[str, Any], errors: dict[str, Any], mappings: Mappings) -> Iterator[Mutant]:
    """Two mapped fields of one body trade targets (rows keep their other attributes)."""
    for file, table in sorted(tables.items()):
        for op_id in sorted(table.get("operations") or {}):
            for part in ("request", "response"):
                sites = _row_sites(table["operations"][op_id], table.get("shapes") or {}, part)
                for a, a2, b, b2 in _swap_candidates(mappings, op_id, part):
                    t = plain(table)
                    op_table = t["operations"][op_id]
                    shapes = t.setdefault("shapes", {})
                    found = [sites[x] for x in (a, b) if x in sites]
                    _without_rows(op_table, shapes, [s for s, _ in found], "__mutant")
                    row_a = {**(sites[a][1] if a in sites else {}), "v1": a, "v2": b2}
                    row_b = {**(sites[b][1] if b in sites else {}), "v1": b, "v2": a2}
                    op_table.setdefault(part, {}).setdefault("fields", []).extend([row_a, row_b])
                    yield Mutant("swap", f"{op_id} {part}: {a} <-> {b}", {**tables, file: t}, errors, {op_id})


def _ops_with_shape(table: dict[str, Any], shape: str) -> set[str]:
    out = set()
    for op_id, op_table in (table.get("operations") or {}).items():
        for section in ("request", "query", "response"):
            if any(inc["shape"] == shape for inc in (op_table.get(section) or {}).get("include") or ()):
                out.add(op_id)
    return out


def _row_lists(table: dict[str, Any]) -> Iterator[tuple[str, list[Any], set[str]]]:
    """Every list of rows in a table: (where, the list, the operations it acts in)."""
    for name, shape in sorted((table.get("shapes") or {}).items()):
        yield f"shape {name}", shape.setdefault("fields", []), _ops_with_shape(table, name)
    for op_id, op_table in sorted((table.get("operations") or {}).items()):
        for section in ("request", "query", "response"):
            part = op_table.get(section)
            if part is not None:
                yield f"{op_id} {section}", part.setdefault("fields", []), {op_id}


def _each_row(tables: dict[str, Any]) -> Iterator[tuple[str, int, str, dict[str, Any], set[str]]]:
    for file, table in sorted(tables.items()):
        for where, rows, ops in _row_lists(plain(table)):
            for i, row in enumerate(rows):
                yield file, i, where, row, ops


def _edit_row(table: dict[str, Any], where: str) -> tuple[dict[str, Any], list[Any]]:
    t = plain(table)
    for w, rows, _ in _row_lists(t):
        if w == where:
            return t, rows
    raise KeyError(where)


def row_mutants(tables: dict[str, Any], errors: dict[str, Any]) -> Iterator[Mutant]:
    """Rows removed; one attribute of a row removed; a range policy changed; value targets swapped."""
    for file, i, where, row, ops in _each_row(tables):
        label = f"{where}: {row['v1']} -> {row['v2']}"
        t, rows = _edit_row(tables[file], where)
        del rows[i]
        yield Mutant("remove_row", label, {**tables, file: t}, errors, ops)
        for attr in _ATTRS:
            if attr in row:
                t, rows = _edit_row(tables[file], where)
                del rows[i][attr]
                yield Mutant("remove_attr", f"{label} without {attr}", {**tables, file: t}, errors, ops)
        if "out_of_range" in row:
            for policy in _POLICIES:
                if policy != row["out_of_range"]:
                    t, rows = _edit_row(tables[file], where)
                    rows[i]["out_of_range"] = policy
                    name = f"{label} {row['out_of_range']} -> {policy}"
                    yield Mutant("change_policy", name, {**tables, file: t}, errors, ops)
        keys = sorted(row.get("values") or {})
        for x, key in enumerate(keys):
            for other in keys[x + 1 :]:
                t, rows = _edit_row(tables[file], where)
                values = rows[i]["values"]
                values[key], values[other] = values[other], values[key]
                yield Mutant("swap_values", f"{label} {key} <-> {other}", {**tables, file: t}, errors, ops)


def path_param_mutants(
    tables: dict[str, Any], errors: dict[str, Any], mappings: Mappings
) -> Iterator[Mutant]:
    """A v1.0 path parameter paired with another v2 path parameter than its own (the two trade)."""
    for file, table in sorted(tables.items()):
        for op_id in sorted(table.get("operations") or {}):
            pair = mappings.pairs[op_id]
            v2_names = [p.name for p in pair.v2.path_params if p.name not in PREFIX_PARAMS]
            current = dict(pair.path_params)
            for a, b in sorted(current.items()):
                for other in v2_names:
                    if other == b:
                        continue
                    t = plain(table)
                    op_table = t["operations"][op_id]
                    pairs = {**current}
                    partner = next((k for k, v in current.items() if v == other), None)
                    pairs[a] = other
                    if partner is not None:
                        pairs[partner] = b
                    op_table["path_params"] = pairs
                    lossy = (op_table.get("request") or {}).get("only_v2") or {}
                    moved = f"{paths.PATH_PARAMS}.{other}"
                    if moved in lossy:  # the other parameter was lossy: now the own one is
                        lossy[f"{paths.PATH_PARAMS}.{b}"] = lossy.pop(moved)
                    name = f"{op_id}: {{{a}}} -> {{{other}}}" + (
                        f", {{{partner}}} -> {{{b}}}" if partner else ""
                    )
                    yield Mutant("path_params", name, {**tables, file: t}, errors, {op_id})


def other_mutants(tables: dict[str, Any], errors: dict[str, Any]) -> Iterator[Mutant]:
    """Lossy entries, constants and pagination removed; constants of two operations swapped."""
    for file, table in sorted(tables.items()):
        shapes = table.get("shapes") or {}
        containers: list[tuple[str, list[str], set[str]]] = [
            (f"shape {n}", ["shapes", n], _ops_with_shape(table, n)) for n in sorted(shapes)
        ]
        for op_id in sorted(table.get("operations") or {}):
            for section in ("request", "query", "response"):
                if section in table["operations"][op_id]:
                    containers.append((f"{op_id} {section}", ["operations", op_id, section], {op_id}))
        for where, keys, ops in containers:
            node = table
            for k in keys:
                node = node[k]
            for side in ("only_v1", "only_v2"):
                for entry in sorted(node.get(side) or {}):
                    t = plain(table)
                    target = t
                    for k in keys:
                        target = target[k]
                    del target[side][entry]
                    yield Mutant("remove_lossy", f"{where} {side} {entry}", {**tables, file: t}, errors, ops)
            for side, consts in sorted((node.get("constants") or {}).items()):
                for key in sorted(consts):
                    t = plain(table)
                    target = t
                    for k in keys:
                        target = target[k]
                    del target["constants"][side][key]
                    yield Mutant(
                        "constants",
                        f"{where} {side} constant {key} removed",
                        {**tables, file: t},
                        errors,
                        ops,
                    )
            if node.get("pagination"):
                t = plain(table)
                target = t
                for k in keys:
                    target = target[k]
                target["pagination"] = False
                yield Mutant("pagination", f"{where} without pagination", {**tables, file: t}, errors, ops)
        yield from _constant_swaps(file, table, tables, errors)


def _constant_swaps(
    file: str, table: dict[str, Any], tables: dict[str, Any], errors: dict[str, Any]
) -> Iterator[Mutant]:
    """Two operations onto one v2 operation set the same constant to different values: trade them."""
    ops = table.get("operations") or {}
    found: list[tuple[str, str, str, str, Any]] = []
    for op_id, op_table in sorted(ops.items()):
        for section in ("request", "query"):
            for side, consts in ((op_table.get(section) or {}).get("constants") or {}).items():
                for key, value in consts.items():
                    found.append((op_table["v2"], op_id, section, f"{side}.{key}", value))
    for i, (v2, op_a, sec_a, key_a, val_a) in enumerate(found):
        for v2_b, op_b, sec_b, key_b, val_b in found[i + 1 :]:
            if (v2, key_a) == (v2_b, key_b) and val_a != val_b:
                t = plain(table)
                side, key = key_a.split(".", 1)
                t["operations"][op_a][sec_a]["constants"][side][key] = val_b
                t["operations"][op_b][sec_b]["constants"][side][key] = val_a
                name = f"{op_a} <-> {op_b} constant {key_a}"
                yield Mutant("constants", name, {**tables, file: t}, errors, {op_a, op_b})


def error_mutants(tables: dict[str, Any], errors: dict[str, Any]) -> Iterator[Mutant]:
    """An error code row removed, its codes swapped, its v1.0 status removed or its one-way flag
    flipped; a status row removed."""
    for i, row in enumerate(errors.get("codes") or ()):
        label = f"codes[{i}] {row['v2']} -> {row['v1']}"
        e = plain(errors)
        del e["codes"][i]
        yield Mutant("errors", f"{label} removed", tables, e)
        e = plain(errors)
        e["codes"][i]["v1"], e["codes"][i]["v2"] = row["v2"], row["v1"]
        yield Mutant("errors", f"{label} codes swapped", tables, e)
        if "v1_status" in row:
            e = plain(errors)
            del e["codes"][i]["v1_status"]
            yield Mutant("errors", f"{label} without v1_status", tables, e)
        e = plain(errors)
        e["codes"][i]["reverse"] = not row.get("reverse", True)
        yield Mutant("errors", f"{label} reverse flipped", tables, e)
    for status in sorted(errors.get("status") or {}):
        e = plain(errors)
        del e["status"][status]
        yield Mutant("errors", f"status {status} removed", tables, e)


def generate(tables: dict[str, Any], errors: dict[str, Any], mappings: Mappings) -> Iterator[Mutant]:
    """Every mutant of every kind, in a fixed order."""
    yield from swaps(tables, errors, mappings)
    yield from path_param_mutants(tables, errors, mappings)
    yield from row_mutants(tables, errors)
    yield from other_mutants(tables, errors)
    yield from error_mutants(tables, errors)
