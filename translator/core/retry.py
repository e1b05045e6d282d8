"""When and how long the API client waits before sending a request again (tenacity underneath).

Retried: the answers 429, 500, 502, 503 and 504, and requests that got no answer (a connection
error, a timeout, a connection dropped mid-answer). Waits grow exponentially with random jitter;
an answer's ``Retry-After`` (seconds, or an HTTP date) replaces the backoff, capped at
``max_retry_after``. Bounded twice: at most ``attempts`` sends, and no wait that would end more
than ``total`` seconds after the first send.

A retried POST may have been applied by the service before it failed (a 5xx or a lost answer):
callers that create objects should be ready to find one already there.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential,
    wait_random,
)

log = logging.getLogger("translator.core.client")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_EXCEPTIONS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
"""Transport failures worth another try: timeouts, connect/read/write errors, a dropped answer."""


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
    """The seconds an answer's ``Retry-After`` asks to wait (None: absent or unreadable)."""
    raw = response.headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry (seconds throughout)."""

    attempts: int = 5
    """Sends in all, the first included (1: never retry)."""
    initial: float = 0.5
    """The first backoff; each next one doubles (``exp_base``)."""
    exp_base: float = 2.0
    max_wait: float = 20.0
    """The longest backoff between two sends (jitter included)."""
    jitter: float = 0.5
    """Up to this much is added to each backoff at random."""
    max_retry_after: float = 60.0
    """The longest wait a ``Retry-After`` may ask for; longer asks are cut to this."""
    total: float = 120.0
    """No retry whose wait would end more than this long after the first send."""
    statuses: frozenset[int] = field(default=RETRY_STATUSES)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be 1 or more, not {self.attempts}")
        for name in ("initial", "max_wait", "jitter", "max_retry_after", "total"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 or more")

    @classmethod
    def never(cls) -> RetryPolicy:
        """Send once; every answer and failure is final."""
        return cls(attempts=1)

    @classmethod
    def fast(cls, attempts: int = 5) -> RetryPolicy:
        """Tiny waits (milliseconds), for tests and local emulators."""
        return cls(
            attempts=attempts, initial=0.001, max_wait=0.01, jitter=0.001, max_retry_after=0.01, total=10.0
        )

    def backoff(self, attempt: int) -> float:
        """The backoff after send number ``attempt`` (1-based; jitter included)."""
        state = RetryCallState(AsyncRetrying(), None, (), {})
        state.attempt_number = attempt
        return self._backoff(state)

    def _backoff(self, state: RetryCallState) -> float:
        grow = wait_exponential(multiplier=self.initial, max=self.max_wait, exp_base=self.exp_base)
        return min(float((grow + wait_random(0, self.jitter))(state)), self.max_wait)

    def wait(self, state: RetryCallState) -> float:
        """The wait before the next send: the answer's ``Retry-After`` (capped), else the backoff."""
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            result = outcome.result()
            if isinstance(result, httpx.Response):
                asked = retry_after(result)
                if asked is not None:
                    return min(asked, self.max_retry_after)
        return self._backoff(state)

    def retries(self, response: httpx.Response) -> bool:
        """Whether ``response`` is worth another send."""
        return response.status_code in self.statuses

    def retrying(self, op_id: str = "") -> AsyncRetrying:
        """A tenacity controller for one call: retries on the statuses and transport failures,
        and hands back the last answer or failure once it stops (never a ``RetryError``)."""

        def last(state: RetryCallState) -> httpx.Response:
            assert state.outcome is not None
            response: httpx.Response = state.outcome.result()  # a failure re-raises here
            return response

        def before_sleep(state: RetryCallState) -> None:
            outcome = state.outcome
            assert outcome is not None and state.next_action is not None
            if outcome.failed:
                what = type(outcome.exception()).__name__
            else:
                what = f"HTTP {outcome.result().status_code}"
            log.info(
                "%s: %s on attempt %d, retrying in %.3fs",
                op_id,
                what,
                state.attempt_number,
                state.next_action.sleep,
            )

        return AsyncRetrying(
            stop=stop_after_attempt(self.attempts) | stop_before_delay(self.total),
            wait=self.wait,
            retry=retry_if_exception_type(RETRY_EXCEPTIONS) | retry_if_result(self.retries),
            before_sleep=before_sleep,
            retry_error_callback=last,
            reraise=True,
        )
