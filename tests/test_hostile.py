"""End to end: hostile input of every kind to ``convert``, ``route``, the ``emulator`` flags and both
emulators (bodies, methods, control endpoint). Never a traceback: exit status 2 with one line (or
click's usage error), or a 4xx error body in the version's dialect, and nothing stored changes."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from helpers.cli import assert_one_line_error, assert_usage_error, run

from translator.core.apierrors import ApiError, body_keys
from translator.emulator.app import FAULTS_PATH, Emulator
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.types import Version

MIB = 1024 * 1024
TOKEN = "hostile-test-token"

BODIES: list[tuple[str, bytes]] = [
    ("utf-16 with bom", b"\xff\xfe{\x00}\x00"),
    ("latin-1", '{"name": "café"}'.encode("latin-1")),
    ("overlong utf-8", b'{"name": "\xc0\xaf"}'),
    ("lone surrogate", b'{"name": "\xed\xa0\x80"}'),
    ("nul bytes", b'{"name": "a\x00b"}\x00'),
    ("nested arrays 100000", b"[" * 100_000 + b"]" * 100_000),
    ("nested objects 100000", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    ("nested 65", b'{"name": ' + b"[" * 65 + b"]" * 65 + b"}"),
    ("list of 100000", orjson.dumps({"name": "x_list", "vpc_instances": [{}] * 100_000})),
    ("13 MiB", b'{"name": "x_big", "remark": "' + b"x" * (13 * MIB) + b'"}'),
    ("truncated", b'{"name": "x'),
    ("trailing garbage", b'{"name": "x_t"} garbage'),
    ("nan", b'{"name": "x_nan", "port": NaN}'),
    ("huge integer", b'{"name": "x_int", "port": ' + b"9" * 10_000 + b"}"),
    ("a bare string", b'"x"'),
    ("a bare number", b"42"),
]


@pytest.mark.parametrize(("label", "raw"), BODIES, ids=[b[0] for b in BODIES])
def test_convert_refuses_hostile_bodies(tmp_path: Path, label: str, raw: bytes) -> None:
    source = tmp_path / "hostile.json"
    source.write_bytes(raw)
    for direction, op in (("v1-to-v2", "vpc_channel.create"), ("v2-to-v1", "api.create")):
        args = ("convert", "--op", op, "--direction", direction, "--part", "request")
        assert_one_line_error(run(*args, str(source)))
        assert_one_line_error(run(*args, stdin=raw))


REQUEST_LINES = [
    "GET /foo",
    "GET " + "/v1.0/apigw/" + "a/" * 50_000,
    "GET    ",
    "GET /v1.0/apigw/../../etc/passwd",
    "TRACE /v1.0/apigw/apis",
    "CONNECT /v2/p/apigw/instances/i/apis",
    "GET /v1.0/apigw/vpc-channels?page_no=" + "9" * 5000,
    "GET /v1.0/apigw/vpc-channels?page_no=9223372036854775807&page_size=500",
    "GET /v2/p/apigw/instances/i/vpc-channels?offset=" + "9" * 100,
    "GET /v1.0/apigw/vpc-channels?page_size=-1",
    "",
]


@pytest.mark.parametrize("line", REQUEST_LINES, ids=range(len(REQUEST_LINES)))
def test_route_refuses_hostile_request_lines(line: str) -> None:
    assert_one_line_error(run("route", line, "--project-id", "P", "--instance-id", "I"))


@pytest.mark.parametrize(("label", "raw"), BODIES[:8], ids=[b[0] for b in BODIES[:8]])
def test_route_refuses_hostile_bodies(label: str, raw: bytes) -> None:
    ran = run(
        "route",
        "POST /v1.0/apigw/vpc-channels",
        "--project-id",
        "P",
        "--instance-id",
        "I",
        "--body",
        "-",
        stdin=raw,
    )
    assert_one_line_error(ran)


FLAGS = [
    ["--port", "70000"],
    ["--port", "99999999999999999999999"],
    ["--db", "/nonexistent/dir/x.db", "--port", "0"],
    ["--faults", "latency_ms=1e8", "--port", "0"],
    ["--faults", "status=200", "--port", "0"],
    ["--quota", "vpc_channel=-1", "--port", "0"],
    ["--host", "999.999.999.999", "--port", "0"],
    ["--max-body-bytes", "0"],
    ["--seed", "x"],
]


@pytest.mark.parametrize("flags", FLAGS, ids=[" ".join(f) for f in FLAGS])
def test_emulator_refuses_hostile_flags(flags: list[str]) -> None:
    assert_usage_error(run("emulator", "--api", "v2", *flags))


def test_emulator_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    for content in (b"\xff" * 5000, b"SQLite format 3\x00" + b"\x00" * 200, b"[]"):
        db = tmp_path / "x.db"
        db.write_bytes(content)
        assert_usage_error(run("emulator", "--api", "v1.0", "--port", "0", "--db", str(db)), "--db")
        assert db.read_bytes() == content


@pytest.fixture(scope="module", params=["v1.0", "v2"])
def emulator(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, Emulator]]:
    version: Version = request.param
    db = tmp_path_factory.mktemp("hostile") / "emu.db"
    with running(EmulatorConfig(api=version, port=0, db=str(db), token=TOKEN, seed=9)) as (url, emu):
        cfg = emu.config
        prefix = (
            "/v1.0/apigw" if version == "v1.0" else f"/v2/{cfg.project_id}/apigw/instances/{cfg.instance_id}"
        )
        yield url, prefix, emu


def _stored(emu: Emulator) -> list[tuple[str, str, bytes]]:
    with sqlite3.connect(f"file:{emu.db_path}?mode=ro", uri=True) as conn:
        return list(conn.execute("SELECT kind, id, doc FROM docs ORDER BY seq"))


def _in_dialect(r: httpx.Response, version: Version) -> None:
    """A 4xx error body as ``version`` answers: the error table's keys, a code of its own."""
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    assert r.headers["content-type"] == "application/json" and "Traceback" not in r.text
    body = r.json()
    assert set(body) == set(body_keys())
    code = body[body_keys()[0]]
    assert re.fullmatch(r"APIG\.\d{4}", code)
    assert ApiError(code, body[body_keys()[1]], r.status_code).render(version)[1][body_keys()[0]] == code


