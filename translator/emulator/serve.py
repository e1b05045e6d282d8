"""Run an emulator: in the foreground (the CLI) or on a background thread (tests, rehearsals).

The listening socket is bound first (``--port 0`` picks a free port, then announced), so a port in
use or a host that does not resolve is a ``ListenError`` before anything else happens. The server
stops on SIGTERM as on SIGINT, and returns: the store is closed (SQLite then removes its ``-wal``
and ``-shm`` files) and a temporary database is removed, so a stopped emulator leaves nothing
behind (short of ``kill -9``).
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import uvicorn

from translator.emulator.app import Emulator, build, create_app
from translator.emulator.config import EmulatorConfig
from translator.spec import load_spec

BACKLOG = 2048
MAX_HEADER_BYTES = 64 * 1024
"""The largest request head (request line and headers) taken; more is refused by the server."""


class ListenError(ValueError):
    """The emulator cannot listen where it was told to (host unknown, port taken or not allowed)."""


def listen(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host``:``port`` (0: a free port), or a ``ListenError``."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ListenError(f"cannot resolve host {host!r}: {exc}") from None
    except OverflowError:
        raise ListenError(f"port {port} is not 0..65535") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)  # connections wait from now on, so the announcement is true at once
    except OSError as exc:
        sock.close()
        raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class _Server(uvicorn.Server):
    """uvicorn's server, stopping on SIGTERM exactly as on SIGINT and then returning.

    uvicorn re-raises the signal once it has stopped, which for SIGTERM ends the process before the
    caller can close the store; this server does not, so the caller's cleanup runs.
    """

    @contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


def _uvicorn_config(app: Any) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http="h11",  # takes any method token (TRACE, CONNECT, made-up ones), so the app answers them
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        log_level="warning",
        access_log=False,
    )


def announce(emu: Emulator, url: str) -> list[str]:
    """What the emulator tells its user at start: where it listens and what it serves."""
    cfg = emu.config
    lines = [f"apig emulator {cfg.api} listening on {url}"]
    prefix = load_spec(cfg.api).prefix
    if cfg.api == "v2":
        lines.append(f"  project id {cfg.project_id}, instance id {cfg.instance_id}")
        prefix = prefix.replace("{project_id}", cfg.project_id).replace("{instance_id}", cfg.instance_id)
    lines.append(f"  API at {url}{prefix}/..., OpenAPI document at {url}/openapi.json")
    where = "temporary, removed on exit" if emu.owned_dir else "kept"
    lines.append(f"  database {emu.db_path} ({where})")
    auth = [name for name, value in (("X-Auth-Token", cfg.token), ("AK/SK", cfg.ak)) if value]
    lines.append(f"  callers: {' or '.join(auth) if auth else 'ANY (no --token or --ak/--sk given)'}")
    if emu.faults.spec.enabled:
        lines.append(f"  faults {emu.faults.spec}")
    lines.append(f"  request bodies up to {cfg.limits.max_bytes} bytes; stop it with Ctrl-C or SIGTERM")
    return lines


def serve(config: EmulatorConfig) -> None:
    """Serve ``config`` with uvicorn until SIGINT or SIGTERM, then clean up and return.

    Raises ``ListenError`` (host, port), ``StoreError`` (the database) or ``ValueError`` (other
    settings) before serving anything.
    """
    sock = listen(config.host, config.port)
    try:
        config = replace(config, port=sock.getsockname()[1])
        emu = build(config)
    except BaseException:
        sock.close()
        raise
    try:
        for line in announce(emu, base_url(config.host, config.port)):
            print(line, flush=True)
        if config.open:
            print("apig emulator: accepting ANY caller (give --token or --ak/--sk)", file=sys.stderr)
        _Server(_uvicorn_config(create_app(config, emu))).run(sockets=[sock])
    finally:
        emu.close()
        sock.close()


@contextmanager
def running(config: EmulatorConfig, startup_timeout: float = 10.0) -> Iterator[tuple[str, Emulator]]:
    """Serve ``config`` on a background thread; yields the base URL and the emulator state.

    ``port=0`` picks a free port. The server is stopped (and the emulator closed) on exit.
    """
    sock = listen(config.host, config.port)
    try:
        config = replace(config, port=sock.getsockname()[1])
        emu = build(config)
    except BaseException:
        sock.close()
        raise
    server = uvicorn.Server(_uvicorn_config(create_app(config, emu)))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"emulator-{config.api}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout
    try:
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"emulator {config.api} did not start on {config.host}:{config.port}")
            time.sleep(0.01)
        yield base_url(config.host, config.port), emu
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
        emu.close()
        sock.close()
