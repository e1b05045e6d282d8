"""Emulators served to the API client in process (``httpx.ASGITransport``: no sockets), with a
transport that records every request the client sent."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from translator.emulator.app import Emulator, create_app
from translator.emulator.config import EmulatorConfig
from translator.spec.routes import match
from translator.types import Version

AK = "CLIENTTESTACCESSKEY"
SK = "client-test-secret-key-0123456789"
TOKEN = "client-test-token"
BASE = "http://emulator.test"


class Recording(httpx.AsyncBaseTransport):
    """A transport passing each request on to ``inner`` and keeping it (with its body)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def ops(self, version: Version) -> set[str]:
        """The operations the recorded requests reached (by method and raw path)."""
        return {
            match(version, r.method, r.url.raw_path.decode().split("?", 1)[0])[0].id for r in self.requests
        }


@dataclass
class Served:
    """One in-process emulator: its app, state and the recording transport in front of it."""

    app: Starlette
    emu: Emulator
    transport: Recording

    @property
    def config(self) -> EmulatorConfig:
        return self.emu.config

    def client_kwargs(self) -> dict[str, Any]:
        """``ApiClient`` keyword arguments reaching this emulator (v2: its project and instance)."""
        return {
            "project_id": self.config.project_id,
            "instance_id": self.config.instance_id,
            "transport": self.transport,
        }


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """``serve(version, **config)``: an emulator app on its own database, closed after the test."""
    made: list[Served] = []

    def make(version: Version, **config: Any) -> Served:
        cfg = EmulatorConfig(api=version, db=str(tmp_path / f"emu{len(made)}.db"), **config)
        app = create_app(cfg)
        served = Served(app, app.state.emulator, Recording(httpx.ASGITransport(app=app)))
        made.append(served)
        return served

    yield make
    for served in made:
        served.emu.close()