CREATES = ["/envs", "/vpc-channels", "/apis", "/apps", "/throttles"]
METHODS = ["TRACE", "CONNECT", "PURGE", "FOO", "PATCH"]


def test_emulators_refuse_hostile_input_and_store_nothing(emulator: tuple[str, str, Emulator]) -> None:
    url, prefix, emu = emulator
    version = emu.config.api
    before = _stored(emu)
    headers = {"X-Auth-Token": TOKEN, "Content-Type": "application/json"}
    with httpx.Client(base_url=url, timeout=60) as client:
        for _, raw in BODIES:
            for path in CREATES:
                _in_dialect(client.post(prefix + path, content=raw, headers=headers), version)
        for method in METHODS:
            for path in [*CREATES, "/nothing", "/envs/" + "e" * 32]:
                _in_dialect(client.request(method, prefix + path, headers=headers), version)
        for path in ("/envs", "/../../etc/passwd", "/%2e%2e/envs", "/envs?name=" + "x" * 5000):
            r = client.get(prefix + path)  # no token
            _in_dialect(r, version)
        for spec in (b"rate=1", b"latency_ms=1e8"):  # the control endpoint without credentials, then bounded
            _in_dialect(client.put(FAULTS_PATH, content=spec), version)
            _in_dialect(client.put(FAULTS_PATH, content=b"latency_ms=1e8", headers=headers), version)
        _in_dialect(client.put(FAULTS_PATH, content=b"rate=1" + b" " * 10_000, headers=headers), version)
        _in_dialect(client.request("TRACE", FAULTS_PATH, headers=headers), version)
        _in_dialect(client.post("/openapi.json", headers=headers), version)
    assert str(emu.faults.spec) == "off"
    assert _stored(emu) == before
