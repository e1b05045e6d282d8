"""``convert``: translations and their notes, doc sample files, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import assert_one_line_error, run

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "fixtures" / "samples"
EXAMPLES = ROOT / "fixtures" / "examples"
V1_TO_V2 = ("--direction", "v1-to-v2", "--part", "request")
V2_TO_V1 = ("--direction", "v2-to-v1", "--part", "request")


def _sample(version: str, op: str, part: str = "request") -> dict[str, object]:
    body: dict[str, object] = json.loads((SAMPLES / version / f"{op}.json").read_text(encoding="utf-8"))[
        part
    ][0]
    return body


def test_convert_the_doc_sample_of_vpc_channel_create_and_back(tmp_path: Path) -> None:
    sample = _sample("v1.0", "vpc_channel.create")
    source = tmp_path / "body.json"
    source.write_text(json.dumps(sample), encoding="utf-8")
    ran = run("convert", "--op", "vpc_channel.create", *V1_TO_V2, str(source))
    assert ran.code == 0, ran.err
    v2 = json.loads(ran.out)
    assert {"ecs_id", "ecs_name"} <= set(v2["members"][0]) and "timeout" in v2["vpc_health_config"]
    text = json.dumps(v2)
    assert not any(k in text for k in ('"vpc_instances"', '"instance_id"', '"instance_name"', '"time_out"'))
    back = run("convert", "--op", "vpc_channel.create", *V2_TO_V1, stdin=ran.out)
    assert back.code == 0 and json.loads(back.out) == sample  # back again it equals the original


def test_a_doc_sample_file_is_taken_as_it_is(tmp_path: Path) -> None:
    path = SAMPLES / "v1.0" / "vpc_channel.create.json"
    ran = run("convert", "--op", "vpc_channel.create", *V1_TO_V2, str(path))
    assert ran.code == 0 and "took request[0] of the doc sample file" in ran.err
    assert json.loads(ran.out)["name"] == _sample("v1.0", "vpc_channel.create")["name"]
    ran = run("convert", "--op", "vpc_channel.create", *V1_TO_V2, "--sample-index", "9", str(path))
    assert_one_line_error(ran, "holds 1 request bodies")
    ran = run("convert", "--op", "vpc_channel.create", *V1_TO_V2, stdin='{"errors": {}}')
    assert_one_line_error(ran, "holds no request body")


def test_the_shipped_examples_convert() -> None:
    for path in sorted(EXAMPLES.rglob("*.request.json")):
        version = path.parent.name
        op = path.name.removesuffix(".request.json")
        ran = run("convert", "--op", op, *(V1_TO_V2 if version == "v1.0" else V2_TO_V1), str(path))
        assert ran.code == 0, (path, ran.err)


def test_ip_members_have_no_v1_form() -> None:
    """The v2 docs' own VPC channel sample (IP members) is refused, naming the field and the reason."""
    ran = run(
        "convert",
        "--op",
        "vpc_channel.create",
        *V2_TO_V1,
        stdin=json.dumps(_sample("v2", "vpc_channel.create")),
    )
    assert_one_line_error(
        ran,
        "v1.0 vpc_channel.create would refuse",
        "vpc_instances[].instance_",
        "members[].host",
        "IP members",
    )


def test_what_is_dropped_is_noted() -> None:
    body = _sample("v2", "vpc_channel.create")
    body["members"] = [{"ecs_id": "i-1", "ecs_name": "n1", "weight": 2, "host": "10.0.0.1"}]
    body["member_type"] = "ecs"
    ran = run("convert", "--op", "vpc_channel.create", *V2_TO_V1, stdin=json.dumps(body))
    assert ran.code == 0 and "members[].host: dropped" in ran.err
    assert json.loads(ran.out)["vpc_instances"] == [
        {"instance_id": "i-1", "instance_name": "n1", "weight": 2}
    ]


def test_an_undocumented_field_is_dropped_with_a_note() -> None:
    body = {**_sample("v1.0", "vpc_channel.create"), "colour": "blue"}
    ran = run("convert", "--op", "vpc_channel.create", *V1_TO_V2, stdin=json.dumps(body))
    assert ran.code == 0 and "colour: unknown" in ran.err and "colour" not in ran.out


@pytest.mark.parametrize(
    "body",
    [
        {"action": "offline", "api_id": "abc", "env_id": "e1"},
        {"action": "offline", "api_id": "abc", "env_id": "e1", "remark": "r"},
    ],
)
def test_a_constant_that_does_not_hold_is_an_error(body: dict[str, str]) -> None:
    ran = run("convert", "--op", "api.publish", *V2_TO_V1, stdin=json.dumps(body))
    assert_one_line_error(ran, "action", "'offline'", "'online'")
    ran = run("convert", "--op", "api.offline", *V2_TO_V1, stdin=json.dumps({**body, "action": "online"}))
    assert_one_line_error(ran, "action", "'online'", "'offline'")


def test_what_a_body_cannot_carry_is_noted() -> None:
    ran = run("convert", "--op", "api.publish", *V1_TO_V2, stdin='{"env_id": "e1"}')
    assert ran.code == 0 and json.loads(ran.out) == {"env_id": "e1", "action": "online"}
    assert "api_id: needed" in ran.err and "path parameter api_id" in ran.err


def test_a_documented_default_fills_a_required_field() -> None:
    body = _sample("v1.0", "api.create")
    body.pop("req_protocol", None)
    ran = run("convert", "--op", "api.create", *V1_TO_V2, stdin=json.dumps(body))
    assert ran.code == 0 and json.loads(ran.out)["req_protocol"] == "HTTPS"
    assert "req_protocol: filled" in ran.err


