"""translator.models.rules: every rule kind checked on fields built here, through objects, arrays of
objects, arrays of scalars and maps; variables exempt; wrong types no breach; documented codes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from translator.models import rules as rules_mod
from translator.models.rules import Breach, breaches, code_for, field_breaches
from translator.spec import ApiSpec, BodySpec, FieldSpec, OperationSpec, Rule

NAME = Rule(
    "pattern",
    "名称，支持汉字、英文、数字、下划线，且只能以英文或汉字开头。",
    pattern=r"[A-Za-z\u4e00-\u9fa5][\w\u4e00-\u9fa5]*",
    text="must start with a letter or a Chinese character",
)
LIMIT = Rule("range", "API访问次数限制，取值范围1-2147483647", minimum=1, maximum=2147483647)
CODE = Rule("length", "AppCode的值，长度为64-180个字符", min_length=64, max_length=180)


def _f(name: str, ftype: Any = "string", *rules: Rule, **kw: Any) -> FieldSpec:
    return FieldSpec(name=name, type=ftype, rules=tuple(rules), **kw)


def _found(fields: tuple[FieldSpec, ...], data: Any) -> list[tuple[str, str]]:
    return [(b.field, b.rule.kind) for b in field_breaches(fields, data)]


def test_pattern_matches_the_whole_value() -> None:
    fields = (_f("name", "string", NAME),)
    assert _found(fields, {"name": "api_1"}) == []
    assert _found(fields, {"name": "接口"}) == []
    assert _found(fields, {"name": "1api"}) == [("name", "pattern")]
    assert _found(fields, {"name": "api-1"}) == [("name", "pattern")]  # fullmatch, not a prefix


@pytest.mark.parametrize(
    ("value", "broken"), [(1, False), (2147483647, False), (0, True), (2147483648, True)]
)
def test_range_bounds_are_inclusive(value: int, broken: bool) -> None:
    assert bool(_found((_f("api_call_limits", "integer", LIMIT),), {"api_call_limits": value})) is broken


@pytest.mark.parametrize(
    ("value", "broken"), [("a" * 64, False), ("a" * 180, False), ("a" * 10, True), ("a" * 181, True)]
)
def test_length_of_a_string(value: str, broken: bool) -> None:
    assert bool(_found((_f("app_code", "string", CODE),), {"app_code": value})) is broken


def test_length_of_an_array_counts_its_items() -> None:
    fields = (_f("ips", "array", Rule("length", "最多2个", max_length=2), items="string"),)
    assert _found(fields, {"ips": ["a", "b"]}) == []
    assert _found(fields, {"ips": ["a", "b", "c"]}) == [("ips", "length")]


def test_enum_and_forbidden() -> None:
    fields = (
        _f("type", "integer", Rule("enum", "1：公网 2：内网", values=("1", "2"))),
        _f("env", "string", Rule("forbidden", "不能为RELEASE", values=("RELEASE",))),
    )
    assert _found(fields, {"type": 2, "env": "DEV"}) == []  # "2" of the docs is the integer 2
    assert _found(fields, {"type": 3, "env": "RELEASE"}) == [("type", "enum"), ("env", "forbidden")]


def test_an_enum_takes_its_strings_in_any_letter_case() -> None:
    fields = (
        _f(
            "in",
            "string",
            Rule("enum", "参数位置，支持header、query、path", values=("header", "query", "path")),
        ),
    )
    assert _found(fields, {"in": "HEADER"}) == []
    assert _found(fields, {"in": "body"}) == [("in", "enum")]


def test_a_boolean_is_not_a_number_of_an_enum() -> None:
    fields = (_f("flag", "any", Rule("enum", "1 or 2", values=(1, 2))),)
    assert _found(fields, {"flag": True}) == [("flag", "enum")]
    assert _found(fields, {"flag": 1}) == []


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("http_codes", "200,201,210-299", "200-"),
        ("uri", "/a/{b}", "a/b"),
        ("ip", "192.168.0.1", "192.168.0.256"),
        ("cidr", "10.0.0.0/8", "10.0.0.1"),
        ("ip_or_cidr", "10.0.0.1", "10.0.0.0/33"),
        ("domain", "api.example.com", "-bad.example.com"),
        ("host", "example.com:8080", "example.com:70000"),
        ("email", "a.b@example.com", "a@b"),
    ],
)
def test_each_format(fmt: Any, good: str, bad: str) -> None:
    fields = (_f("v", "string", Rule("format", f"a {fmt}", format=fmt)),)
    assert _found(fields, {"v": good}) == []
    assert _found(fields, {"v": bad}) == [("v", "format")]


def test_compare_with_a_sibling_when_both_are_present() -> None:
    rule = Rule("compare", "超时时间必须小于检查间隔", op="<", other="time_interval")
    hc = (_f("time_out", "integer", rule), _f("time_interval", "integer"))
    fields = (_f("vpc_health_config", "object", children=hc),)
    assert _found(fields, {"vpc_health_config": {"time_out": 5, "time_interval": 10}}) == []
    assert _found(fields, {"vpc_health_config": {"time_out": 10, "time_interval": 10}}) == [
        ("vpc_health_config.time_out", "compare")
    ]
    assert _found(fields, {"vpc_health_config": {"time_out": 10}}) == []  # the other is absent
    assert _found(fields, {"vpc_health_config": {"time_out": "10", "time_interval": 1}}) == []


def test_required_if_the_sibling_takes_a_value() -> None:
    rule = Rule("required_if", "type为2时必填", other="type", values=(2,))
    fields = (_f("type", "integer"), _f("member_type", "string", rule))
    assert _found(fields, {"type": 1}) == []
    assert _found(fields, {"type": 2, "member_type": "ecs"}) == []
    assert _found(fields, {"type": 2}) == [("member_type", "required_if")]
    assert _found(fields, {"type": 2, "member_type": None}) == [("member_type", "required_if")]


def test_a_value_holding_variables_is_exempt_from_pattern_length_and_format() -> None:
    var = Rule("variables", "支持环境变量，如#name#")
    fields = (
        _f("url_domain", "string", Rule("format", "域名", format="domain"), CODE, var),
        _f("req_uri", "string", Rule("pattern", "以/开头", pattern="/.*")),
    )
    assert _found(fields, {"url_domain": "#backend_host#"}) == []
    assert _found(fields, {"url_domain": "no domain"}) == [("url_domain", "format"), ("url_domain", "length")]
    assert _found(fields, {"req_uri": "#uri#"}) == [("req_uri", "pattern")]  # no variables rule


def test_a_variable_does_not_exempt_from_range_or_enum() -> None:
    var = Rule("variables", "支持环境变量")
    fields = (_f("mode", "string", Rule("enum", "a or b", values=("a", "b")), var),)
    assert _found(fields, {"mode": "#m#"}) == [("mode", "enum")]


def test_values_of_the_wrong_type_are_no_breach_and_nothing_raises() -> None:
    fields = (
        _f("name", "string", NAME),
        _f("limit", "integer", LIMIT),
        _f("code", "string", CODE),
        _f("v", "string", Rule("format", "ip", format="ip")),
        _f("obj", "object", children=(_f("name", "string", NAME),)),
        _f("arr", "array", children=(_f("name", "string", NAME),)),
    )
    odd = {"name": 5, "limit": "x", "code": 12, "v": ["1.1.1.1"], "obj": [1], "arr": {"name": "1"}}
    assert _found(fields, odd) == []
    for data in (None, 1, "text", [1, 2], {"arr": [None, 3, "x"]}):
        assert _found(fields, data) == []


def test_nested_arrays_of_objects_name_each_level() -> None:
    inner = (_f("name", "string", NAME),)
    fields = (_f("groups", "array", children=(_f("members", "array", children=inner),)),)
    data = {"groups": [{"members": [{"name": "ok"}, {"name": "9bad"}]}, {"members": [{"name": "_x"}]}]}
    found = field_breaches(fields, data)
    assert [(b.field, b.value) for b in found] == [
        ("groups[].members[].name", "9bad"),
        ("groups[].members[].name", "_x"),
    ]


def test_an_array_of_scalars_checks_each_item() -> None:
    fields = (_f("ips", "array", Rule("format", "IP", format="ip"), items="string"),)
    found = field_breaches(fields, {"ips": ["1.1.1.1", "nope", 3]})
    assert [(b.field, b.value) for b in found] == [("ips[]", "nope")]


def test_a_map_checks_each_value_and_a_bare_array_body_its_items() -> None:
    entry = FieldSpec(
        name="*",
        type="object",
        children=(_f("status", "integer", Rule("range", "100-599", minimum=100, maximum=599)),),
    )
    fields = (FieldSpec(name="responses", type="object", values=entry),)
    assert _found(fields, {"responses": {"A": {"status": 200}, "B": {"status": 99}}}) == [
        ("responses.*.status", "range")
    ]
    root = (FieldSpec(name="", type="array", children=(_f("name", "string", NAME),)),)
    assert _found(root, [{"name": "a"}, {"name": "1"}]) == [("[].name", "pattern")]


def test_default_checks_nothing() -> None:
    assert _found((_f("x", "integer", Rule("default", "默认1", value=1)),), {"x": 99}) == []


def test_the_message_names_field_and_rule_and_quotes_the_docs_never_the_value() -> None:
    secret = (_f("app_secret", "string", Rule("length", "密钥长度8-64", min_length=8, max_length=64)),)
    [b] = field_breaches(secret, {"app_secret": "hunter2"})
    assert b.message.startswith("app_secret: ") and "length from 8 to 64" in b.message
    assert "密钥长度8-64" in b.message and "hunter2" not in b.message
    [b] = field_breaches((_f("name", "string", NAME),), {"name": "1a"})
    assert "must start with a letter or a Chinese character" in b.message


@pytest.mark.parametrize(
    ("rule", "value", "part", "op", "code"),
    [
        (NAME, "1", "request", "app.create", "APIG.2011"),
        (NAME, "1", "query", "app.list", "APIG.2012"),
        (NAME, "1", "path", "app.get", "APIG.2012"),
        (Rule("enum", "s", values=(1,)), 2, "request", "x.create", "APIG.2011"),
        (Rule("forbidden", "s", values=("a",)), "a", "request", "x.create", "APIG.2012"),
        (LIMIT, 0, "request", "throttle.create", "APIG.2002"),
        (LIMIT, 2147483648, "request", "throttle.create", "APIG.2003"),
        (CODE, "a", "request", "app_code.create", "APIG.2005"),
        (CODE, "a" * 200, "request", "app_code.create", "APIG.2006"),
        (Rule("compare", "s", op="<", other="b"), 5, "request", "vpc_channel.create", "APIG.2004"),
        (Rule("required_if", "s", other="b", values=(1,)), None, "request", "x.create", "APIG.2001"),
        (Rule("format", "s", format="ip"), "x", "request", "acl.create", "APIG.2015"),
        (Rule("format", "s", format="cidr"), "x", "request", "acl.create", "APIG.2015"),
        (Rule("format", "s", format="email"), "x", "request", "x.create", "APIG.2014"),
        (Rule("format", "s", format="domain"), "x", "request", "domain.create", "APIG.2024"),
        (Rule("format", "s", format="domain"), "x", "request", "api.create", "APIG.2011"),
        (Rule("format", "s", format="uri"), "x", "query", "api.list", "APIG.2012"),
    ],
)
def test_documented_codes(rule: Rule, value: Any, part: Any, op: str, code: str) -> None:
    assert code_for(Breach("f", rule, value, op), part) == code


@pytest.fixture
def fake_spec(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    body = BodySpec(shape="object", fields=(_f("name", "string", NAME),))
    query = (_f("name", "string", NAME),)
    op = OperationSpec(
        "x.create", "v1.0", "", "", "POST", "/x/{id}", (_f("id", "string", NAME),), query, body, None, 201
    )
    spec = ApiSpec("v1.0", "/v1.0/apigw", {"x.create": op})
    monkeypatch.setattr(rules_mod, "load_spec", lambda version: spec)
    rules_mod._plan.cache_clear()
    yield
    rules_mod._plan.cache_clear()


@pytest.mark.usefixtures("fake_spec")
def test_breaches_checks_each_part_of_an_operation_of_the_spec() -> None:
    for part in ("path", "query", "request"):
        key = "id" if part == "path" else "name"
        [b] = breaches("v1.0", "x.create", part, {key: "1"})  # type: ignore[arg-type]
        assert (b.field, b.operation) == (key, "x.create")
    assert breaches("v1.0", "x.create", "response", {"name": "1"}) == []  # no response body


@pytest.mark.parametrize(
    ("version", "op", "code"),
    [
        ("v2", "env.create", "APIG.2012"),
        ("v2", "api_group.create", "APIG.2011"),
        ("v1.0", "env.create", "APIG.2012"),  # the v1.0 pages show no examples: v2's page
        ("v1.0", "vpc_channel.create", "APIG.2011"),  # no example on either page
    ],
)
def test_the_docs_example_for_the_operation_and_field_decides_a_mismatch(
    version: Any, op: str, code: str
) -> None:
    """创建环境's example answers a bad name with APIG.2012, 创建API分组's with APIG.2011; else a body's
    mismatch is APIG.2011."""
    assert code_for(Breach("name", NAME, "1", op, version), "request") == code
