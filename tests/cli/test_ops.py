"""``ops``: the compatibility matrix as lines, JSON and a readable Markdown summary."""

from __future__ import annotations

import json

from helpers.cli import assert_usage_error, run


def test_ops_json_lists_every_v1_operation() -> None:
    ran = run("ops", "--json")
    assert ran.code == 0
    rows = json.loads(ran.out)
    assert len(rows) == 109
    create = next(r for r in rows if r["v1_id"] == "vpc_channel.create")
    assert create["status"] == "partial" and create["v2_id"] == "vpc_channel.create"
    assert all(r["reason"] for r in rows if r["status"] == "unsupported")


def test_ops_markdown_is_a_summary_table_then_details() -> None:
    ran = run("ops", "--markdown")
    assert ran.code == 0 and ran.out.startswith("# v1.0 -> v2 compatibility matrix")
    table = [line for line in ran.out.split("## Details")[0].splitlines() if line.startswith("|")]
    assert table[0] == "| v1.0 operation | status | v2 operation | lossy fields |"
    assert len(table) == 2 + 109
    cells = [cell for line in table for cell in line.split("|")]
    assert max(len(cell) for cell in cells) <= 100  # no cell holds the lossy fields themselves
    create = next(line for line in table if "vpc_channel.create]" in line)
    rows = {r["v1_id"]: r for r in json.loads(run("ops", "--json").out)}
    count = sum(len(f) for f in rows["vpc_channel.create"]["lossy"].values())
    assert create.endswith(f"| partial | vpc_channel.create | {count} |")
    details = ran.out.split("## Details")[1]
    assert "### vpc_channel.create" in details and "`members[].host`: IP members" in details
    assert "### marketplace.purchased_api.list" in details  # unsupported, with its reason


def test_ops_lines_count_the_lossy_fields() -> None:
    ran = run("ops")
    assert ran.code == 0 and len(ran.out.splitlines()) == 109
    assert any("vpc_channel.create" in line and "lossy]" in line for line in ran.out.splitlines())


def test_json_and_markdown_together_are_a_usage_error() -> None:
    assert_usage_error(run("ops", "--json", "--markdown"), "--json and --markdown")


def test_ops_name_the_fields_whose_rule_is_stricter_on_one_side() -> None:
    rows = {r["v1_id"]: r for r in json.loads(run("ops", "--json").out)}
    signature = rows["signature.create"]["stricter"]
    key = next(e for e in signature if e["field"] == "sign_key")
    assert {k: key[k] for k in ("target_field", "direction", "part", "kind")} == {
        "target_field": "sign_key",
        "direction": "v1_to_v2",
        "part": "request",
        "kind": "pattern",
    }
    assert key["rule"] and key["source"] and key["handled"] is None
    weight = next(e for e in rows["vpc_channel.create"]["stricter"] if e["field"] == "members[].weight")
    assert weight["direction"] == "v2_to_v1" and weight["handled"] == "clamp"
    lines = run("ops").out.splitlines()
    line = next(line for line in lines if " signature.create " in line)
    assert line.endswith(f"[{len(signature)} stricter]")
    markdown = run("ops", "--markdown").out
    assert markdown.split("## Details")[0].count("stricter") == 0  # the summary table keeps its columns
    details = markdown.split("### signature.create")[1].split("### ")[0]
    assert "- stricter:" in details and "`sign_key` -> `sign_key` (v1_to_v2, request)" in details
