"""``map_bounded``: results in the items' order, never more than ``limit`` in flight (alone or with a
shared limiter), the first failure raised as it is. ``run_after``: jobs side by side, each after the
jobs it needs; the first failure raised as it is; a cycle refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
import pytest

from translator.core.tasks import map_bounded, run_after


def test_order_kept_and_limit_held() -> None:
    running, peak, seen = 0, 0, []

    async def work(n: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await anyio.sleep(0.001 * (n % 3))
        running -= 1
        return n * n

    result = anyio.run(map_bounded, work, list(range(20)), 4, seen.append)
    assert result == [n * n for n in range(20)]
    assert peak == 4
    assert sorted(seen) == result


def test_first_failure_raised_unwrapped_and_the_rest_stopped() -> None:
    started: list[int] = []

    async def work(n: int) -> int:
        started.append(n)
        if n == 2:
            raise KeyError("two")
        await anyio.sleep(0.01)
        return n

    with pytest.raises(KeyError, match="two"):
        anyio.run(map_bounded, work, list(range(50)), 3)
    assert len(started) < 50


def test_empty() -> None:
    async def work(n: int) -> int:
        return n

    assert anyio.run(map_bounded, work, [], 8) == []


def test_maps_sharing_a_limiter_stay_within_it_together() -> None:
    running, peak = 0, 0

    async def work(n: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await anyio.sleep(0.001)
        running -= 1
        return n

    async def both() -> tuple[list[int], list[int]]:
        limiter = anyio.CapacityLimiter(3)
        out: dict[str, list[int]] = {}

        async def one(name: str) -> None:
            out[name] = await map_bounded(work, list(range(10)), 3, limiter=limiter)

        async with anyio.create_task_group() as group:
            group.start_soon(one, "a")
            group.start_soon(one, "b")
        return out["a"], out["b"]

    assert anyio.run(both) == (list(range(10)), list(range(10)))
    assert peak == 3


def test_jobs_run_side_by_side_each_after_what_it_needs() -> None:
    events: list[str] = []

    def job(name: str, pause: float) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            events.append(f"start {name}")
            await anyio.sleep(pause)
            events.append(f"end {name}")

        return run

    jobs = {"groups": job("groups", 0.02), "apps": job("apps", 0.01), "apis": job("apis", 0.0)}
    anyio.run(run_after, jobs, {"apis": ["groups", "not-a-job"]})
    assert events.index("end groups") < events.index("start apis")
    assert events.index("start apps") < events.index("end groups")  # did not wait for groups


def test_a_failing_job_stops_the_rest_and_is_raised_as_it_is() -> None:
    reached: list[str] = []

    async def fails() -> None:
        raise KeyError("broken")

    async def slow() -> None:
        await anyio.sleep(5)
        reached.append("slow")

    async def after() -> None:
        reached.append("after")

    with pytest.raises(KeyError, match="broken"):
        anyio.run(run_after, {"a": fails, "b": slow, "c": after}, {"c": ["a"]})
    assert reached == []


def test_jobs_that_need_each_other_are_refused_before_any_runs() -> None:
    ran: list[str] = []

    async def job() -> None:
        ran.append("x")

    with pytest.raises(ValueError, match="a -> b -> a"):
        anyio.run(run_after, {"a": job, "b": job}, {"a": ["b"], "b": ["a"]})
    assert ran == []
