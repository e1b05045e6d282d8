"""``route``: the whole translated request, as text and as JSON, and bad request lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import assert_one_line_error, run

IDS = ("--project-id", "P", "--instance-id", "I")
ROOT = Path(__file__).resolve().parents[2]


def test_route_both_ways() -> None:
    ran = run("route", "GET /v1.0/apigw/vpc-channels?page_no=2&page_size=20", *IDS)
    assert ran.code == 0 and ran.out.strip() == "GET /v2/P/apigw/instances/I/vpc-channels?limit=20&offset=20"
    ran = run("route", "GET /v2/P/apigw/instances/I/vpc-channels?offset=20&limit=20")
    assert ran.code == 0 and ran.out.strip() == "GET /v1.0/apigw/vpc-channels?page_size=20&page_no=2"


def test_the_body_the_translation_builds_is_printed() -> None:
    """A value moved out of the path or query, and the constants, are in the printed body."""
    ran = run("route", "DELETE /v1.0/apigw/apis/publish/abc?env_id=e1", *IDS)
    assert ran.code == 0, ran.err
    head, _, body = ran.out.partition("\n\n")
    assert head.splitlines() == ["POST /v2/P/apigw/instances/I/apis/action", "Content-Type: application/json"]
    assert json.loads(body) == {"api_id": "abc", "env_id": "e1", "action": "offline"}


def test_json_has_the_whole_request() -> None:
    ran = run("route", "DELETE /v1.0/apigw/apis/publish/abc?env_id=e1", *IDS, "--json")
    assert ran.code == 0
    out = json.loads(ran.out)
    assert out["method"] == "POST" and out["url"] == "/v2/P/apigw/instances/I/apis/action"
    assert out["body"] == {"api_id": "abc", "env_id": "e1", "action": "offline"}
    assert out["op_id"] == "api.publish_or_offline" and out["v1_op_id"] == "api.offline"
    assert out["content_type"] == "application/json" and out["missing"] == [] and out["notes"] == []
    listed = json.loads(run("route", "GET /v1.0/apigw/vpc-channels?page_no=2&vpc_type=1", *IDS, "--json").out)
    assert listed["query"] == {"offset": 20} and listed["body"] is None
    assert {(n["path"], n["kind"]) for n in listed["notes"]} == {("@query.vpc_type", "dropped")}


def test_a_body_is_translated_too() -> None:
    ran = run("route", "POST /v1.0/apigw/apis/publish/abc", *IDS, "--body", "-", stdin='{"env_id": "e1"}')
    assert ran.code == 0, ran.err
    assert json.loads(ran.out.partition("\n\n")[2]) == {"env_id": "e1", "api_id": "abc", "action": "online"}
    bad = run("route", "POST /v1.0/apigw/apis/publish/abc", *IDS, "--body", "-", stdin='{"env_id": 5}')
    assert_one_line_error(bad, "env_id")


def test_missing_ids_are_said() -> None:
    ran = run("route", "GET /v1.0/apigw/vpc-channels")
    assert ran.code == 0 and "%7B" not in ran.out
    assert ran.out.strip() == "GET /v2/{project_id}/apigw/instances/{instance_id}/vpc-channels"
    assert "--project-id and --instance-id not given" in ran.err
    out = json.loads(run("route", "GET /v1.0/apigw/vpc-channels", "--project-id", "P", "--json").out)
    assert (
        out["missing"] == ["instance-id"]
        and out["path"] == "/v2/P/apigw/instances/{instance_id}/vpc-channels"
    )


def test_ids_come_from_the_environment() -> None:
    ran = run("route", "GET /v1.0/apigw/vpc-channels", env={"APIG_PROJECT_ID": "P", "APIG_INSTANCE_ID": "I"})
    assert ran.out.strip() == "GET /v2/P/apigw/instances/I/vpc-channels" and ran.err == ""


def test_an_undocumented_query_parameter_is_dropped_with_a_note() -> None:
    ran = run("route", "GET /v1.0/apigw/vpc-channels?bogus=1", *IDS)
    assert ran.code == 0 and "bogus" not in ran.out and "@query.bogus: unknown" in ran.err


@pytest.mark.parametrize(
    ("request_line", "message"),
    [
        ("GET", "expected 'METHOD URL'"),
        ("", "expected 'METHOD URL'"),
        ("GET /foo", "neither a v1.0 path"),
        ("GET /v1.1/apigw/apis", "neither a v1.0 path"),
        ("GET v1.0/apigw/apis", "neither a v1.0 path"),
        ("GET /v1.0/apigw/nothing-here", "no v1.0 operation serves GET /v1.0/apigw/nothing-here"),
        ("TRACE /v1.0/apigw/apis", "no v1.0 operation serves TRACE"),
        ("GET /v2/P/apigw/instances/I/nothing", "no v2 operation serves"),
        ("GET /v1.0/apigw/vpc-channels?page_no=x", "page_no"),
        ("GET /v1.0/apigw/vpc-channels?page_no=99999999999999999999", "page_no"),
        ("GET /v1.0/apigw/vpc-channels?page_no=9223372036854775807&page_size=20", "64-bit"),
        ("GET /v2/P/apigw/instances/I/vpc-channels?offset=99999999999999999999", "offset"),
        ("GET /v2/P/apigw/instances/I/apis/publish/abc?limit=7", "limit"),  # not the constant 500
    ],
)
def test_bad_request_lines_are_one_line_errors(request_line: str, message: str) -> None:
    assert_one_line_error(run("route", request_line, *IDS), message)


def test_a_bad_body_file_is_a_one_line_error() -> None:
    ran = run("route", "POST /v1.0/apigw/apis/publish/abc", *IDS, "--body", "-", stdin=b"\xff\xfe{}")
    assert_one_line_error(ran, "not UTF-8")


def test_a_body_the_other_version_would_refuse_is_an_error() -> None:
    sample = ROOT / "fixtures" / "samples" / "v2" / "vpc_channel.create.json"
    body = json.loads(sample.read_text(encoding="utf-8"))["request"][0]  # IP members
    ran = run("route", "POST /v2/P/apigw/instances/I/vpc-channels", "--body", "-", stdin=json.dumps(body))
    assert_one_line_error(ran, "v1.0 vpc_channel.create would refuse", "IP members")
