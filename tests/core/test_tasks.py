"""``map_bounded``: results in the items' order, never more than ``limit`` in flight, the first
failure raised as it is."""

from __future__ import annotations

import anyio
import pytest

from translator.core.tasks import map_bounded


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
