"""translator.core.validation: request parts checked against the models; violations are documented
400s naming the field; bodies trimmed, enum spellings canonical."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from pydantic import ValidationError

from translator.core.apierrors import ApiError
from translator.core.validation import body, documented_error, location, path_params, query
from translator.models import models_for
from translator.models import rules as rules_mod
from translator.spec import FieldSpec, OperationSpec, Rule, load_spec

OP = load_spec("v1.0").operation("vpc_channel.create")
VALID = {
    "name": "vpc_001",
    "type": 2,
    "member_type": "instance",
    "port": 80,
    "balance_strategy": 1,
    "vpc_health_config": {
        "protocol": "http",
        "path": "/hc",
        "threshold_normal": 2,
        "threshold_abnormal": 2,
        "time_out": 5,
        "time_interval": 10,
        "http_code": "200",
    },
    "vpc_instances": [{"instance_id": "i-1", "instance_name": "n1", "weight": 10}],
}


def test_enum_values_are_stored_in_the_documented_case() -> None:
    checked = body(OP, VALID)
    assert checked["vpc_health_config"]["protocol"] == "HTTP"  # v1.0 samples send "http"


def test_undocumented_keys_are_dropped_and_documented_ones_kept() -> None:
    checked = body(OP, {**VALID, "colour": "red"})
    assert "colour" not in checked and checked["vpc_instances"] == VALID["vpc_instances"]


def test_a_violation_is_a_documented_error_naming_the_field() -> None:
    with pytest.raises(ApiError) as info:
        body(OP, {**VALID, "port": 70000})
    assert info.value.code == "APIG.2003" and "port" in str(info.value)


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"name": None}, "APIG.2001", "name"),  # None: left out
        ({"port": 0}, "APIG.2002", "port"),
        ({"port": 70000}, "APIG.2003", "port"),
        ({"name": "v" * 100}, "APIG.2006", "name"),
        ({"type": "two"}, "APIG.2011", "type"),
        (
            {"vpc_instances": [{"instance_name": "n1", "weight": 10}]},
            "APIG.2001",
            "vpc_instances[].instance_id",
        ),
    ],
)
def test_each_violation_has_its_documented_code(change: dict[str, object], code: str, field: str) -> None:
    data = {k: v for k, v in {**VALID, **change}.items() if v is not None}
    with pytest.raises(ApiError) as info:
        body(OP, data)
    assert (info.value.status, info.value.code) == (400, code)
    assert f"parameterName:{field}." in info.value.message


def test_documented_error_maps_a_pydantic_error() -> None:
    model = models_for("v1.0", OP.id).request
    assert model is not None
    with pytest.raises(ValidationError) as info:
        model.model_validate({**VALID, "port": "eighty"})
    err = documented_error(info.value)
    assert err is not None and err.code == "APIG.2011" and "parameterName:port." in err.message


def test_locations_are_rendered_as_the_docs_name_fields() -> None:
    assert location(("vpc_instances", 0, "weight")) == "vpc_instances[].weight"
    assert location(("body", "function-after[check(), str]", "x")) == "body.x"
    assert location(()) == ""


def test_a_body_that_is_not_an_object_is_apig_2000() -> None:
    with pytest.raises(ApiError) as info:
        body(OP, [1, 2])
    assert info.value.code == "APIG.2000"


def test_query_values_are_typed_and_undocumented_ones_ignored() -> None:
    op = load_spec("v1.0").operation("vpc_channel.list")
    assert query(op, {"page_size": "5", "colour": "red"}) == {"page_size": 5}
    with pytest.raises(ApiError) as info:
        query(op, {"page_size": "many"})
    assert info.value.code == "APIG.2011" and "page_size" in info.value.message


def test_path_parameters_are_checked() -> None:
    op = load_spec("v1.0").operation("vpc_channel.get")
    name = op.path_params[0].name
    assert path_params(op, {name: "abc"}) == {name: "abc"}


NAME_RULE = Rule(
    "pattern",
    "VPC通道的名称，以英文和汉字开头。",
    pattern=r"[A-Za-z\u4e00-\u9fa5].*",
    text="must start with a letter or a Chinese character",
)


def _with_rule(op: OperationSpec, part: str, name: str, rule: Rule) -> OperationSpec:
    def add(fields: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
        return tuple(replace(f, rules=(rule,)) if f.name == name else f for f in fields)

    if part == "path":
        return replace(op, path_params=add(op.path_params))
    if part == "query":
        return replace(op, query=add(op.query))
    assert op.request is not None
    return replace(op, request=replace(op.request, fields=add(op.request.fields)))


@pytest.fixture
def ruled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """v1.0 with a first-character rule on a VPC channel's create body name, list query id and get path."""
    spec = load_spec("v1.0")
    get = load_spec("v1.0").operation("vpc_channel.get")
    ops = {
        **spec.operations,
        OP.id: _with_rule(OP, "request", "name", NAME_RULE),
        "vpc_channel.list": _with_rule(spec.operation("vpc_channel.list"), "query", "id", NAME_RULE),
        get.id: _with_rule(get, "path", get.path_params[0].name, NAME_RULE),
    }
    monkeypatch.setattr(rules_mod, "load_spec", lambda version: replace(spec, operations=ops))
    rules_mod._plan.cache_clear()
    yield
    rules_mod._plan.cache_clear()


@pytest.mark.usefixtures("ruled")
def test_a_rule_breach_in_a_body_is_its_documented_400_naming_field_and_rule() -> None:
    assert body(OP, VALID)["name"] == "vpc_001"
    with pytest.raises(ApiError) as info:
        body(OP, {**VALID, "name": "1vpc"})
    assert (info.value.status, info.value.code) == (400, "APIG.2011")
    assert "parameterName:name." in info.value.message
    assert "must start with a letter or a Chinese character" in info.value.message
    assert "以英文和汉字开头" in info.value.message


@pytest.mark.usefixtures("ruled")
def test_a_rule_breach_in_a_query_or_path_is_apig_2012() -> None:
    listing = load_spec("v1.0").operation("vpc_channel.list")
    assert query(listing, {"id": "vpc"}) == {"id": "vpc"}
    with pytest.raises(ApiError) as info:
        query(listing, {"id": "_vpc"})
    assert info.value.code == "APIG.2012" and "parameterName:id." in info.value.message
    get = load_spec("v1.0").operation("vpc_channel.get")
    name = get.path_params[0].name
    with pytest.raises(ApiError) as info:
        path_params(get, {name: "9abc"})
    assert info.value.code == "APIG.2012" and f"parameterName:{name}." in info.value.message
