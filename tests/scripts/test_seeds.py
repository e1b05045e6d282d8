"""scripts/derive/seeds.py: the flattened seed tables -> descriptions of undescribed fields."""

from __future__ import annotations

from typing import Any

from derive.report import Report
from derive.seeds import Describer, parse

TEXT = (
    "  • 请求参数 表2 请求Header参数 参数 是否必选 参数类型 描述 X-Auth-Token 是 String 用户Token。 "
    "表3 请求Body参数 参数 是否必选 参数类型 描述 name 是 String VPC通道的名称。 长度为3 ~ 64位的字符串。 "
    "member_groups 否 Array of MemberGroupCreate objects VPC通道后端服务器组列表 "
    "表4 MemberGroupCreate 参数 是否必选 参数类型 描述 "
    "member_group_name 是 String 组名称。支持汉字、英文,3-64字符。 "
    "说明: 中文字符必须为UTF-8或者unicode编码。 member_group_weight 否 Integer 权重值。 最小值:0 最大值:100 "
    "状态码: 400 表19 响应Body参数 参数 参数类型 描述 error_code String 错误码"
)


def test_parse_cuts_request_tables_into_rows() -> None:
    seeds = parse(TEXT)
    assert set(seeds.models) == {"请求Body参数#1", "MemberGroupCreate"}
    group = seeds.models["MemberGroupCreate"]
    assert group["member_group_weight"] == ("Integer", "权重值。 最小值:0 最大值:100")
    assert group["member_group_name"][1].endswith("3-64字符。\n中文字符必须为UTF-8或者unicode编码。")


def test_only_undescribed_fields_get_the_seed_description_nested_by_type() -> None:
    name: dict[str, Any] = {"name": "name", "type": "string", "_description": "catalog"}
    gname: dict[str, Any] = {"name": "member_group_name", "type": "string"}
    weight: dict[str, Any] = {"name": "member_group_weight", "type": "integer"}
    groups = {"name": "member_groups", "type": "array", "children": [gname, weight]}
    op = {
        "method": "POST",
        "path": "/x",
        "query": [],
        "request": {"shape": "object", "fields": [name, groups]},
    }
    report = Report()
    assert Describer(parse(TEXT), report).run("v2", {"x.create": op}) == 3
    assert name["_description"] == "catalog"
    assert weight["_description"] == "权重值。 最小值:0 最大值:100"
    assert report.lines["Prose: descriptions from the seed pages"]


def test_a_table_is_matched_by_field_names_only_when_unambiguous() -> None:
    seeds = parse(TEXT)
    lone = [{"name": "member_group_name", "type": "string"}]
    assert Describer.best(lone, seeds.models) is None  # one name proves nothing
    two = [
        {"name": "member_group_name", "type": "string"},
        {"name": "member_group_weight", "type": "integer"},
    ]
    assert Describer.best(two, seeds.models) is seeds.models["MemberGroupCreate"]
