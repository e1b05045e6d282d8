"""Every field documented for a paired operation is accounted for, and the matrix covers the catalog."""

from __future__ import annotations

import pytest

from translator.mapping import paths
from translator.mapping.compile import request_tree
from translator.mapping.load import CONFIGURED_PATH_PARAMS, load_mappings
from translator.matrix import compatibility_matrix
from translator.spec import field_index, load_pairing, load_spec

MAPPINGS = load_mappings()


def _request_paths(op: object, drop_configured: bool) -> set[str]:
    params = tuple(p for p in op.path_params if not (drop_configured and p.name in CONFIGURED_PATH_PARAMS))  # type: ignore[attr-defined]
    return set(field_index(request_tree(op.part("request"), params, op.query)))  # type: ignore[attr-defined]


def _in_document(found: set[str], holder: str | None) -> set[str]:
    """The fields carried whole as (part of) a document: the whole body, or one field."""
    if holder is None:
        return set()
    if holder == "":
        return {p for p in found if not p.startswith("@")}
    return {p for p in found if p == holder or p.startswith((holder + ".", holder + "[]"))}


@pytest.mark.parametrize("op_id", sorted(MAPPINGS.pairs))
def test_every_field_is_mapped_or_declared_lossy(op_id: str) -> None:
    pair = MAPPINGS.pairs[op_id]
    for part in ("request", "response"):
        plan = getattr(pair, part)
        if part == "request":
            v1_paths, v2_paths = _request_paths(pair.v1, False), _request_paths(pair.v2, True)
        else:
            v1_paths = set(field_index(pair.v1.part("response")))
            v2_paths = set(field_index(pair.v2.part("response")))
        paged = {f"{paths.QUERY_PARAMS}.{n}" for n in ("page_no", "page_size", "offset", "limit")}
        consts_v1, consts_v2 = plan.constants_v1, plan.constants_v2
        v1_paths -= _in_document(v1_paths, plan.document_v1) | plan.through_v1
        v2_paths -= _in_document(v2_paths, plan.document_v2) | plan.through_v2
        unaccounted_v1 = v1_paths - set(plan.mapping) - set(plan.lossy_v1) - paged - consts_v1
        unaccounted_v2 = v2_paths - set(plan.mapping.values()) - set(plan.lossy_v2) - paged - consts_v2
        assert not unaccounted_v1, f"{op_id} {part}: v1.0 fields not accounted for: {unaccounted_v1}"
        assert not unaccounted_v2, f"{op_id} {part}: v2 fields not accounted for: {unaccounted_v2}"
        for reasons in (plan.lossy_v1, plan.lossy_v2):
            assert all(r.strip() for r in reasons.values()), f"{op_id} {part}: a lossy field without a reason"


def test_matrix_lists_every_v1_operation_of_the_catalog() -> None:
    rows = compatibility_matrix()
    assert [r.v1_id for r in rows] == sorted(load_spec("v1.0").operations)
    for row in rows:
        assert row.status in ("translated", "partial", "unsupported")
        if row.status == "unsupported":
            assert row.reason
        if row.status == "partial":
            assert row.lossy


def test_paired_operations_are_translated_or_partial() -> None:
    """Every v1.0 operation the catalog pairs with a v2 one has a table; the rest say why not."""
    rows = {r.v1_id: r for r in compatibility_matrix()}
    pairing = load_pairing()
    assert set(pairing) == set(rows)
    for op_id, row in rows.items():
        if pairing[op_id].match == "none":
            assert row.status == "unsupported" and row.reason, op_id
        else:
            assert row.status in ("translated", "partial"), f"{op_id}: {row.reason}"
            assert row.v2_id == pairing[op_id].v2, op_id
