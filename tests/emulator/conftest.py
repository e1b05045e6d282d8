"""Emulator servers on loopback sockets (uvicorn on a background thread, stopped after use)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from translator.emulator.app import Emulator
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running

AK = "EMULATORTESTACCESSKEY"
SK = "emulator-test-secret-key-0123456789"
TOKEN = "emulator-test-token"


@pytest.fixture(scope="module")
def v2_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Emulator]]:
    db = tmp_path_factory.mktemp("v2") / "v2.db"
    cfg = EmulatorConfig(api="v2", port=0, db=str(db), ak=AK, sk=SK, seed=1)
    with running(cfg) as served:
        yield served


@pytest.fixture(scope="module")
def v1_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Emulator]]:
    db = tmp_path_factory.mktemp("v1") / "v1.db"
    cfg = EmulatorConfig(api="v1.0", port=0, db=str(db), token=TOKEN, ak=AK, sk=SK)
    with running(cfg) as served:
        yield served


def db_file(tmp_path: Path, name: str = "emu.db") -> str:
    return str(tmp_path / name)
