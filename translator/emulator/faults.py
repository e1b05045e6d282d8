"""Fault injection for the emulators: random error statuses, Retry-After and added latency.

A spec is a comma-separated ``key=value`` list, e.g.
``rate=0.1,status=429|500|503,retry_after=1,latency_ms=20,seed=7``; ``""`` or ``off`` disables
faults. The HTTP layer sleeps ``latency_s`` on every request and calls ``decide()`` before
touching the store, so a faulted request changes nothing.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

ALLOWED_STATUSES: tuple[int, ...] = (429, 500, 502, 503, 504)
RETRY_AFTER_STATUSES: frozenset[int] = frozenset({429, 503})
DEFAULT_STATUSES: tuple[int, ...] = (503,)
_KEYS = ("rate", "status", "retry_after", "latency_ms", "seed")
MAX_LATENCY_MS = 60_000.0
"""The most latency a spec adds to a request: a minute (more only hangs the callers)."""
MAX_RETRY_AFTER = 3600
"""The longest Retry-After a spec sends, in seconds."""
MAX_SPEC_LENGTH = 1000


@dataclass(frozen=True)
class Fault:
    """An injected error response: its status and extra headers."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FaultSpec:
    """What to inject: ``rate`` in 0..1, ``statuses`` to pick from, ``retry_after`` seconds
    (header on 429/503 only), ``latency_ms`` on every request, ``seed`` for determinism."""

    rate: float = 0.0
    statuses: tuple[int, ...] = DEFAULT_STATUSES
    retry_after: int | None = None
    latency_ms: float = 0.0
    seed: int | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"fault spec: rate: must be between 0 and 1, got {self.rate!r}")
        if not self.statuses:
            raise ValueError("fault spec: status: needs at least one code")
        bad = [s for s in self.statuses if s not in ALLOWED_STATUSES]
        if bad:
            allowed = "|".join(map(str, ALLOWED_STATUSES))
            raise ValueError(f"fault spec: status: {bad[0]!r} is not one of {allowed}")
        if self.retry_after is not None and not 0 <= self.retry_after <= MAX_RETRY_AFTER:
            raise ValueError(
                f"fault spec: retry_after: must be 0..{MAX_RETRY_AFTER} seconds, got {self.retry_after!r}"
            )
        if not 0.0 <= self.latency_ms <= MAX_LATENCY_MS:
            raise ValueError(
                f"fault spec: latency_ms: must be 0..{MAX_LATENCY_MS:g}, got {self.latency_ms!r}"
            )
        if self.seed is not None and not 0 <= self.seed < 2**63:
            raise ValueError(f"fault spec: seed: must be 0..2^63-1, got {self.seed!r}")

    @classmethod
    def parse(cls, text: str) -> FaultSpec:
        """Parse ``key=value,...``; raise ValueError naming the bad key."""
        text = text.strip()
        if len(text) > MAX_SPEC_LENGTH:
            raise ValueError(f"fault spec: longer than {MAX_SPEC_LENGTH} characters")
        if text.lower() in ("", "off"):
            return cls()
        values: dict[str, str] = {}
        for item in text.split(","):
            if not item.strip():
                continue
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or not key:
                raise ValueError(f"fault spec: expected key=value, got {item.strip()!r}")
            if key not in _KEYS:
                raise ValueError(f"fault spec: unknown key {key!r} (expected one of {', '.join(_KEYS)})")
            if key in values:
                raise ValueError(f"fault spec: {key}: given twice")
            values[key] = value
        d = cls()
        statuses = d.statuses
        if "status" in values:
            statuses = tuple(dict.fromkeys(_int("status", s) for s in values["status"].split("|")))
        return cls(
            rate=_float("rate", values["rate"]) if "rate" in values else d.rate,
            statuses=statuses,
            retry_after=_int("retry_after", values["retry_after"]) if "retry_after" in values else None,
            latency_ms=_float("latency_ms", values["latency_ms"]) if "latency_ms" in values else d.latency_ms,
            seed=_int("seed", values["seed"]) if "seed" in values else None,
        )

    @property
    def enabled(self) -> bool:
        """Whether the spec injects anything (errors or latency)."""
        return self.rate > 0.0 or self.latency_ms > 0.0

    def __str__(self) -> str:
        """The canonical spec string (``off`` when disabled); ``parse(str(spec)) == spec``."""
        if self == FaultSpec():
            return "off"
        parts = [f"rate={self.rate:g}", "status=" + "|".join(map(str, self.statuses))]
        if self.retry_after is not None:
            parts.append(f"retry_after={self.retry_after}")
        if self.latency_ms:
            parts.append(f"latency_ms={self.latency_ms:g}")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        return ",".join(parts)


def _int(key: str, text: str) -> int:
    if len(text.strip()) > 20:
        raise ValueError(f"fault spec: {key}: expected an integer, got {text.strip()[:20]!r}...")
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"fault spec: {key}: expected an integer, got {text.strip()!r}") from None


def _float(key: str, text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"fault spec: {key}: expected a number, got {text.strip()!r}")
    return value


class FaultInjector:
    """Decides, request by request, whether to inject a fault; thread-safe.

    With a seed, the n-th ``decide()`` after construction or ``update()`` always gives the
    same answer: each call draws exactly two numbers from one ``random.Random(seed)``.
    """

    def __init__(self, spec: FaultSpec | str = "") -> None:
        self._lock = threading.Lock()
        self._spec = FaultSpec()
        self._rng = random.Random()
        self.calls = 0
        self.injected = 0
        self.update(spec)

    @property
    def spec(self) -> FaultSpec:
        """The current spec."""
        return self._spec

    @property
    def latency_s(self) -> float:
        """Delay to add to every request, faulted or not, in seconds."""
        return self._spec.latency_ms / 1000.0

    def update(self, spec: FaultSpec | str) -> FaultSpec:
        """Switch to ``spec`` (parsed when a string), restart its sequence and return it."""
        new = FaultSpec.parse(spec) if isinstance(spec, str) else spec
        with self._lock:
            self._spec = new
            self._rng = random.Random(new.seed)
            self.calls = 0
            self.injected = 0
        return new

    def decide(self) -> Fault | None:
        """Return the fault to inject for this request, or None to serve it normally."""
        with self._lock:
            spec = self._spec
            self.calls += 1
            roll = self._rng.random()
            pick = self._rng.random()
            if roll >= spec.rate:
                return None
            self.injected += 1
        status = spec.statuses[min(int(pick * len(spec.statuses)), len(spec.statuses) - 1)]
        headers: dict[str, str] = {}
        if spec.retry_after is not None and status in RETRY_AFTER_STATUSES:
            headers["Retry-After"] = str(spec.retry_after)
        return Fault(status, headers)
