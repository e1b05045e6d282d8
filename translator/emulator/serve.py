"""Run an emulator: in the foreground (the CLI) or on a background thread (tests, rehearsals)."""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import uvicorn

from translator.emulator.app import Emulator, build, create_app
from translator.emulator.config import EmulatorConfig


def _announce(emu: Emulator) -> None:
    cfg = emu.config
    print(f"apig emulator {cfg.api}: database {emu.db_path}", file=sys.stderr)
    if cfg.open:
        print("apig emulator: no --token or --ak/--sk given: accepting ANY caller", file=sys.stderr)
    if emu.faults.spec.enabled:
        print(f"apig emulator: faults {emu.faults.spec}", file=sys.stderr)


def serve(config: EmulatorConfig) -> None:
    """Serve ``config`` with uvicorn until interrupted."""
    emu = build(config)
    _announce(emu)
    app = create_app(config, emu)
    try:
        uvicorn.run(app, host=config.host, port=config.port, log_level="warning", access_log=False)
    finally:
        emu.store.close()


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running(config: EmulatorConfig, startup_timeout: float = 10.0) -> Iterator[tuple[str, Emulator]]:
    """Serve ``config`` on a background thread; yields the base URL and the emulator state.

    ``port=0`` picks a free port. The server is stopped (and the store closed) on exit.
    """
    if config.port == 0:
        config = replace(config, port=_free_port(config.host))
    emu = build(config)
    app = create_app(config, emu)
    server = uvicorn.Server(
        uvicorn.Config(app, host=config.host, port=config.port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name=f"emulator-{config.api}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(timeout=startup_timeout)
            emu.store.close()
            raise RuntimeError(f"emulator {config.api} did not start on {config.host}:{config.port}")
        time.sleep(0.01)
    try:
        yield f"http://{config.host}:{config.port}", emu
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        emu.store.close()
