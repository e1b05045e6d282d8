"""The value rules in the generated spec data (``"rules"``, read by scripts/derive/prose.py).

Reads the package's spec files only. Every rule loads through ``translator.spec`` and the facts
the docs state in words about well-known fields are there.
"""

from __future__ import annotations

import re

import pytest

from translator.spec import ApiSpec, FieldSpec, load_spec
from translator.spec.rules import Rule

VERSIONS = ("v1.0", "v2")


def request_field(spec: ApiSpec, op_id: str, path: str) -> FieldSpec:
    fields = spec.operations[op_id].part("request") or ()
    found: FieldSpec | None = None
    for seg in path.split("."):
        found = next(f for f in fields if f.name == seg)
        fields = found.children
    assert found is not None
    return found


def rules_of(f: FieldSpec, kind: str) -> list[Rule]:
    return [r for r in f.rules if r.kind == kind]


def test_every_rule_loads_and_keeps_its_sentence() -> None:
    total = 0
    for version in VERSIONS:
        spec = load_spec(version)  # parse_rules and check_siblings raise on a bad rule
        for op in spec.operations.values():
            fields = [*op.path_params, *op.query, *(op.part("request") or ())]
            stack = list(fields)
            while stack:
                f = stack.pop()
                stack.extend(f.children)
                for r in f.rules:
                    total += 1
                    assert r.source, (version, op.id, f.name, r)
                    assert re.search("[\u4e00-\u9fa5]", r.source), (version, op.id, f.name, r.source)
    assert total > 200


NAMES = [
    ("api_group.create", "name"),
    ("env.create", "name"),
    ("vpc_channel.create", "name"),
    ("throttle.create", "name"),
    ("acl.create", "acl_name"),
    ("signature.create", "name"),
    ("app.create", "name"),
    ("api.create", "name"),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("op_id", "path"), NAMES)
def test_names_have_a_first_character_pattern(version: str, op_id: str, path: str) -> None:
    f = request_field(load_spec(version), op_id, path)
    (rule,) = rules_of(f, "pattern")
    assert rule.pattern is not None
    assert re.fullmatch(rule.pattern, "abc_1")
    assert not re.fullmatch(rule.pattern, "1abc")  # starts with a letter (or a Chinese character)
    assert not re.fullmatch(rule.pattern, "ab c")
    assert "开头" in rule.source


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("op_id", ["api_group.create", "app.create", "throttle.create", "acl.create"])
def test_chinese_names_are_allowed_where_the_docs_say_so(version: str, op_id: str) -> None:
    path = "acl_name" if op_id == "acl.create" else "name"
    (rule,) = rules_of(request_field(load_spec(version), op_id, path), "pattern")
    assert rule.pattern is not None and re.fullmatch(rule.pattern, "分组一_1")


@pytest.mark.parametrize("version", VERSIONS)
def test_throttle_call_limits_are_positive_integers(version: str) -> None:
    f = request_field(load_spec(version), "throttle.create", "api_call_limits")
    (rule,) = rules_of(f, "range")
    assert (rule.minimum, rule.maximum) == (1, 2147483647)


@pytest.mark.parametrize("version", VERSIONS)
def test_throttle_user_and_app_limits_compare_to_their_parents(version: str) -> None:
    spec = load_spec(version)
    user = rules_of(request_field(spec, "throttle.create", "user_call_limits"), "compare")
    app = rules_of(request_field(spec, "throttle.create", "app_call_limits"), "compare")
    assert [(r.op, r.other) for r in user] == [("<=", "api_call_limits")]
    assert [(r.op, r.other) for r in app] == [("<=", "user_call_limits")]


@pytest.mark.parametrize(("version", "name"), [("v1.0", "time_out"), ("v2", "timeout")])
def test_health_check_timeout_is_below_the_interval(version: str, name: str) -> None:
    spec = load_spec(version)
    f = request_field(spec, "vpc_channel.create", f"vpc_health_config.{name}")
    assert [(r.op, r.other) for r in rules_of(f, "compare")] == [("<", "time_interval")]
    interval = request_field(spec, "vpc_channel.create", "vpc_health_config.time_interval")
    assert [(r.op, r.other) for r in rules_of(interval, "compare")] == [(">", name)]


@pytest.mark.parametrize("version", VERSIONS)
def test_app_code_length_and_pattern(version: str) -> None:
    f = request_field(load_spec(version), "app.code.create", "app_code")
    (length,) = rules_of(f, "length")
    assert (length.min_length, length.max_length) == (64, 180)
    (pattern,) = rules_of(f, "pattern")
    assert pattern.pattern is not None
    assert re.fullmatch(pattern.pattern, "GjOD3g80AABuuFeEJpVQ+/=")  # digits: decided in the overrides
    assert re.fullmatch(pattern.pattern, "/abc") and not re.fullmatch(pattern.pattern, "=abc")


def test_v2_required_if_names_the_sibling_and_its_typed_value() -> None:
    spec = load_spec("v2")
    port = request_field(spec, "vpc_channel.create", "port")
    assert [(r.other, r.values) for r in rules_of(port, "required_if")] == [("type", (2,))]
    path = request_field(spec, "vpc_channel.create", "vpc_health_config.path")
    assert [(r.other, r.values) for r in rules_of(path, "required_if")] == [("protocol", ("HTTP",))]


def test_v2_defaults_decided_over_required_if() -> None:
    f = request_field(load_spec("v2"), "vpc_channel.create", "balance_strategy")
    assert f.default == 1 and not rules_of(f, "required_if")


@pytest.mark.parametrize("version", VERSIONS)
def test_health_check_http_codes_are_a_code_list(version: str) -> None:
    f = request_field(load_spec(version), "vpc_channel.create", "vpc_health_config.http_code")
    assert [r.format for r in rules_of(f, "format")] == ["http_codes"]
    assert "100到599" in rules_of(f, "format")[0].source


@pytest.mark.parametrize("version", VERSIONS)
def test_backend_addresses_are_hosts_with_variables(version: str) -> None:
    f = request_field(load_spec(version), "api.create", "backend_api.url_domain")
    assert [r.format for r in rules_of(f, "format")] == ["host"]
    assert rules_of(f, "variables")


def _scalar_ok(value: object, typ: str) -> bool:
    if typ == "string":
        return isinstance(value, str)
    if typ == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if typ == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, bool) if typ == "boolean" else True


@pytest.mark.parametrize("version", VERSIONS)
def test_rule_values_are_typed_like_the_field_and_defaults_are_allowed(version: str) -> None:
    for op in load_spec(version).operations.values():
        stack = [*op.path_params, *op.query, *(op.part("request") or ())]
        while stack:
            f = stack.pop()
            stack.extend(f.children)
            typ = f.items or f.type if f.type == "array" else f.type
            for r in f.rules:
                where = (version, op.id, f.name, r.kind)
                if r.kind in ("enum", "forbidden", "required_if"):
                    assert r.values, where
                if r.kind in ("enum", "forbidden"):
                    assert all(_scalar_ok(v, typ) for v in r.values or ()), where
                if r.kind == "default":
                    assert _scalar_ok(r.value, typ), where
                    assert not f.enum or r.value in f.enum, where
                if r.kind in ("range", "compare"):
                    assert f.type in ("integer", "number"), where
                if r.kind in ("pattern", "format", "variables"):
                    assert f.type == "string", where
