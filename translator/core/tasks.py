"""One async function over many items with at most ``limit`` of them in flight (anyio), and jobs
that run side by side once the jobs they need are done.

The callers' concurrency: a fixed number of tasks on one event loop take the next item as they
finish one, so the loop never holds more than ``limit`` requests and their objects at a time; jobs
that each map over their own items share one ``limiter`` so that together they stay within it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from typing import TypeVar

import anyio

T = TypeVar("T")
R = TypeVar("R")


async def map_bounded(
    fn: Callable[[T], Awaitable[R]],
    items: Sequence[T],
    limit: int,
    done: Callable[[R], None] | None = None,
    *,
    limiter: anyio.CapacityLimiter | None = None,
) -> list[R]:
    """``[await fn(item) for item in items]`` with at most ``limit`` calls running at once, in the
    items' order; ``done(result)`` as each finishes. The first exception a call raises stops the
    others and is raised as it is (not wrapped in an exception group). With ``limiter``, each call
    also holds one of its tokens (shared with other maps running at the same time)."""
    slots: dict[int, R] = {}
    pending = iter(enumerate(items))
    failures: list[Exception] = []

    async def worker(scope: anyio.CancelScope) -> None:
        for index, item in pending:
            try:
                if limiter is None:
                    result = await fn(item)
                else:
                    async with limiter:
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


async def run_after(
    jobs: Mapping[str, Callable[[], Awaitable[None]]], needs: Mapping[str, Collection[str]]
) -> None:
    """Run every job at once, each as soon as the jobs it ``needs`` (by name; names that are not
    jobs are ignored) have finished. The first exception a job raises stops the others and is
    raised as it is. A job that needs itself, or a cycle, is a ``ValueError`` before anything runs."""
    _check_acyclic(jobs, needs)
    finished = {name: anyio.Event() for name in jobs}
    failures: list[Exception] = []

    async def job(name: str, scope: anyio.CancelScope) -> None:
        for need in needs.get(name, ()):
            if need in finished:
                await finished[need].wait()
        try:
            await jobs[name]()
        except Exception as exc:
            failures.append(exc)
            scope.cancel()
            return
        finished[name].set()

    async with anyio.create_task_group() as group:
        for name in jobs:
            group.start_soon(job, name, group.cancel_scope)
    if failures:
        raise failures[0]


def _check_acyclic(jobs: Mapping[str, object], needs: Mapping[str, Collection[str]]) -> None:
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise ValueError(f"jobs need each other: {' -> '.join((*path, name))}")
        state[name] = 1
        for need in needs.get(name, ()):
            if need in jobs:
                visit(need, (*path, name))
        state[name] = 2

    for name in jobs:
        visit(name, ())
