"""The command line: convert, route and ops, including bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_convert_the_doc_sample_of_vpc_channel_create(tmp_path: Path) -> None:
    sample = json.loads((SAMPLES / "v1.0" / "vpc_channel.create.json").read_text(encoding="utf-8"))[
        "request"
    ][0]
    source = tmp_path / "body.json"
    source.write_text(json.dumps(sample), encoding="utf-8")
    code, out, _ = _run(
        "convert", "--op", "vpc_channel.create", "--direction", "v1-to-v2", "--part", "request", str(source)
    )
    assert code == 0
    v2 = json.loads(out)
    assert {"ecs_id", "ecs_name"} <= set(v2["members"][0]) and "timeout" in v2["vpc_health_config"]
    text = json.dumps(v2)
    assert not any(
        name in text for name in ('"vpc_instances"', '"instance_id"', '"instance_name"', '"time_out"')
    )
    code, back, _ = _run(
        "convert", "--op", "vpc_channel.create", "--direction", "v2-to-v1", "--part", "request", stdin=out
    )
    assert code == 0
    assert json.loads(back) == sample  # back again it equals the original


def test_convert_reports_what_it_drops() -> None:
    body = {
        "members": [{"host": "10.0.0.1", "weight": 2}],
        "name": "abc",
        "type": 2,
        "member_type": "ip",
        "port": 80,
        "balance_strategy": 1,
        "vpc_health_config": {
            "protocol": "TCP",
            "threshold_normal": 2,
            "threshold_abnormal": 2,
            "timeout": 5,
            "time_interval": 10,
        },
    }
    code, out, err = _run(
        "convert",
        "--op",
        "vpc_channel.create",
        "--direction",
        "v2-to-v1",
        "--part",
        "request",
        stdin=json.dumps(body),
    )
    assert code == 0 and "members[].host: dropped" in err
    assert json.loads(out)["vpc_instances"] == [{"weight": 2}]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--op", "vpc_channel.create"], "{bad", "invalid JSON at line 1"),
        (["--op", "vpc_channel.fly"], "{}", "vpc_channel.fly"),
        (["--op", "vpc_channel.create"], '{"name": 5, "type": 2}', "name:"),
        (
            ["--op", "vpc_channel.create"],
            json.dumps(
                {
                    "name": "abc",
                    "type": 2,
                    "vpc_instances": [{"instance_id": "i", "instance_name": "n", "weight": "x"}],
                }
            ),
            "vpc_instances[].weight",
        ),
    ],
)
def test_convert_bad_input_is_a_one_line_error(args: list[str], stdin: str, message: str) -> None:
    code, out, err = _run("convert", *args, "--direction", "v1-to-v2", "--part", "request", stdin=stdin)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def test_route_both_ways() -> None:
    code, out, _ = _run(
        "route",
        "GET /v1.0/apigw/vpc-channels?page_no=2&page_size=20",
        "--project-id",
        "P",
        "--instance-id",
        "I",
    )
    assert code == 0 and out.strip() == "GET /v2/P/apigw/instances/I/vpc-channels?limit=20&offset=20"
    code, out, _ = _run("route", "GET /v2/P/apigw/instances/I/vpc-channels?offset=20&limit=20")
    assert code == 0 and out.strip() == "GET /v1.0/apigw/vpc-channels?page_size=20&page_no=2"


@pytest.mark.parametrize(
    "request_line", ["GET", "GET /v1.0/apigw/nothing-here", "GET /v1.0/apigw/vpc-channels?page_no=x"]
)
def test_route_bad_input(request_line: str) -> None:
    code, _, err = _run("route", request_line)
    assert code == 2 and err.startswith("error: ")


def test_ops_json_lists_every_v1_operation() -> None:
    code, out, _ = _run("ops", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 109
    create = next(r for r in rows if r["v1_id"] == "vpc_channel.create")
    assert create["status"] == "partial" and create["v2_id"] == "vpc_channel.create"
    assert all(r["reason"] for r in rows if r["status"] == "unsupported")


def test_ops_markdown() -> None:
    code, out, _ = _run("ops", "--markdown")
    assert code == 0 and out.startswith("# v1.0 -> v2 compatibility matrix") and "| vpc_channel.get |" in out


@pytest.mark.skipif(shutil.which("apig-translator") is None, reason="console script not installed")
def test_console_script_is_installed() -> None:
    done = subprocess.run(
        ["apig-translator", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and "convert" in done.stdout
