"""Load the mapping tables from ``mappings/``, validate them and compile every operation pair.

Loading is strict: a malformed file, an entry that names an unknown operation or field, or a field
left unaccounted for is a ``TableError`` naming the file and the entry, so no row can go dead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import ValidationError

from translator.errors import SpecError, TableError, UnknownOperation
from translator.mapping import paths
from translator.mapping.compile import PagingPair, PartCompiler, Rows, request_tree
from translator.mapping.compiled import PartPlan
from translator.mapping.schema import ErrorTable, FieldRow, OperationTable, Table
from translator.spec import FieldSpec, OperationSpec, load_spec
from translator.spec.paging import paging

CONFIGURED_PATH_PARAMS = load_spec("v2").prefix_params
"""v2 path parameters of the common prefix: they come from configuration, not from the v1.0 request."""


@dataclass(frozen=True)
class OperationPair:
    """A v1.0 operation, its v2 counterpart and the compiled plans between them."""

    v1: OperationSpec
    v2: OperationSpec
    source: str
    request: PartPlan
    response: PartPlan
    path_params: dict[str, str]
    """v1.0 path parameter -> v2 path parameter, for those that stay in the path."""
    note: str | None = None
    v2_content_type: str | None = None
    """How the v2 request body travels when it is not JSON (e.g. ``multipart/form-data``)."""

    @property
    def lossy(self) -> dict[str, dict[str, str]]:
        """Declared lossy fields per part and version: ``{"request.v1.0": {path: reason}, ...}``."""
        out: dict[str, dict[str, str]] = {}
        for part in ("request", "response"):
            plan: PartPlan = getattr(self, part)
            out[f"{part}.v1.0"] = plan.lossy_v1
            out[f"{part}.v2"] = plan.lossy_v2
        return out


@dataclass(frozen=True)
class Mappings:
    """Every compiled operation pair, keyed by v1.0 operation id, plus what has no pair."""

    pairs: dict[str, OperationPair]
    unsupported: dict[str, tuple[str, str]]
    """v1.0 operation id -> (table file, reason)."""
    errors: ErrorTable
    by_v2: dict[str, list[OperationPair]] = field(default_factory=dict)

    def pair(self, v1_op: str) -> OperationPair:
        try:
            return self.pairs[v1_op]
        except KeyError:
            if v1_op in self.unsupported:
                raise UnknownOperation(
                    f"{v1_op} has no v2 counterpart: {self.unsupported[v1_op][1]}"
                ) from None
            raise UnknownOperation(f"unknown or unmapped v1.0 operation {v1_op!r}") from None

    def pair_for_v2(self, v2_op: str, message: Mapping[str, Any]) -> OperationPair:
        """The pair a v2 request belongs to: several v1.0 operations can share one v2 operation
        (publish and offline share the action endpoint); the constants the message holds decide."""
        candidates = self.by_v2.get(v2_op, [])
        if not candidates:
            raise UnknownOperation(f"v2 operation {v2_op} has no v1.0 counterpart")
        for pair in candidates:
            expected = pair.request.v2_to_v1.expected
            if all(message.get(k) == v for k, v in expected.items()):
                return pair
        return candidates[0]


def _path_rows(
    source: str, op_id: str, table: OperationTable, v1: OperationSpec, v2: OperationSpec, rows: Rows
) -> dict[str, str]:
    """Pair the path parameters: explicit names first, the rest by position."""
    mentioned_v1 = {r.v1 for r in rows.fields} | set(rows.only_v1)
    mentioned_v2 = {r.v2 for r in rows.fields} | set(rows.only_v2)
    v1_names = [p.name for p in v1.path_params]
    v2_names = [p.name for p in v2.path_params if p.name not in CONFIGURED_PATH_PARAMS]
    pairs: dict[str, str] = {}
    for a, b in table.path_params.items():
        if a not in v1_names or b not in v2_names:
            raise TableError(source, op_id, f"path_params {a} -> {b}: no such path parameter")
        pairs[a] = b
    rest_v1 = [n for n in v1_names if n not in pairs and f"{paths.PATH_PARAMS}.{n}" not in mentioned_v1]
    rest_v2 = [
        n for n in v2_names if n not in pairs.values() and f"{paths.PATH_PARAMS}.{n}" not in mentioned_v2
    ]
    for a, b in zip(rest_v1, rest_v2, strict=False):
        pairs[a] = b
    for a, b in pairs.items():
        rows.fields.append(FieldRow(v1=f"{paths.PATH_PARAMS}.{a}", v2=f"{paths.PATH_PARAMS}.{b}"))
    return pairs


def _v2_path_fields(op: OperationSpec) -> tuple[FieldSpec, ...]:
    return tuple(p for p in op.path_params if p.name not in CONFIGURED_PATH_PARAMS)


def _paging_pair(source: str, v1_id: str, v1: OperationSpec, v2: OperationSpec) -> PagingPair:
    """Both operations' paging (spec/paging.py) for a table that declares pagination."""
    p1, p2 = paging("v1.0", v1.id), paging("v2", v2.id)
    if p1 is None or p2 is None:
        unpaged = " and ".join(f"{op.version} {op.id}" for op, p in ((v1, p1), (v2, p2)) if p is None)
        raise TableError(source, v1_id, f"query.pagination: {unpaged} does not page")
    return p1, p2


