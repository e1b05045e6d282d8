"""Golden cross-version conversions: every paired operation's request and response, both directions.

Round trips cannot see a wrong rename (both directions come from the same rows, so a swap undoes
itself on the way back). Each golden in ``fixtures/golden/`` is a v1.0 message and the v2 message it
must become, written from the two versions' field tables with every value distinct, so a swapped,
dropped or unclamped field shows up as a difference here. See ``fixtures/golden/README.md``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from helpers.golden import Golden, check, load_goldens
from helpers.golden_extra import ErrorCase, check_error, load_error_cases

from translator import load_mappings, problems
from translator.spec import FieldSpec, OperationSpec, load_spec, walk

MAPPINGS = load_mappings()
GOLDENS = load_goldens()
ERROR_CASES = load_error_cases()
PREFIX = frozenset(load_spec("v2").prefix_params)


def _expected_parts() -> set[tuple[str, str]]:
    """Every paired operation needs a request golden (its URL at least) and, where either version
    has a response body, a response golden."""
    out = set()
    for op_id, pair in MAPPINGS.pairs.items():
        out.add((op_id, "request"))
        if pair.v1.response is not None or pair.v2.response is not None:
            out.add((op_id, "response"))
    return out


def test_every_paired_operation_has_its_goldens() -> None:
    expected = _expected_parts()
    missing = sorted(expected - set(GOLDENS))
    assert not missing, f"paired operations without a golden (add them to fixtures/golden/): {missing}"
    stray = sorted(set(GOLDENS) - expected)
    assert not stray, f"goldens of no paired operation and part: {stray}"


@pytest.mark.parametrize("golden", list(GOLDENS.values()), ids=[g.name for g in GOLDENS.values()])
def test_golden_conversion(golden: Golden) -> None:
    found = check(MAPPINGS, golden)
    assert not found, f"{golden.file} {golden.name}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(
    "case", ERROR_CASES, ids=[f"{c.direction}-{c.status}-{c.body['error_code']}" for c in ERROR_CASES]
)
def test_error_translation(case: ErrorCase) -> None:
    found = check_error(case)
    assert not found, f"{case.why}: {found}"


def test_error_cases_cover_both_directions_and_every_code_row() -> None:
    assert {c.direction for c in ERROR_CASES} == {"v1_to_v2", "v2_to_v1"}
    for row in MAPPINGS.errors.codes:
        assert any(c.direction == "v2_to_v1" and c.body.get("error_code") == row.v2 for c in ERROR_CASES), row
        assert any(c.direction == "v1_to_v2" and c.body.get("error_code") == row.v1 for c in ERROR_CASES), row


# --------------------------------------------------------------------------------------------------
# the goldens themselves: documented, complete and with distinct values
# --------------------------------------------------------------------------------------------------


def _ops(golden: Golden) -> tuple[OperationSpec, OperationSpec]:
    pair = MAPPINGS.pairs[golden.op_id]
    return pair.v1, pair.v2


def _body(golden: Golden, side: Any) -> Any:
    return side.get("body") if golden.part == "request" else side


def _side_problems(golden: Golden, op: OperationSpec, side: Any) -> list[str]:
    body = _body(golden, side)
    spec_body = op.request if golden.part == "request" else op.response
    found = []
    if not (spec_body is None and body is None) and not _carries_document(golden, op.version, whole=True):
        found += problems(op.version, op.id, golden.part, body)  # type: ignore[arg-type]
    if golden.part == "request":
        found += [f"@query.{p}" for p in problems(op.version, op.id, "query", side.get("query", {}))]
        wanted = {p.name for p in op.path_params} - PREFIX
        if set(side.get("path", {})) != wanted:
            found.append(f"path parameters {sorted(side.get('path', {}))}, documented {sorted(wanted)}")
    return found


@pytest.mark.parametrize("golden", list(GOLDENS.values()), ids=[g.name for g in GOLDENS.values()])
def test_golden_sides_are_valid_documented_messages(golden: Golden) -> None:
    for label, v1, v2 in golden.sides():
        for op, side in zip(_ops(golden), (v1, v2), strict=True):
            found = _side_problems(golden, op, side)
            assert not found, f"{golden.name} {label} {op.version}: {found}"


def _documented(op: OperationSpec, part: str) -> tuple[FieldSpec, ...]:
    return op.part(part) or ()


def _leaves(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _leaves(v, f"{path}.{k}" if path else str(k))]
    if isinstance(node, list):
        return [x for v in node for x in _leaves(v, f"{path}[]" if path else "[]")]
    return [(path, node)]


def _spec_index(op: OperationSpec, part: str) -> dict[str, FieldSpec]:
    return dict(walk(_documented(op, part)))


@pytest.mark.parametrize("golden", list(GOLDENS.values()), ids=[g.name for g in GOLDENS.values()])
def test_golden_fills_every_documented_field(golden: Golden) -> None:
    """A field absent from a golden could be swapped unseen: each side fills every documented field
    (free-form documents and maps aside)."""
    for op, side in zip(_ops(golden), (golden.v1, golden.v2), strict=True):
        body = _body(golden, side)
        if _carries_document(golden, op.version) or body is None:
            continue
        present = {p for p, _ in _leaves(body)}
        present |= {q for p in present for q in _prefixes(p)}
        missing = [
            p
            for p, f in _spec_index(op, golden.part).items()
            if p not in present and not _inside_free_form(p, _spec_index(op, golden.part))
        ]
        assert not missing, f"{golden.name} {op.version} lacks documented fields {missing}"


def _carries_document(golden: Golden, version: str, whole: bool = False) -> bool:
    """The side's body is (``whole``) or holds a document carried over whole (a Swagger file)."""
    plan = getattr(MAPPINGS.pairs[golden.op_id], golden.part)
    holder = plan.document_v1 if version == "v1.0" else plan.document_v2
    return holder == "" if whole else holder is not None


