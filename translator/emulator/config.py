"""The emulator's configuration: which API it speaks, where it listens, how callers authenticate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from translator.core.bodies import DEFAULT_LIMITS, Limits
from translator.redact import MASK, is_secret
from translator.types import Version

DEFAULT_PROJECT_ID = "0123456789abcdef0123456789abcdef"
DEFAULT_INSTANCE_ID = "eddc4d25480b4cd6b512f270a1b8b341"


@dataclass(frozen=True)
class EmulatorConfig:
    """Settings of one emulator process.

    ``db``: SQLite file (None: a temporary file). ``token``: the accepted ``X-Auth-Token``;
    ``ak``/``sk``: the accepted AK/SK pair. With neither, any caller is accepted.
    ``faults``: a ``FaultSpec`` string. ``seed``: makes generated ids and secrets reproducible.
    ``quotas``: per-resource limits replacing the documented ones (e.g. ``{"vpc_channel": 100}``).
    ``limits``: the largest request body taken (bytes, nesting, list length; see ``core.bodies``).
    """

    api: Version
    host: str = "127.0.0.1"
    port: int = 8080
    db: str | None = None
    project_id: str = DEFAULT_PROJECT_ID
    instance_id: str = DEFAULT_INSTANCE_ID
    token: str | None = None
    ak: str | None = None
    sk: str | None = None
    faults: str = ""
    seed: int | None = None
    quotas: Mapping[str, int] = field(default_factory=dict)
    """Resource name -> the most a tenant (or a parent) may hold, overriding the documented quota."""
    limits: Limits = DEFAULT_LIMITS

    def __post_init__(self) -> None:
        if self.api not in ("v1.0", "v2"):
            raise ValueError(f"api must be v1.0 or v2, not {self.api!r}")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be 0..65535, not {self.port}")
        if (self.ak is None) != (self.sk is None):
            raise ValueError("--ak and --sk go together")
        for name, limit in self.quotas.items():
            if limit < 0:
                raise ValueError(f"quota {name}: must be 0 or more, not {limit}")

    @property
    def open(self) -> bool:
        """Whether any caller is accepted (no token and no AK/SK configured)."""
        return self.token is None and self.ak is None

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{k}={MASK if is_secret(k) and v is not None else repr(v)}" for k, v in self.__dict__.items()
        )
        return f"EmulatorConfig({shown})"
