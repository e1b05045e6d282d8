"""The shim over a v2 emulator, in process: the shim's upstream reaches the emulator through
``httpx.ASGITransport`` (no sockets); tests call the shim with Starlette's ``TestClient``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from translator.emulator.app import Emulator
from translator.emulator.app import create_app as emulator_app
from translator.emulator.config import DEFAULT_INSTANCE_ID, DEFAULT_PROJECT_ID, EmulatorConfig
from translator.shim.app import create_app
from translator.shim.config import ShimConfig

BACKEND = "http://backend.test"


@dataclass
class Pair:
    client: TestClient
    emu: Emulator
    config: ShimConfig


def shim_config(**kw: Any) -> ShimConfig:
    base: dict[str, Any] = {
        "backend": BACKEND,
        "project_id": DEFAULT_PROJECT_ID,
        "instance_id": DEFAULT_INSTANCE_ID,
        "access_log": False,
    }
    return ShimConfig(**{**base, **kw})


MakePair = Callable[..., Pair]


@pytest.fixture
def make_pair(tmp_path: Path) -> Iterator[MakePair]:
    """Build a shim over a fresh v2 emulator: ``make_pair(emulator=dict(...), shim=dict(...))``."""
    opened: list[TestClient] = []
    stores: list[Emulator] = []

    def make(emulator: dict[str, Any] | None = None, shim: dict[str, Any] | None = None) -> Pair:
        cfg = EmulatorConfig(api="v2", db=str(tmp_path / f"v2-{len(opened)}.db"), seed=1, **(emulator or {}))
        app = emulator_app(cfg)
        config = shim_config(**(shim or {}))
        client = TestClient(
            create_app(config, transport=httpx.ASGITransport(app=app)), raise_server_exceptions=False
        )
        client.__enter__()
        opened.append(client)
        stores.append(app.state.emulator)
        return Pair(client, app.state.emulator, config)

    yield make
    for client in opened:
        client.__exit__(None, None, None)
    for emu in stores:
        emu.store.close()


@pytest.fixture
def pair(make_pair: MakePair) -> Pair:
    return make_pair()
