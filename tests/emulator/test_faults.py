"""Tests of the emulator's fault injection."""

from __future__ import annotations

import threading

import pytest

from translator.emulator.faults import ALLOWED_STATUSES, Fault, FaultInjector, FaultSpec


def _sequence(injector: FaultInjector, n: int) -> list[Fault | None]:
    return [injector.decide() for _ in range(n)]


def test_parse_full_spec() -> None:
    spec = FaultSpec.parse("rate=0.1,status=429|500|503,retry_after=1,latency_ms=20,seed=7")
    assert spec == FaultSpec(rate=0.1, statuses=(429, 500, 503), retry_after=1, latency_ms=20.0, seed=7)
    assert FaultSpec.parse(str(spec)) == spec
    assert FaultSpec.parse(" rate = 0.5 , status = 502 ,") == FaultSpec(rate=0.5, statuses=(502,))


@pytest.mark.parametrize("text", ["", "off", "  OFF  "])
def test_parse_off(text: str) -> None:
    spec = FaultSpec.parse(text)
    assert spec == FaultSpec() and not spec.enabled and str(spec) == "off"
    injector = FaultInjector(text)
    assert injector.latency_s == 0.0
    assert all(d is None for d in _sequence(injector, 200))


def test_partial_spec_uses_defaults() -> None:
    spec = FaultSpec.parse("latency_ms=5")
    assert spec.rate == 0.0 and spec.enabled
    assert FaultSpec.parse("rate=1").statuses == (503,)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("rate=2", "rate"),
        ("rate=-0.1", "rate"),
        ("rate=abc", "rate"),
        ("rate=nan", "rate"),
        ("status=404", "status"),
        ("status=500|abc", "status"),
        ("status=", "status"),
        ("retry_after=-1", "retry_after"),
        ("retry_after=1.5", "retry_after"),
        ("latency_ms=-5", "latency_ms"),
        ("latency_ms=inf", "latency_ms"),
        ("latency_ms=1e8", "latency_ms"),
        ("latency_ms=60001", "latency_ms"),
        ("retry_after=3601", "retry_after"),
        ("retry_after=" + "9" * 30, "retry_after"),
        ("seed=-1", "seed"),
        ("seed=" + "9" * 30, "seed"),
        ("rate=0.1," * 200, "longer than"),
        ("seed=x", "seed"),
        ("bogus=1", "bogus"),
        ("rate=0.1,rate=0.2", "rate"),
        ("rate", "rate"),
    ],
)
def test_parse_errors_name_the_key(text: str, key: str) -> None:
    with pytest.raises(ValueError) as err:
        FaultSpec.parse(text)
    message = str(err.value)
    assert key in message and "\n" not in message


def test_direct_construction_is_validated() -> None:
    with pytest.raises(ValueError, match="rate"):
        FaultSpec(rate=1.5)
    with pytest.raises(ValueError, match="status"):
        FaultSpec(statuses=(418,))
    with pytest.raises(ValueError, match="status"):
        FaultSpec(statuses=())


def test_same_seed_same_sequence() -> None:
    spec = "rate=0.3,status=429|500|502|503|504,retry_after=2,seed=7"
    first = _sequence(FaultInjector(spec), 2000)
    assert first == _sequence(FaultInjector(FaultSpec.parse(spec)), 2000)
    assert first != _sequence(FaultInjector(spec.replace("seed=7", "seed=8")), 2000)
    faults = [f for f in first if f is not None]
    assert 450 < len(faults) < 750
    assert {f.status for f in faults} == set(ALLOWED_STATUSES)


def test_update_restarts_the_sequence() -> None:
    injector = FaultInjector("rate=0.5,seed=3")
    first = _sequence(injector, 100)
    assert injector.calls == 100 and injector.injected == sum(f is not None for f in first)
    new = injector.update("rate=0.5,seed=3")
    assert injector.spec == new and injector.calls == 0
    assert _sequence(injector, 100) == first
    injector.update(FaultSpec())
    assert all(d is None for d in _sequence(injector, 100))


def test_threads_see_the_same_decisions_as_one_thread() -> None:
    spec = "rate=0.2,status=500|503,seed=11"
    expected = _sequence(FaultInjector(spec), 4000)
    injector = FaultInjector(spec)
    results: list[Fault | None] = []
    lock = threading.Lock()

    def worker() -> None:
        local = _sequence(injector, 500)
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    assert injector.calls == 4000
    key = [(-1 if f is None else f.status) for f in expected]
    got = [(-1 if f is None else f.status) for f in results]
    assert sorted(got) == sorted(key)


def test_rate_zero_and_one() -> None:
    never = FaultInjector("rate=0,status=500,seed=1")
    assert all(d is None for d in _sequence(never, 1000))
    always = FaultInjector("rate=1,status=502|504")
    decisions = _sequence(always, 1000)
    assert all(d is not None and d.status in (502, 504) for d in decisions)
    assert {d.status for d in decisions if d is not None} == {502, 504}


def test_retry_after_only_on_429_and_503() -> None:
    injector = FaultInjector("rate=1,status=429|500|502|503|504,retry_after=3,seed=5")
    by_status: dict[int, dict[str, str]] = {}
    for fault in _sequence(injector, 500):
        assert fault is not None
        by_status[fault.status] = dict(fault.headers)
    assert by_status[429] == {"Retry-After": "3"}
    assert by_status[503] == {"Retry-After": "3"}
    assert by_status[500] == by_status[502] == by_status[504] == {}
    no_header = FaultInjector("rate=1,status=429")
    fault = no_header.decide()
    assert fault is not None and dict(fault.headers) == {}


def test_latency() -> None:
    injector = FaultInjector("latency_ms=20")
    assert injector.latency_s == pytest.approx(0.02)
    assert injector.decide() is None  # latency alone injects no error
    injector.update("latency_ms=0.5,rate=0.1")
    assert injector.latency_s == pytest.approx(0.0005)