def _prefixes(path: str) -> list[str]:
    out = []
    for i, ch in enumerate(path):
        if ch == "." or path.startswith("[]", i):
            out.append(path[:i])
    return [p for p in out if p]


def _inside_free_form(path: str, index: dict[str, FieldSpec]) -> bool:
    return any(
        path.startswith(p + ".") and (f.values is not None or (f.type == "object" and not f.children))
        for p, f in index.items()
    )


@pytest.mark.parametrize("golden", list(GOLDENS.values()), ids=[g.name for g in GOLDENS.values()])
def test_golden_values_are_distinct(golden: Golden) -> None:
    """No two fields of one side share a value (booleans and enum values aside, which variants vary),
    so that a swap of two fields or a coincidental clamp cannot pass."""
    plan = getattr(MAPPINGS.pairs[golden.op_id], golden.part)
    counterpart = [plan.mapping, {v: k for k, v in plan.mapping.items()}]
    for op, side, other, mapped in zip(
        _ops(golden), (golden.v1, golden.v2), _ops(golden)[::-1], counterpart, strict=True
    ):
        index, other_index = _spec_index(op, golden.part), _spec_index(other, golden.part)
        body = _body(golden, side)
        holder = plan.document_v1 if op.version == "v1.0" else plan.document_v2
        if holder is not None:  # a document travels whole: its values are not fields of the message
            body = None if holder == "" else {k: v for k, v in body.items() if k != holder}
        leaves = [
            (p, v)
            for p, v in _leaves(body)
            if not _small_domain(index.get(p), v) and not _small_domain(other_index.get(mapped.get(p, "")), v)
        ]
        if golden.part == "request":
            leaves += [(f"{s}.{k}", v) for s in ("path", "query") for k, v in side.get(s, {}).items()]
            leaves = [(p, v) for p, v in leaves if not _small_domain(_query_field(op, p), v)]
        counts = Counter(_key(v) for _, v in leaves)
        shared = sorted(p for p, v in leaves if counts[_key(v)] > 1)
        assert not shared, f"{golden.name} {op.version}: fields share values: {shared}"


def _query_field(op: OperationSpec, path: str) -> FieldSpec | None:
    section, _, name = path.partition(".")
    fields = op.query if section == "query" else op.path_params if section == "path" else ()
    return next((f for f in fields if f.name == name), None)


def _small_domain(f: FieldSpec | None, value: Any) -> bool:
    return isinstance(value, bool) or value is None or (f is not None and f.enum is not None)


def _key(value: Any) -> tuple[str, Any]:
    return ("number" if isinstance(value, (int, float)) else type(value).__name__, value)


@pytest.mark.parametrize("golden", list(GOLDENS.values()), ids=[g.name for g in GOLDENS.values()])
def test_lossy_fields_of_a_golden_are_declared_lossy(golden: Golden) -> None:
    """What a golden says does not carry over is what the table declares lossy (with a reason)."""
    pair = MAPPINGS.pairs[golden.op_id]
    plan = getattr(pair, golden.part)
    for declared, table in ((golden.only_v1, plan.lossy_v1), (golden.only_v2, plan.lossy_v2)):
        for path in declared:
            key = path.split(":", 1)[1] if golden.part == "request" else path
            section = path.split(":", 1)[0] if golden.part == "request" else "body"
            engine = {"path": f"@path.{key}", "query": f"@query.{key}"}.get(section, key)
            assert engine in table, f"{golden.name}: {path} is not declared lossy in {pair.source}"