def compile_operation(source: str, table: Table, v1_id: str, op_table: OperationTable) -> OperationPair:
    spec1, spec2 = load_spec("v1.0"), load_spec("v2")
    if v1_id not in spec1.operations:
        raise TableError(source, v1_id, "no such v1.0 operation in the spec")
    if op_table.v2 not in spec2.operations:
        raise TableError(source, v1_id, f"no such v2 operation {op_table.v2!r} in the spec")
    v1, v2 = spec1.operations[v1_id], spec2.operations[op_table.v2]

    req = Rows()
    req.add_part(op_table.request, table.shapes, "", source, v1_id)
    req.add_part(op_table.query, table.shapes, paths.QUERY_PARAMS, source, v1_id)
    path_pairs = _path_rows(source, v1_id, op_table, v1, v2, req)
    req_v1 = request_tree(v1.part("request"), v1.path_params, v1.query)
    req_v2 = request_tree(v2.part("request"), _v2_path_fields(v2), v2.query)
    paging = _paging_pair(source, v1_id, v1, v2) if op_table.query.pagination else None
    req_compiler = PartCompiler(source, f"{v1_id} request", req_v1, req_v2, req)
    if op_table.request.document is not None:
        req_compiler.carry_document(op_table.request.document.v1, op_table.request.document.v2)
    request = req_compiler.compile(paging)

    resp = Rows()
    resp.add_part(op_table.response, table.shapes, "", source, v1_id)
    resp_compiler = PartCompiler(
        source,
        f"{v1_id} response",
        v1.part("response") or (),
        v2.part("response") or (),
        resp,
        is_response=True,
    )
    if op_table.response.document is not None:
        resp_compiler.carry_document(op_table.response.document.v1, op_table.response.document.v2)
    response = resp_compiler.compile(None)
    return OperationPair(
        v1, v2, source, request, response, path_pairs, op_table.note, op_table.v2_content_type
    )


def _read(name: str) -> dict[str, Any]:
    try:
        text = resources.files("mappings").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SpecError(f"mappings/{name} is missing") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TableError(name, "(file)", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TableError(name, "(file)", "a table must be a YAML mapping")
    return data


def _validate_table(name: str, data: dict[str, Any]) -> Table:
    try:
        return Table.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        entry = ".".join(str(x) for x in first["loc"])
        raise TableError(name, entry, first["msg"]) from None


NOT_TABLES = frozenset({"errors.yaml", "catalog.yaml"})
"""Files in ``mappings/`` that are not operation tables: the error table and the resource catalog."""
TABLES_ENV = "APIG_TRANSLATOR_TABLES"
"""Comma-separated table file names to load instead of all (for working on one table at a time)."""


def table_files() -> list[str]:
    """The table files in the ``mappings`` package, sorted (or those named in $APIG_TRANSLATOR_TABLES)."""
    names = [p.name for p in resources.files("mappings").iterdir() if p.name.endswith(".yaml")]
    chosen = os.environ.get(TABLES_ENV, "").strip()
    if chosen:
        wanted = {n.strip() for n in chosen.split(",") if n.strip()}
        names = [n for n in names if n in wanted]
    return sorted(n for n in names if n not in NOT_TABLES)


def _validate_errors(data: dict[str, Any]) -> ErrorTable:
    try:
        return ErrorTable.model_validate(data)
    except ValidationError as exc:
        raise TableError("errors.yaml", str(exc.errors()[0]["loc"]), exc.errors()[0]["msg"]) from None


@cache
def load_error_table() -> ErrorTable:
    """``mappings/errors.yaml`` alone, validated (once per process): the error body's keys and the
    codes and statuses that differ between the versions. Cheaper than :func:`load_mappings`."""
    return _validate_errors(_read("errors.yaml"))


@cache
def load_mappings() -> Mappings:
    """Every table shipped in ``mappings/``, validated and compiled (once per process)."""
    tables = {name: _read(name) for name in table_files()}
    return build_mappings(tables, _read("errors.yaml"))


def build_mappings(tables: dict[str, dict[str, Any]], error_table: dict[str, Any]) -> Mappings:
    """Validate and compile tables given as parsed YAML, keyed by file name."""
    pairs: dict[str, OperationPair] = {}
    unsupported: dict[str, tuple[str, str]] = {}
    failures: list[TableError] = []
    for name, data in tables.items():
        table = _validate_table(name, data)
        for v1_id, op_table in table.operations.items():
            if v1_id in pairs:
                raise TableError(name, v1_id, f"already mapped in {pairs[v1_id].source}")
            try:
                pairs[v1_id] = compile_operation(name, table, v1_id, op_table)
            except TableError as exc:
                failures.append(exc)
        for v1_id, reason in table.unsupported.items():
            if v1_id not in load_spec("v1.0").operations:
                raise TableError(name, v1_id, "no such v1.0 operation in the spec")
            if v1_id in pairs or v1_id in unsupported:
                raise TableError(name, v1_id, "declared unsupported and mapped elsewhere")
            unsupported[v1_id] = (name, reason)
    if len(failures) == 1:
        raise failures[0]
    if failures:
        first = failures[0]
        rest = "\n".join(str(f) for f in failures[1:])
        raise TableError(first.source, first.entry, f"{first.problem}\n{rest}")
    errors = _validate_errors(error_table)
    by_v2: dict[str, list[OperationPair]] = {}
    for pair in pairs.values():
        by_v2.setdefault(pair.v2.id, []).append(pair)
    return Mappings(pairs=pairs, unsupported=unsupported, errors=errors, by_v2=by_v2)
