"""Where the two versions' rules differ: every witness of ``translator.mapping.strictness`` is valid
on the source side and, translated by ``translate.convert``, breaks the target rule it names (or the
table's ``out_of_range`` meets it, with a note or an ``OutOfRange``); the known examples are found;
the matrix prints them in its JSON rows."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest

from translator import matrix
from translator.errors import OutOfRange
from translator.mapping import strictness
from translator.mapping.load import load_mappings
from translator.mapping.probes import COLUMN, MISSING, body_at, merged, value_at
from translator.mapping.strictness import Stricter, stricter_fields
from translator.models.rules import breaches, field_breaches
from translator.spec import FieldSpec, OperationSpec, Rule, field_index
from translator.translate import convert

ROWS = stricter_fields()


def _ops(row: Stricter) -> tuple[OperationSpec, OperationSpec]:
    pair = load_mappings().pair(row.op_id)
    return (pair.v1, pair.v2) if row.direction == "v1_to_v2" else (pair.v2, pair.v1)


def _columns(f: FieldSpec) -> tuple[Rule, ...]:
    """The field's table columns as rules (written here again, not taken from the module under test)."""
    out = []
    if f.enum is not None:
        out.append(Rule("enum", "", values=f.enum))
    if f.minimum is not None or f.maximum is not None:
        out.append(Rule("range", "", minimum=f.minimum, maximum=f.maximum))
    if f.min_length is not None or f.max_length is not None:
        out.append(Rule("length", "", min_length=f.min_length, max_length=f.max_length))
    if f.pattern is not None:
        out.append(Rule("pattern", "", pattern=f.pattern))
    return tuple(out)


def _breaks(f: FieldSpec, rules: tuple[Rule, ...], value: Any) -> bool:
    probe = replace(f, name="v", rules=rules, children=(), values=None)
    return bool(field_breaches((probe,), {"v": value}))


def _name(row: Stricter) -> str:
    return f"{row.op_id} {row.direction} {row.part} {row.source_field} {row.rule.kind}"


