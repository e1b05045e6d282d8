"""scripts/derive/prose_rules.py: typing, siblings, columns and decisions of the prose pass."""

from __future__ import annotations

from typing import Any

import pytest
from derive.common import DerivationError
from derive.prose_rules import ProsePass, check_rules
from derive.report import Report


def op(fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "x.create",
        "path_params": [],
        "query": [],
        "request": {"shape": "object", "fields": fields},
    }


def run(fields: list[dict[str, Any]], decisions: list[dict[str, Any]] | None = None) -> Report:
    report = Report()
    ops = {"x.create": op(fields)}
    ProsePass("v2", report, decisions or []).run(ops)
    check_rules("v2", ops)
    return report


def test_rules_are_typed_and_siblings_resolved_by_their_description() -> None:
    vtype = {"name": "type", "type": "integer", "enum": [1, 2], "_description": "VPC通道的类型。"}
    port = {"name": "port", "type": "integer", "_description": "端口。\nVPC通道类型为2时必选。\n缺省值：80"}
    run([vtype, port])
    assert port["rules"] == [
        {"kind": "required_if", "values": [2], "source": "VPC通道类型为2时必选", "other": "type"},
        {"kind": "default", "value": 80, "source": "缺省值：80"},
    ]


def test_sibling_value_takes_the_enum_spelling() -> None:
    proto = {"name": "protocol", "type": "string", "enum": ["TCP", "HTTP"], "_description": "协议"}
    path = {"name": "path", "type": "string", "_description": "路径。protocol = http时必选"}
    run([proto, path])
    assert path["rules"][0]["values"] == ["HTTP"]


def test_a_rule_about_an_unknown_sibling_is_unread() -> None:
    f = {"name": "a", "type": "integer", "_description": "该数值不超过用户流量限制值"}
    report = Report()
    ops = {"x.create": op([f])}
    stats = ProsePass("v2", report, []).run(ops)
    assert "rules" not in f
    assert list(stats.still_unread()) == ["该数值不超过用户流量限制值"]


def test_kinds_that_do_not_fit_the_type_are_not_written() -> None:
    f = {"name": "n", "type": "integer", "_description": "长度为3 ~ 64位的字符串，由中文、英文字母组成"}
    run([f])
    assert "rules" not in f


def test_what_the_columns_say_is_not_repeated_and_two_sentences_join() -> None:
    f = {"name": "n", "type": "integer", "minimum": 1, "_description": "输入的值不超过2147483647。正整数。"}
    run([f])
    assert f["rules"] == [{"kind": "range", "maximum": 2147483647, "source": "输入的值不超过2147483647"}]
    g = {"name": "g", "type": "integer", "_description": "输入的值不超过10。正整数。"}
    run([g])
    assert g["rules"] == [
        {"kind": "range", "minimum": 1, "maximum": 10, "source": "输入的值不超过10。正整数"}
    ]


def test_a_contradiction_keeps_the_column_until_decided() -> None:
    f = {"name": "w", "type": "integer", "maximum": 10000, "_description": "最大值：100"}
    report = run([f])
    assert "rules" not in f and f["maximum"] == 10000
    assert report.lines["Prose rules contradicting a column (undecided: column kept)"]
    g = {"name": "w", "type": "integer", "maximum": 10000, "_description": "最大值：100"}
    decide = {
        "op": "x.create",
        "part": "request",
        "path": "w",
        "kind": "range",
        "decide": "prose",
        "reason": "r",
    }
    run([g], [decide])
    assert g["rules"][0]["maximum"] == 100 and "maximum" not in g


def test_an_unused_decision_fails() -> None:
    decide = {
        "op": "x.create",
        "part": "request",
        "path": "w",
        "kind": "range",
        "decide": "column",
        "reason": "r",
    }
    with pytest.raises(DerivationError):
        run([{"name": "w", "type": "integer", "_description": "说明"}], [decide])


def test_check_rules_refuses_a_rule_naming_no_sibling() -> None:
    bad = {
        "name": "a",
        "type": "integer",
        "rules": [{"kind": "compare", "op": "<", "other": "b", "source": "s"}],
    }
    with pytest.raises(DerivationError):
        check_rules("v2", {"x.create": op([bad])})
