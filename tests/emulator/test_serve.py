"""Serving: the listening socket first (errors before anything else), the announcement, and an
emulator that removes what it created for itself."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import httpx
import pytest

from translator.emulator import app as app_module
from translator.emulator.app import build
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import ListenError, announce, listen, running
from translator.emulator.store_errors import StoreError


def test_listen_names_what_is_wrong() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(ListenError, match=f"cannot listen on 127.0.0.1:{port}"):
            listen("127.0.0.1", port)
    with pytest.raises(ListenError, match="cannot resolve host"):
        listen("no-such-host.invalid", 0)
    sock = listen("127.0.0.1", 0)
    try:
        assert sock.getsockname()[1] != 0
    finally:
        sock.close()


def test_a_temporary_database_goes_with_the_emulator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    emu = build(EmulatorConfig(api="v1.0"))
    assert emu.owned_dir is not None and Path(emu.db_path).parent == Path(emu.owned_dir)
    emu.store.create(emu.registry.resources["env"].kind, {"id": "e" * 32, "name": "env_x"})
    assert os.listdir(tmp_path) == [os.path.basename(emu.owned_dir)]
    emu.close()
    emu.close()  # idempotent
    assert os.listdir(tmp_path) == []


def test_a_failed_start_leaves_no_temporary_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("broken disk")

    monkeypatch.setattr(app_module, "Store", broken)
    with pytest.raises(StoreError):
        build(EmulatorConfig(api="v2"))
    with pytest.raises(ValueError, match="unknown resource"):
        build(EmulatorConfig(api="v2", quotas={"nothing": 1}))
    assert os.listdir(tmp_path) == []


def test_a_given_database_is_kept_without_its_wal_files(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    with running(EmulatorConfig(api="v1.0", port=0, db=str(db))) as (url, emu):
        assert emu.owned_dir is None
        assert httpx.post(url + "/v1.0/apigw/envs", json={"name": "env_kept"}, timeout=10).status_code == 201
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.db"]


def test_the_announcement_says_where_and_what() -> None:
    with running(EmulatorConfig(api="v2", port=0, project_id="p" * 32, token="SECRET-TOKEN")) as (url, emu):
        lines = announce(emu, url)
        assert lines[0] == f"apig emulator v2 listening on {url}" and not url.endswith(":0")
        text = "\n".join(lines)
        assert f"project id {'p' * 32}, instance id {emu.config.instance_id}" in text
        assert f"{url}/v2/{'p' * 32}/apigw/instances/{emu.config.instance_id}/" in text
        assert (
            "temporary, removed on exit" in text and "X-Auth-Token" in text and "T" * 1 not in lines[-2][-3:]
        )
    with running(EmulatorConfig(api="v1.0", port=0)) as (url, emu):
        text = "\n".join(announce(emu, url))
        assert "project id" not in text and f"{url}/v1.0/apigw/" in text and "ANY" in text


def test_running_refuses_a_bad_database_before_serving(tmp_path: Path) -> None:
    notdb = tmp_path / "x.db"
    notdb.write_bytes(b"\x00" * 4096 + b"not sqlite")
    with pytest.raises(StoreError, match=r"x\.db"), running(EmulatorConfig(api="v2", port=0, db=str(notdb))):
        pass
    with (
        pytest.raises(StoreError, match="cannot open"),
        running(EmulatorConfig(api="v2", port=0, db=str(tmp_path / "no" / "dir" / "x.db"))),
    ):
        pass
