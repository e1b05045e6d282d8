"""scripts/derive/prose.py: real description sentences of both versions -> untyped rules."""

from __future__ import annotations

import re
from typing import Any

import pytest
from derive import prose


def kinds(sentence: str) -> dict[str, dict[str, Any]]:
    return {
        r["kind"]: {k: v for k, v in r.items() if k not in ("kind", "source", "text")}
        for r in prose.read(sentence)
    }


def test_name_sentence_gives_length_and_first_character_pattern() -> None:
    s = "长度为3 ~ 64位的字符串，字符串由中文、英文字母、数字、“_”组成，且只能以英文或中文开头"
    got = kinds(s)
    assert got["length"] == {"min_length": 3, "max_length": 64}
    pat = got["pattern"]["pattern"]
    assert re.fullmatch(pat, "测试group_1") and not re.fullmatch(pat, "_x") and not re.fullmatch(pat, "a-b")
    assert all(r["source"] == s for r in prose.read(s))


def test_support_list_sentence_v2_style() -> None:
    got = kinds("支持汉字，英文，数字，下划线，且只能以英文和汉字开头，3 ~ 64字符")
    assert got["length"] == {"min_length": 3, "max_length": 64}
    assert re.fullmatch(got["pattern"]["pattern"], "流控_a1")
    assert not re.fullmatch(got["pattern"]["pattern"], "9abc")


def test_app_code_sentence() -> None:
    got = kinds("支持英文，+_!@#$%/=，且只能以英文和+、/开头，64-180个字符")
    assert got["length"] == {"min_length": 64, "max_length": 180}
    pat = got["pattern"]["pattern"]
    assert re.fullmatch(pat, "+ab/=") and not re.fullmatch(pat, "=ab")


def test_empty_quotes_leave_the_allowed_set_unread() -> None:
    got = kinds("支持英文，数字，“”,“-”,“”,“!”,“@”,“#”,“$”,“%”且只能以英文或数字开头，8 ~ 64个字符")
    assert got["pattern"]["pattern"] == "[A-Za-z0-9].*"  # only the first character is read
    assert got["length"] == {"min_length": 8, "max_length": 64}


def test_positive_integer_and_upper_bound() -> None:
    assert kinds("输入的值不超过2147483647") == {"range": {"maximum": 2147483647}}
    assert kinds("正整数") == {"range": {"minimum": 1}}
    assert kinds("API网关请求后端服务的超时时间，最大60000，最小为1") == {
        "range": {"minimum": 1, "maximum": 60000}
    }
    assert kinds("取值范围1 ~ 65535，仅VPC通道类型为2时有效")["range"] == {"minimum": 1, "maximum": 65535}


def test_compare_by_name_and_by_words() -> None:
    assert kinds("必须小于time_interval字段取值") == {"compare": {"op": "<", "other": "time_interval"}}
    assert kinds("必须大于timeout字段取值") == {"compare": {"op": ">", "other": "timeout"}}
    assert kinds("该数值不超过用户流量限制值") == {"compare": {"op": "<=", "_label": "用户流量限制"}}


@pytest.mark.parametrize(
    ("sentence", "label", "value"),
    [
        ("VPC通道类型为2时必选", "VPC通道类型", "2"),
        ("策略类型为param时必选", "策略类型", "param"),
        ("- 组合值，如：201,202,210-299 protocol = http时必选", "protocol", "http"),
    ],
)
def test_required_if(sentence: str, label: str, value: str) -> None:
    assert kinds(sentence)["required_if"] == {"_label": label, "values": [value]}


def test_variables_sentence_is_not_the_fields_own_length() -> None:
    s = (
        "支持环境变量，使用环境变量时，每个变量名的长度为3 ~ 32位的字符串，"
        "字符串由英文字母、数字、“_”、“-”组成，且只能以英文开头"
    )
    assert kinds(s) == {"variables": {}}


def test_formats() -> None:
    assert kinds("由域名（或IP地址）和端口号组成，总长度不超过255") == {
        "format": {"format": "host"},
        "length": {"max_length": 255},
    }
    assert kinds("需要服从URI规范") == {"format": {"format": "uri"}}
    assert kinds("长度为0-255位的字符串，需要符合域名规范")["format"] == {"format": "domain"}
    assert kinds("取值范围为100到599之前的任意整数值，支持如下三种格式") == {
        "format": {"format": "http_codes"}
    }


def test_enums_and_defaults() -> None:
    assert kinds("后端请求方法，支持GET、POST、PUT")["enum"] == {"values": ["GET", "POST", "PUT"]}
    assert kinds("支持TLSv1.1或TLSv1.2")["enum"] == {"values": ["TLSv1.1", "TLSv1.2"]}
    assert kinds("导出的API定义的格式：json/yaml，默认为json") == {
        "default": {"value": "json"},
        "enum": {"values": ["json", "yaml"]},
    }
    assert kinds("只能为：FUNC") == {"enum": {"values": ["FUNC"]}}
    assert kinds("每页显示的条数，默认值：20") == {"default": {"value": "20"}}


@pytest.mark.parametrize(
    "sentence",
    [
        "API分组ID，目前支持group_id和group，两个均存在时以group_id为准",  # names of parameters, not values
        "lacation为PATH时，required默认为1，其他场景required默认为2",  # a conditional default
        "中文字符必须为UTF-8或者unicode编码",
        "健康检查的目标端口，缺省时为VPC中主机的端口号",
    ],
)
def test_sentences_that_state_no_value_rule(sentence: str) -> None:
    assert prose.read(sentence) == []


def test_unread_is_decided_by_keywords_and_informative_sentences() -> None:
    assert prose.looks_like_rule("该值不超过系统默认配额限制")
    assert not prose.looks_like_rule("中文字符必须为UTF-8或者unicode编码")
    assert not prose.looks_like_rule("- 1：公有API")
    assert not prose.looks_like_rule("API的编号")


def test_sentences_split_at_full_stops_and_lines() -> None:
    assert prose.sentences("名称。\n长度为3 ~ 64位；只能以英文开头。") == [
        "名称",
        "长度为3 ~ 64位",
        "只能以英文开头",
    ]


def test_a_list_introducer_is_read_but_never_listed_as_unread() -> None:
    s = "取值范围为100到599之前的任意整数值，支持如下三种格式："
    assert kinds(s) == {"format": {"format": "http_codes"}}
    assert not prose.looks_like_rule("流控策略的类型，取值如下：")


def test_seed_enum_lists_on_one_line() -> None:
    assert kinds("后端服务器状态 1:可用 2:不可用 枚举值: 1 2") == {"enum": {"values": ["1", "2"]}}
    assert kinds("ip ecs 缺省值:ecs 枚举值: ip ecs") == {
        "default": {"value": "ecs"},
        "enum": {"values": ["ip", "ecs"]},
    }
