"""Run the shim: in the foreground with uvicorn (the CLI, one or several workers) or on a
background thread (tests, the bench).

Several workers each build their own app from the same settings (passed to them in the
environment as JSON): the shim keeps no state, so they answer alike.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from translator.shim.app import ShimApp, create_app
from translator.shim.config import ShimConfig

CONFIG_ENV = "APIG_SHIM_CONFIG"
"""The settings handed to each worker process (JSON; read by :func:`factory`)."""


YOUNG_COLLECTION_EVERY = 10_000
"""Allocations between two young garbage collections (Python's default: 700)."""


def settle_heap() -> None:
    """Tune the garbage collector for a serving process (call it once the app is built).

    What start-up loaded (spec, tables, routes: ~80,000 objects) is moved out of the collector's
    sight (``gc.freeze``), so full collections no longer walk it, and young collections run every
    ``YOUNG_COLLECTION_EVERY`` allocations: a request's objects are mostly freed by reference
    counting before a collection looks at them. Under load this measured 15-25 % less CPU per
    request (``bench/shim.py``); a process serving the shim only, never a library's caller.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, older, oldest)


def _dump(config: ShimConfig) -> str:
    return json.dumps({**dataclasses.asdict(config), "caller_keys": dict(config.caller_keys)})


def factory() -> ShimApp:
    """The app of the settings in ``$APIG_SHIM_CONFIG`` (uvicorn's factory for its workers)."""
    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        raise RuntimeError(f"{CONFIG_ENV} is not set")
    _logging()
    app = create_app(ShimConfig(**json.loads(raw)))
    settle_heap()
    return app


def _logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("translator.shim.access")
    if not access.handlers:
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False


def serve(config: ShimConfig) -> None:
    """Serve ``config`` with uvicorn until interrupted."""
    creds = "its own credentials" if config.credentials is not None else "no credentials"
    print(
        f"apig shim: v1.0 on http://{config.host}:{config.port} -> v2 {config.backend} "
        f"({config.workers} worker(s), {creds}, id map {config.id_map or 'none'})",
        file=sys.stderr,
    )
    if config.workers == 1:
        _logging()
        app = create_app(config)
        settle_heap()
        uvicorn.run(app, host=config.host, port=config.port, log_level="warning", access_log=False)
        return
    os.environ[CONFIG_ENV] = _dump(config)
    uvicorn.run(
        "translator.shim.serve:factory",
        factory=True,
        host=config.host,
        port=config.port,
        workers=config.workers,
        log_level="warning",
        access_log=False,
    )


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running(config: ShimConfig, startup_timeout: float = 10.0) -> Iterator[str]:
    """Serve ``config`` on a background thread; yields the base URL. ``port=0`` picks a free port.
    The server is stopped on exit."""
    if config.port == 0:
        config = dataclasses.replace(config, port=free_port(config.host))
    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(app, host=config.host, port=config.port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name="apig-shim", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(timeout=startup_timeout)
            raise RuntimeError(f"shim did not start on {config.host}:{config.port}")
        time.sleep(0.01)
    try:
        yield f"http://{config.host}:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout)