def test_the_probe_finds_stricter_fields_both_ways() -> None:
    directions = {row.direction for row in ROWS}
    assert directions == {"v1_to_v2", "v2_to_v1"}
    assert len({(r.op_id, r.direction, r.part, r.source_field, r.rule) for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[_name(r) for r in ROWS])
def test_every_witness_is_valid_on_the_source_side_and_breaks_the_target(row: Stricter) -> None:
    src, dst = _ops(row)
    f = field_index(src.part(row.part))[row.source_field]
    value = value_at(row.witness, row.source_field)
    # valid on the source side: none of its stated rules, none of its columns, of its type
    assert not [
        b for b in breaches(src.version, src.id, row.part, row.witness) if b.field == row.source_field
    ]
    if value is MISSING:
        assert row.rule.kind == "required_if" and not f.required
    else:
        assert not _breaks(f, f.rules + _columns(f), value)
        assert isinstance(value, str) if f.type == "string" else isinstance(value, (int, float))
    if row.handled == "reject":
        with pytest.raises(OutOfRange):
            convert(row.op_id, row.direction, row.part, row.witness, check=False)
        return
    done = convert(row.op_id, row.direction, row.part, row.witness, check=False)
    kinds = {note.kind for note in done.notes}
    g = field_index(dst.part(row.part))[row.target_field]
    if row.handled is not None:  # clamp or pass: the row says so; the value as it came breaks the rule
        assert {"clamp": "clamped", "pass": "passed"}[row.handled] in kinds, done.notes
        assert _breaks(g, (row.rule,), value)
        return
    if row.rule.kind == "required_if":
        assert value_at(done.body, row.target_field) is MISSING
        assert row.rule in [b.rule for b in breaches(dst.version, dst.id, row.part, done.body)]
    else:
        assert _breaks(g, (row.rule,), value_at(done.body, row.target_field))
    if row.rule in g.rules:  # a stated rule: convert says so
        assert any(n.kind == "stricter" and n.path == row.target_field for n in done.notes), done.notes


def _found(op_id: str, direction: str, field: str, kind: str) -> Stricter:
    rows = [
        r
        for r in ROWS
        if (r.op_id, r.direction, r.source_field, r.rule.kind) == (op_id, direction, field, kind)
    ]
    assert rows, f"{op_id} {direction} {field}: no stricter {kind} rule found"
    return rows[0]


def test_the_known_examples_are_found() -> None:
    for key in ("sign_key", "sign_secret"):  # v2 keys start with a letter, v1.0 says nothing of it
        row = _found("signature.create", "v1_to_v2", key, "pattern")
        assert row.handled is None and "letter" in (row.rule.text or "")
    port = _found("vpc_channel.create", "v1_to_v2", "port", "required_if")  # v2: required for type 2
    assert port.rule.other == "type" and 2 in (port.rule.values or ()) and "port" not in port.witness
    weight = _found("vpc_channel.create", "v2_to_v1", "members[].weight", "range")
    assert weight.target_field == "vpc_instances[].weight" and weight.handled == "clamp"
    assert (weight.rule.minimum, weight.rule.maximum) == (1, 100)
    path = _found("vpc_channel.create", "v2_to_v1", "vpc_health_config.path", "format")
    assert path.rule.format == "uri" and path.handled is None


def test_no_stricter_row_goes_the_wrong_way_for_a_shared_rule() -> None:
    """Both versions state the same name rule for signatures: no row for it either way."""
    assert not [r for r in ROWS if r.op_id == "signature.create" and r.source_field == "name"]


def test_the_probe_is_deterministic_and_cheap() -> None:
    strictness.stricter_fields.cache_clear()
    strictness.by_operation.cache_clear()
    started = time.perf_counter()
    again = stricter_fields()
    took = time.perf_counter() - started
    assert again == ROWS
    assert took < 10  # about 0.3 s: the CLI computes it for `ops`


def test_matrix_json_lists_the_stricter_fields_per_operation() -> None:
    rows = {r["v1_id"]: r for r in matrix.as_json(matrix.compatibility_matrix())}
    keys = {"field", "target_field", "direction", "rule", "source"}
    for row in rows.values():
        assert isinstance(row["stricter"], list)
        for entry in row["stricter"]:
            assert keys <= set(entry) and all(isinstance(entry[k], str) for k in keys)
    signature = rows["signature.create"]["stricter"]
    assert {e["field"] for e in signature} >= {"sign_key", "sign_secret"}
    key = next(e for e in signature if e["field"] == "sign_key")
    assert (
        key["direction"] == "v1_to_v2" and key["target_field"] == "sign_key" and "字母开头" in key["source"]
    )
    assert all(r["stricter"] == [] for r in rows.values() if r["status"] == "unsupported")


def test_probe_bodies() -> None:
    assert body_at("a[].b.c", 1) == {"a": [{"b": {"c": 1}}]}
    assert body_at("[].x", "v") == [{"x": "v"}]
    assert value_at({"a": [{"b": {"c": 1}}]}, "a[].b.c") == 1
    assert value_at({"a": []}, "a[].b") is MISSING
    assert merged({"a": {"b": 1}}, {"a": {"c": 2}}) == {"a": {"b": 1, "c": 2}}


def test_translate_checks_the_target_rules_only_where_they_differ() -> None:
    assert strictness.rules_differ("signature.create", "v1_to_v2", "request")
    assert strictness.rules_differ("vpc_channel.create", "v2_to_v1", "request")
    assert not strictness.rules_differ("acl.create", "v1_to_v2", "request")  # the same name rule
    stated = [r for r in ROWS if r.handled is None and not r.rule.source.startswith(COLUMN)]
    assert stated and all(strictness.rules_differ(r.op_id, r.direction, r.part) for r in stated)
