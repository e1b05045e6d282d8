"""The retry policy: which answers are retried, the waits it computes (Retry-After honoured and
capped, exponential backoff with jitter otherwise) and its two bounds, attempts and total time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from tenacity import AsyncRetrying, RetryCallState

from translator.core.blocking import BlockingApiClient
from translator.core.retry import RETRY_STATUSES, RetryPolicy, retry_after
from translator.errors import ApiTimeout, ApiUnreachable, BadRequest, ServerError

BASE = "http://api.test"


def _after(response: httpx.Response | None = None, attempt: int = 1) -> RetryCallState:
    """The state tenacity hands the policy after send number ``attempt`` answered ``response``."""
    state = RetryCallState(AsyncRetrying(), None, (), {})
    state.attempt_number = attempt
    if response is None:
        state.set_exception((httpx.ConnectError, httpx.ConnectError("refused"), None))
    else:
        state.set_result(response)
    return state


def _answer(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers)


def test_retry_after_seconds_are_honoured_and_capped() -> None:
    policy = RetryPolicy(max_retry_after=30, initial=0.5, jitter=0)
    assert policy.wait(_after(_answer(429, **{"Retry-After": "1"}))) == 1.0
    assert policy.wait(_after(_answer(503, **{"Retry-After": "7"}), attempt=4)) == 7.0
    assert policy.wait(_after(_answer(503, **{"Retry-After": "3600"}))) == 30.0
    assert policy.wait(_after(_answer(429, **{"Retry-After": "0"}))) == 0.0
    assert policy.wait(_after(_answer(429, **{"Retry-After": "soon"}))) == 0.5  # unreadable: backoff


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=12), usegmt=True)
    assert retry_after(_answer(503, **{"Retry-After": later}), now=now) == pytest.approx(12)
    earlier = format_datetime(now - timedelta(seconds=12), usegmt=True)
    assert retry_after(_answer(503, **{"Retry-After": earlier}), now=now) == 0.0
    assert retry_after(_answer(503)) is None
    assert retry_after(_answer(503, **{"Retry-After": "nan"})) is None


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    policy = RetryPolicy(initial=0.5, exp_base=2, max_wait=5, jitter=0.25)
    for attempt, base in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0)):
        waits = [policy.wait(_after(_answer(500), attempt)) for _ in range(50)]
        assert all(base <= w <= min(base + 0.25, 5) for w in waits), (attempt, waits)
        assert len(set(waits)) > 1  # jitter
    assert all(policy.backoff(10) == 5 for _ in range(20))  # capped, jitter included
    assert 0.5 <= policy.wait(_after(None)) <= 0.75  # a transport failure backs off the same way


def test_policy_is_validated() -> None:
    with pytest.raises(ValueError, match="attempts"):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=-1)
    assert RetryPolicy.never().attempts == 1
    assert RetryPolicy().statuses == RETRY_STATUSES == {429, 500, 502, 503, 504}


def _client(handler: httpx.MockTransport, policy: RetryPolicy) -> BlockingApiClient:
    return BlockingApiClient(BASE, "v1.0", transport=handler, retry=policy)


def test_only_the_retry_statuses_are_retried() -> None:
    sent: list[int] = []

    def answer(status: int) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            sent.append(status)
            return httpx.Response(status, json={"error_code": "APIG.0000", "error_msg": "no"})

        return httpx.MockTransport(handle)

    for status in (400, 401, 404, 409, 501):
        with _client(answer(status), RetryPolicy.fast()) as c:
            assert c.call("env.list", check=False).status == status
    assert sent == [400, 401, 404, 409, 501]
    for status in sorted(RETRY_STATUSES):
        sent.clear()
        with _client(answer(status), RetryPolicy.fast(3)) as c:
            assert c.call("env.list", check=False).status == status
        assert sent == [status] * 3


def test_transport_failures_are_retried_then_reported() -> None:
    calls = 0

    def flaky(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json={"total": 0, "size": 0, "envs": []})

    with _client(httpx.MockTransport(flaky), RetryPolicy.fast()) as c:
        assert c.call("env.list").body["total"] == 0
    assert calls == 3

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with _client(httpx.MockTransport(down), RetryPolicy.fast(3)) as c, pytest.raises(ApiUnreachable) as info:
        c.call("env.list")
    assert (info.value.status, info.value.attempts) == (None, 3) and "ConnectError" in str(info.value)
    assert not isinstance(info.value, ApiTimeout)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with _client(httpx.MockTransport(slow), RetryPolicy.fast(2)) as c, pytest.raises(ApiTimeout) as timeout:
        c.call("env.list")
    assert timeout.value.attempts == 2 and "timeout" in str(timeout.value)


def test_total_time_bounds_the_retries() -> None:
    sent = 0

    def unavailable(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        return httpx.Response(503, headers={"Retry-After": "5"})

    policy = RetryPolicy(attempts=10, max_retry_after=5, total=1.0)
    with _client(httpx.MockTransport(unavailable), policy) as c, pytest.raises(ServerError) as info:
        c.call("env.list")
    assert sent == 1 and info.value.attempts == 1  # a 5 s wait would end past the 1 s budget


def test_a_refusal_is_not_retried() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error_code": "APIG.2001", "error_msg": "name is required"})

    with _client(httpx.MockTransport(refuse), RetryPolicy.fast()) as c, pytest.raises(BadRequest) as info:
        c.call("env.create", body={})
    assert (info.value.attempts, info.value.code, info.value.message) == (
        1,
        "APIG.2001",
        "name is required",
    )