BAD_BYTES: list[tuple[str, bytes, str]] = [
    ("utf-16 bom", b"\xff\xfe{}", "not UTF-8"),
    ("latin-1", '{"name": "caf\xe9"}'.encode("latin-1"), "not UTF-8"),
    ("lone surrogate", b'{"name": "\xed\xa0\x80"}', "not UTF-8"),
    ("nested 100000", b"[" * 100_000 + b"]" * 100_000, "nested deeper than 64"),
    ("nested 65", b'{"a":' * 65 + b"1" + b"}" * 65, "nested deeper than 64"),
    ("nested objects 2000", b'{"a":' * 2000 + b"1" + b"}" * 2000, "nested deeper than 64"),
    ("a long list", json.dumps({"vpc_instances": [{}] * 1001}).encode(), "vpc_instances: 1001 items"),
    ("not json", b"{bad", "invalid JSON at line 1"),
    ("trailing data", b"{}{}", "invalid JSON"),
    ("nan", b'{"port": NaN}', "invalid JSON"),
    ("huge number", b'{"port": ' + b"9" * 5000 + b"}", "invalid JSON"),
    ("too large", b'{"name": "' + b"x" * (12 * 1024 * 1024) + b'"}', "the limit is"),
    ("a bare string", b'"vpc"', "JSON object"),
]


@pytest.mark.parametrize(("label", "raw", "message"), BAD_BYTES, ids=[b[0] for b in BAD_BYTES])
def test_any_bad_input_file_is_a_one_line_error(tmp_path: Path, label: str, raw: bytes, message: str) -> None:
    source = tmp_path / "body.json"
    source.write_bytes(raw)
    assert_one_line_error(run("convert", "--op", "vpc_channel.create", *V1_TO_V2, str(source)), message)
    assert_one_line_error(run("convert", "--op", "vpc_channel.create", *V1_TO_V2, stdin=raw), message)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--op", "vpc_channel.fly"], "{}", "vpc_channel.fly"),
        (["--op", "marketplace.purchased_api.list"], "{}", "no v2 counterpart"),
        (["--op", "vpc_channel.create"], '{"name": 5, "type": 2}', "name:"),
        (["--op", "vpc_channel.create"], "[]", "Input should be a JSON object"),
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
def test_invalid_bodies_name_the_field(args: list[str], stdin: str, message: str) -> None:
    ran = run("convert", *args, *V1_TO_V2, stdin=stdin)
    assert_one_line_error(ran, message)
    assert "V1Request" not in ran.err and "V2Request" not in ran.err  # no internal model class names


def test_a_missing_or_unreadable_file_is_a_one_line_error(tmp_path: Path) -> None:
    assert_one_line_error(
        run("convert", "--op", "vpc_channel.create", *V1_TO_V2, str(tmp_path / "none.json"))
    )
    assert_one_line_error(run("convert", "--op", "vpc_channel.create", *V1_TO_V2, str(tmp_path)))


def test_an_apis_vpc_channel_converts_both_ways() -> None:
    """v1.0 ``backend_api.vpc_info`` (object, or a bare channel id) <-> v2 ``vpc_channel_info``."""
    backend = {"req_protocol": "HTTP", "req_method": "GET", "req_uri": "/b", "timeout": 5000, "vpc_status": 1}
    api = {
        "group_id": "g" * 32,
        "name": "vpc_backed",
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": "/vpc",
        "auth_type": "NONE",
        "backend_type": "HTTP",
        "backend_api": {**backend, "vpc_info": {"vpc_id": "c" * 32, "vpc_proxy_host": "b.internal"}},
    }
    ran = run("convert", "--op", "api.create", *V1_TO_V2, stdin=json.dumps(api))
    assert ran.code == 0, ran.err
    info = {"vpc_channel_id": "c" * 32, "vpc_channel_proxy_host": "b.internal"}
    assert json.loads(ran.out)["backend_api"]["vpc_channel_info"] == info
    bare = {**api, "backend_api": {**backend, "vpc_info": "c" * 32}}
    ran = run("convert", "--op", "api.create", *V1_TO_V2, stdin=json.dumps(bare))
    assert ran.code == 0, ran.err
    assert json.loads(ran.out)["backend_api"]["vpc_channel_info"] == {"vpc_channel_id": "c" * 32}
    v2_backend = {k: v for k, v in backend.items() if k != "vpc_status"}
    v2_answer = {
        "id": "a" * 32,
        "backend_api": {
            **v2_backend,
            "vpc_channel_status": 1,
            "vpc_channel_info": {**info, "vpc_channel_port": 80, "ecs_id": "e", "cascade_flag": False},
        },
    }
    response = ("--direction", "v2-to-v1", "--part", "response")
    back = run("convert", "--op", "api.get", *response, stdin=json.dumps(v2_answer))
    assert back.code == 0, back.err
    got = json.loads(back.out)["backend_api"]
    assert got["vpc_info"] == {"vpc_id": "c" * 32, "vpc_proxy_host": "b.internal"} and got["vpc_status"] == 1


def test_a_value_valid_on_the_source_side_only_is_noted_never_shown() -> None:
    key = "9f3kq8zx7w"  # v1.0 takes a signature key starting with a digit; v2 wants a letter first
    body = {"name": "sig_one", "sign_key": key, "sign_secret": "Abcdefghijklmnop1"}
    ran = run("convert", "--op", "signature.create", *V1_TO_V2, stdin=json.dumps(body))
    assert ran.code == 0, ran.err
    assert json.loads(ran.out)["sign_key"] == key  # the body is not fixed silently
    notes = [line for line in ran.err.splitlines() if "stricter" in line]
    assert len(notes) == 1 and notes[0].startswith(
        "note: sign_key: stricter (v2 will refuse it: breaks the rule"
    )
    assert "字母开头" in notes[0]  # the docs' sentence
    assert key not in ran.err
