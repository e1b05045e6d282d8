"""scripts/derive_example_codes.py: the docs' example codes per operation and field, up to date."""

from __future__ import annotations

import json
from pathlib import Path

import derive_example_codes as script


def test_the_packaged_table_is_what_the_samples_give() -> None:
    assert script.OUT.read_text(encoding="utf-8") == script.render(script.derive())


def test_an_example_naming_a_field_gives_its_code(tmp_path: Path) -> None:
    (tmp_path / "v2").mkdir()
    example = {"error_code": "APIG.2012", "error_msg": "Invalid parameter value,parameterName:name. Please"}
    (tmp_path / "v2" / "env.create.json").write_text(json.dumps({"errors": {"400": example}}))
    other = {
        "error_code": "APIG.2001",
        "error_msg": "The request parameters must be specified,parameterName:x.",
    }
    (tmp_path / "v2" / "env.list.json").write_text(json.dumps({"errors": {"400": other}}))
    unnamed = {"error_code": "APIG.2011", "error_msg": 'parameter action should be "delete"'}
    (tmp_path / "v2" / "acl.batch_delete.json").write_text(json.dumps({"errors": {"400": unnamed}}))
    assert script.derive(tmp_path) == {"v2": {"env.create": {"name": "APIG.2012"}}}
