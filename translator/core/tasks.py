"""One async function over many items with at most ``limit`` of them in flight (anyio).

The callers' concurrency: a fixed number of tasks on one event loop take the next item as they
finish one, so the loop never holds more than ``limit`` requests and their objects at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import anyio

T = TypeVar("T")
R = TypeVar("R")


async def map_bounded(
    fn: Callable[[T], Awaitable[R]],
    items: Sequence[T],
    limit: int,
    done: Callable[[R], None] | None = None,
) -> list[R]:
    """``[await fn(item) for item in items]`` with at most ``limit`` calls running at once, in the
    items' order; ``done(result)`` as each finishes. The first exception a call raises stops the
    others and is raised as it is (not wrapped in an exception group)."""
    slots: dict[int, R] = {}
    pending = iter(enumerate(items))
    failures: list[Exception] = []

    async def worker(scope: anyio.CancelScope) -> None:
        for index, item in pending:
            try:
                result = await fn(item)
            except Exception as exc:
                failures.append(exc)
                scope.cancel()
                return
            slots[index] = result
            if done is not None:
                done(result)

    async with anyio.create_task_group() as group:
        for _ in range(min(max(1, limit), len(items))):
            group.start_soon(worker, group.cancel_scope)
    if failures:
        raise failures[0]
    return [slots[i] for i in range(len(items))]
