"""The shim's settings: flags and a TOML file carry the same keys; flags win.

A TOML file holds the flags' names with ``_`` for ``-`` (``backend = "http://..."``,
``project_id = "..."``, ``max_body = 1048576``) and, for the callers it accepts, a table of access
keys (``[caller_keys]`` ``AK = "SK"``). Secrets are never shown by ``repr``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from translator.core.credentials import Credentials
from translator.redact import MASK

DEFAULT_MAX_BODY = 4 * 1024 * 1024
"""The largest request body accepted (bytes); the v1.0 Swagger import is the largest legacy body."""
_SECRET_KEYS = frozenset({"backend_sk", "backend_token", "caller_keys"})


@dataclass(frozen=True)
class ShimConfig:
    """Settings of one shim process (every replica of a deployment has the same)."""

    backend: str
    project_id: str
    instance_id: str
    host: str = "127.0.0.1"
    port: int = 8090
    id_map: str | None = None
    workers: int = 1
    backend_ak: str | None = None
    backend_sk: str | None = None
    backend_token: str | None = None
    caller_keys: Mapping[str, str] = field(default_factory=dict)
    """Access key -> secret key of the AK/SK pairs accepted from v1.0 callers. Empty: the backend's
    own pair is accepted (a legacy client signing with the tenant's keys)."""
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_body: int = DEFAULT_MAX_BODY
    pool_size: int = 256
    access_log: bool = True
    id_map_check_every: float = 1.0
    upstream: str = "auto"
    """The backend client: ``aiohttp``, ``httpx``, or ``auto`` (aiohttp when installed)."""

    def __post_init__(self) -> None:
        if not self.backend.startswith(("http://", "https://")):
            raise ValueError(f"--backend {self.backend!r}: expected an http:// or https:// URL")
        if not self.project_id or not self.instance_id:
            raise ValueError("--project-id and --instance-id are required")
        if (self.backend_ak is None) != (self.backend_sk is None):
            raise ValueError("--backend-ak and --backend-sk go together")
        if self.backend_ak is not None and self.backend_token is not None:
            raise ValueError("give --backend-ak/--backend-sk or --backend-token, not both")
        if self.workers < 1 or self.max_body < 1 or self.pool_size < 1:
            raise ValueError("--workers, --max-body and the pool size must be positive")
        if self.upstream not in ("auto", "aiohttp", "httpx"):
            raise ValueError(f"upstream must be auto, aiohttp or httpx, not {self.upstream!r}")
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("timeouts must be positive")

    @property
    def credentials(self) -> Credentials | None:
        """How the shim signs its own calls to the backend (None: it sends none)."""
        if self.backend_token:
            return Credentials.from_token(self.backend_token)
        if self.backend_ak and self.backend_sk:
            return Credentials.from_aksk(self.backend_ak, self.backend_sk)
        return None

    @property
    def accepted_keys(self) -> dict[str, str]:
        """The AK/SK pairs a signed v1.0 request may use."""
        if self.caller_keys:
            return dict(self.caller_keys)
        if self.backend_ak and self.backend_sk:
            return {self.backend_ak: self.backend_sk}
        return {}

    def __repr__(self) -> str:
        def show(name: str) -> str:
            value = getattr(self, name)
            return MASK if name in _SECRET_KEYS and value else repr(value)

        shown = ", ".join(f"{f.name}={show(f.name)}" for f in fields(self))
        return f"ShimConfig({shown})"


def read_toml(path: str | Path) -> dict[str, Any]:
    """The settings of a TOML file (``-`` in keys read as ``_``); unknown keys are an error."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"--config {path}: {exc}") from None
    known = {f.name for f in fields(ShimConfig)}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ValueError(f"--config {path}: unknown setting {key!r}")
        out[name] = value
    return out


def build_config(flags: Mapping[str, Any], config_file: str | None = None) -> ShimConfig:
    """The settings of ``config_file`` overridden by every flag that was given (not None)."""
    settings = read_toml(config_file) if config_file else {}
    settings.update({k: v for k, v in flags.items() if v is not None})
    for required in ("backend", "project_id", "instance_id"):
        if not settings.get(required):
            raise ValueError(f"--{required.replace('_', '-')} is required (flag or config file)")
    try:
        return ShimConfig(**settings)
    except TypeError as exc:
        raise ValueError(str(exc)) from None


def with_port(config: ShimConfig, port: int) -> ShimConfig:
    return replace(config, port=port)
