"""``emulator``: usage errors for bad flags, secrets from the environment and files, and a real
process that says where it listens and leaves nothing behind when stopped (SIGTERM or SIGINT)."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers.cli import assert_usage_error, run

from translator.emulator.config import EmulatorConfig

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EmulatorConfig]]:
    """Capture the configs the command would serve, serving nothing."""
    seen: list[EmulatorConfig] = []
    monkeypatch.setattr("translator.emulator.serve.serve", seen.append)
    yield seen


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--port", "http"], "--port"),
        (["--db", "/nonexistent/dir/x.db", "--port", "0"], "--db"),
        (["--faults", "latency_ms=1e8", "--port", "0"], "latency_ms"),
        (["--faults", "retry_after=100000", "--port", "0"], "retry_after"),
        (["--faults", "rate=2", "--port", "0"], "rate"),
        (["--quota", "vpc_channel=lots", "--port", "0"], "--quota"),
        (["--quota", "nothing=3", "--port", "0"], "unknown resource"),
        (["--host", "no-such-host.invalid", "--port", "0"], "--host"),
        (["--ak", "AK", "--port", "0"], "--ak and --sk go together"),
        (["--seed", "-3"], "--seed"),
        (["--max-body-bytes", "10"], "--max-body-bytes"),
        (["--sk", "S", "--sk-file", "/nonexistent/sk", "--ak", "A"], "not both"),
        (["--sk-file", "/nonexistent/sk", "--ak", "A"], "--sk-file"),
        (["--credentials-file", "/nonexistent/credentials"], "--credentials-file"),
    ],
)
def test_bad_flags_are_usage_errors(args: list[str], message: str) -> None:
    assert_usage_error(run("emulator", "--api", "v2", *args), message)


def test_a_database_that_is_not_sqlite_is_a_usage_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("hello, not a database\n" * 100, encoding="utf-8")
    assert_usage_error(
        run("emulator", "--api", "v1.0", "--port", "0", "--db", str(text)), "--db", "not a database"
    )
    assert text.read_text(encoding="utf-8").startswith("hello")  # left as it was
    assert_usage_error(run("emulator", "--api", "v1.0", "--port", "0", "--db", str(tmp_path)), "--db")


def test_a_port_in_use_is_a_usage_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert_usage_error(run("emulator", "--api", "v2", "--port", str(port)), "--port", str(port))


def test_secrets_come_from_the_environment(served: list[EmulatorConfig]) -> None:
    env = {"HUAWEICLOUD_SDK_AK": "AK1", "HUAWEICLOUD_SDK_SK": "SK1", "APIG_TOKEN": "T1"}
    ran = run("emulator", "--api", "v2", env=env)
    assert ran.code == 0, ran.err
    assert (served[0].ak, served[0].sk, served[0].token) == ("AK1", "SK1", "T1")
    assert "visible" not in ran.err
    run("emulator", "--api", "v2", env={**env, "APIG_EMULATOR_SK": "SK2"})
    assert served[1].sk == "SK2"  # the emulator's own variable first


def test_secrets_come_from_files(served: list[EmulatorConfig], tmp_path: Path) -> None:
    sk, token = tmp_path / "sk", tmp_path / "token"
    sk.write_text("SK-FROM-FILE\n", encoding="utf-8")
    token.write_text("TOKEN-FROM-FILE", encoding="utf-8")
    ran = run("emulator", "--api", "v1.0", "--ak", "A", "--sk-file", str(sk), "--token-file", str(token))
    assert ran.code == 0, ran.err
    assert (served[0].sk, served[0].token) == ("SK-FROM-FILE", "TOKEN-FROM-FILE")
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    assert_usage_error(run("emulator", "--api", "v1.0", "--token-file", str(empty)), "--token-file")


def test_secrets_come_from_an_sdk_credentials_file(served: list[EmulatorConfig], tmp_path: Path) -> None:
    profile = tmp_path / "credentials"
    profile.write_text("[basic]\nak = AK3\nsk = SK3\nproject_id = p3\n", encoding="utf-8")
    ran = run(
        "emulator", "--api", "v2", "--credentials-file", str(profile), env={"HUAWEICLOUD_SDK_SK": "ENV"}
    )
    assert ran.code == 0, ran.err
    assert (served[0].ak, served[0].sk, served[0].project_id) == ("AK3", "SK3", "p3")  # a file wins over env
    run("emulator", "--api", "v2", "--credentials-file", str(profile), "--sk", "CLI")
    assert served[1].sk == "CLI"  # the command line wins over a file
    bad = tmp_path / "bad"
    bad.write_text("ak = AK3\n", encoding="utf-8")
    assert_usage_error(run("emulator", "--api", "v2", "--credentials-file", str(bad)), "--credentials-file")


def test_a_secret_on_the_command_line_gets_a_warning(served: list[EmulatorConfig]) -> None:
    ran = run("emulator", "--api", "v2", "--ak", "A", "--sk", "S3CR3T")
    assert ran.code == 0 and "--sk on the command line is visible" in ran.err and "S3CR3T" not in ran.err


def test_help_names_the_environment_variables() -> None:
    text = " ".join(run("emulator", "--help").out.split())
    for name in ("APIG_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "APIG_EMULATOR_SK", "--sk-file"):
        assert name in text


def _start(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], list[str]]:
    """Start ``emulator ARGS`` and read its announcement (up to its last line)."""
    command = [sys.executable, "-m", "translator.cli", "emulator", *args]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: select() sees every line the process writes
        env={**os.environ, **(env or {})},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    while not lines or "stop it with" not in lines[-1]:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        line = proc.stdout.readline().decode("utf-8") if ready else ""
        if not line:
            proc.kill()
            proc.communicate(timeout=30)
            pytest.fail(f"the emulator did not announce itself within 30 s: {lines}")
        lines.append(line)
    return proc, lines


def _stop(proc: subprocess.Popen[bytes], sig: int) -> tuple[int, str, str]:
    proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=30)
    return proc.returncode, out.decode("utf-8"), err.decode("utf-8")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_emulator_leaves_nothing_behind(tmp_path: Path, sig: int) -> None:
    proc, lines = _start("--api", "v2", "--port", "0", env={"TMPDIR": str(tmp_path)})
    first = lines[0]
    try:
        assert first.startswith("apig emulator v2 listening on http://127.0.0.1:"), first
        url = first.split()[-1]
        assert not url.endswith(":0")
        created = [p for p in os.listdir(tmp_path) if p.startswith("apig-emulator-v2-")]
        assert len(created) == 1
        r = httpx.get(url + "/openapi.json", timeout=10)
        assert r.status_code == 200
    finally:
        code, _, err = _stop(proc, sig)
    assert code == 0, err
    assert os.listdir(tmp_path) == [] and "Traceback" not in err
    assert "project id 0123456789abcdef0123456789abcdef, instance id" in lines[1]


def test_a_kept_database_has_no_wal_files_after_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "tenant.db"
    proc, lines = _start("--api", "v1.0", "--port", "0", "--db", str(db))
    try:
        url = lines[0].split()[-1]
        r = httpx.post(url + "/v1.0/apigw/envs", json={"name": "env_kept"}, timeout=10)
        assert r.status_code == 201, r.text
        assert {p.name for p in tmp_path.iterdir()} >= {"tenant.db", "tenant.db-wal"}
    finally:
        code, _, err = _stop(proc, signal.SIGTERM)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tenant.db"]  # git status shows nothing new


def test_a_refused_start_leaves_nothing_behind(tmp_path: Path) -> None:
    env = {"TMPDIR": str(tmp_path)}
    for args in (["--quota", "nothing=3"], ["--port", "0", "--host", "no-such-host.invalid"]):
        done = subprocess.run(
            [sys.executable, "-m", "translator.cli", "emulator", "--api", "v2", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, **env},
        )
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert os.listdir(tmp_path) == []
