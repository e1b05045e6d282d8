"""The docs' value rules in the emulators' OpenAPI documents: anchored ECMA patterns, bounds,
lengths, enums; format patterns that take every string the format strategy draws and none that
breaks the format (but a range of HTTP codes written high to low, which the schema does not say);
Python-only patterns left out."""

from __future__ import annotations

import re
from typing import Any

import pytest

from translator.emulator.config import EmulatorConfig
from translator.emulator.openapi import openapi_document
from translator.emulator.openapi_rules import _FORMATS, ecma_pattern, field_rules
from translator.emulator.registry import registry_for
from translator.models.formats import CHECKS
from translator.roundtrip.rule_formats import invalid_format, valid_format
from translator.roundtrip.rule_violations import examples
from translator.spec import FieldSpec, Rule
from translator.types import Version


def _document(version: Version) -> dict[str, Any]:
    return openapi_document(registry_for(version), EmulatorConfig(api=version))


def _operation(doc: dict[str, Any], method: str, suffix: str) -> dict[str, Any]:
    (found,) = [ops[method] for path, ops in doc["paths"].items() if path.endswith(suffix) and method in ops]
    return found


def _request(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema: dict[str, Any] = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


def test_patterns_are_anchored_and_python_only_syntax_is_left_out() -> None:
    assert ecma_pattern("[A-Za-z][A-Za-z0-9_]*") == "^(?:[A-Za-z][A-Za-z0-9_]*)$"
    for python_only in (r"(?P<x>a)", r"(?i)abc", r"abc\Z", r"\Aabc", r"(?>a)", r"a*+"):
        assert ecma_pattern(python_only) is None, python_only


def test_the_v1_document_carries_a_name_pattern_and_a_call_limit_range() -> None:
    doc = _document("v1.0")
    channel = _request(doc, _operation(doc, "post", "/vpc-channels"))
    pattern = channel["properties"]["name"]["pattern"]
    assert pattern.startswith("^(?:") and pattern.endswith(")$")
    assert re.search(pattern, "channel_1") and not re.search(pattern, "1channel")
    throttle = _request(doc, _operation(doc, "post", "/throttles"))["properties"]["api_call_limits"]
    assert (throttle["minimum"], throttle["maximum"]) == (1, 2147483647)
    health = doc["components"]["schemas"]["VpcChannelCreateV1RequestVpcHealthConfig"]["properties"]
    assert re.search(health["http_code"]["pattern"], "200,201,210-299")


def test_the_v2_document_carries_lengths_and_query_enums() -> None:
    doc = _document("v2")
    code = _request(doc, _operation(doc, "post", "/app-codes"))["properties"]["app_code"]
    assert (code["minLength"], code["maxLength"]) == (64, 180)
    params = {p["name"]: p["schema"] for p in _operation(doc, "get", "/acls")["parameters"]}
    assert "enum" in params["precise_search"]


def test_rules_merge_with_the_columns_the_tighter_winning() -> None:
    f = FieldSpec(
        name="n",
        type="string",
        rules=(
            Rule("length", "", max_length=10),
            Rule("pattern", "", pattern="[a-z]+"),
            Rule("forbidden", "", values=("root",)),
        ),
    )
    schema: dict[str, Any] = {"type": "string", "maxLength": 5, "pattern": "^x"}
    field_rules(schema, f)
    assert schema["maxLength"] == 5 and schema["allOf"] == [{"pattern": "^(?:[a-z]+)$"}]
    assert schema["not"] == {"enum": ["root"]}


def _descending(codes: str) -> bool:
    return any(a > b for a, _, b in (item.partition("-") for item in codes.split(",")) if b)


@pytest.mark.parametrize("fmt", sorted(_FORMATS))
def test_a_format_schema_takes_drawn_values_and_refuses_breaking_ones(fmt: str) -> None:
    schema = _FORMATS[fmt]
    if "pattern" not in schema:
        assert schema == {"format": "ipv4"}
        return
    pattern = re.compile(schema["pattern"])
    limit = schema.get("maxLength", 10**6)
    for good in examples(valid_format(fmt), 30):
        assert pattern.search(good) and len(good) <= limit, good
    for bad in examples(invalid_format(fmt), 30):
        if fmt == "http_codes" and _descending(bad):
            continue  # a range's order is what the schema does not say (openapi_rules)
        assert not (pattern.search(bad) and len(bad) <= limit), bad
    assert all(CHECKS[fmt](v) for v in examples(valid_format(fmt), 5))
