"""A bad table is an error that names the file and the entry; no row can go dead."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from translator.errors import TableError
from translator.mapping.load import _read, build_mappings, load_mappings, table_files

ERRORS: dict[str, Any] = {"description": "test", "codes": []}


def _vpc() -> dict[str, Any]:
    data: dict[str, Any] = _read("vpc_channel.yaml")
    return copy.deepcopy(data)


def _load(table: dict[str, Any]) -> Any:
    return build_mappings({"t.yaml": table}, ERRORS)


def test_shipped_tables_load() -> None:
    mappings = load_mappings()
    assert "vpc_channel.create" in mappings.pairs
    assert table_files()


def test_unknown_key_names_file_and_entry() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.create"]["colour"] = "red"
    with pytest.raises(TableError) as info:
        _load(table)
    assert info.value.source == "t.yaml" and "vpc_channel.create" in info.value.entry


def test_row_naming_a_missing_field_is_an_error() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.delete"]["request"] = {"fields": [{"v1": "nope", "v2": "name"}]}
    with pytest.raises(TableError, match=r"v1\.0 has no field 'nope'") as info:
        _load(table)
    assert info.value.entry == "vpc_channel.delete request"


def test_lossy_entry_naming_a_missing_field_is_an_error() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.list"]["query"]["only_v1"]["ghost"] = "gone"
    with pytest.raises(TableError, match=r"'@query\.ghost' does not exist"):
        _load(table)


def test_unaccounted_field_is_an_error() -> None:
    table = _vpc()
    del table["operations"]["vpc_channel.list"]["query"]["only_v1"]["vpc_type"]
    with pytest.raises(TableError, match=r"@query\.vpc_type have no v2 counterpart"):
        _load(table)


def test_narrower_range_needs_a_policy() -> None:
    table = _vpc()
    rows = table["shapes"]["channel_body"]["fields"]
    for row in rows:
        if row["v1"] == "vpc_instances[].weight":
            del row["out_of_range"]
    with pytest.raises(TableError, match="range is narrower"):
        _load(table)


def test_enum_gap_needs_a_value_map_or_policy() -> None:
    table = _vpc()
    rows = table["shapes"]["channel_body"]["fields"]
    table["shapes"]["channel_body"]["fields"] = [r for r in rows if r["v1"] != "member_type"]
    with pytest.raises(TableError, match="enum value"):
        _load(table)


def test_a_policy_with_nothing_to_act_on_is_an_error() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.create"]["response"]["fields"] = [
        {"v1": "port", "v2": "port", "out_of_range": "reject"}
    ]
    with pytest.raises(TableError, match="no value is out of range"):
        _load(table)


def test_unknown_operation_is_an_error() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.fly"] = {"v2": "vpc_channel.create"}
    with pytest.raises(TableError, match=r"no such v1\.0 operation"):
        _load(table)


def test_unknown_shape_is_an_error() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.create"]["request"]["include"] = [{"shape": "nope"}]
    with pytest.raises(TableError, match="unknown shape 'nope'"):
        _load(table)


def test_two_rows_for_one_field_is_an_error() -> None:
    table = _vpc()
    table["operations"]["vpc_channel.list"]["response"]["fields"].append({"v1": "vpcs", "v2": "vpc_channels"})
    with pytest.raises(TableError, match="already mapped"):
        _load(table)


def test_schema_violation_names_the_file_and_the_key() -> None:
    with pytest.raises(TableError) as info:
        build_mappings({"t.yaml": {"family": "x", "description": "y", "operations": []}}, ERRORS)
    assert (info.value.source, info.value.entry) == ("t.yaml", "operations")


def test_invalid_yaml_names_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import translator.mapping.load as load

    (tmp_path / "bad.yaml").write_text("family: [", encoding="utf-8")
    monkeypatch.setattr(load.resources, "files", lambda _pkg: tmp_path)
    with pytest.raises(TableError, match="not valid YAML") as info:
        load._read("bad.yaml")
    assert info.value.source == "bad.yaml"
