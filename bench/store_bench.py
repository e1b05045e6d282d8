"""Benchmark of the emulator store alone: creates/s and list-500 latency (p50/p99).

Usage: PYTHONPATH=. python bench/store_bench.py [--creates 5000] [--threads 8] [--synchronous NORMAL]
Prints numbers only; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

from translator.emulator.store import ResourceKind, Store

CHANNEL = ResourceKind("vpc_channel", unique=(("name",),))
MEMBER = ResourceKind(
    "member", unique=(("channel_id", "host"),), parent="channel_id", parent_kind="vpc_channel"
)


def _doc(i: int) -> dict[str, Any]:
    return {
        "name": f"channel-{i:06d}",
        "type": 2,
        "port": 8080,
        "balance_strategy": 1,
        "member_type": "instance",
        "status": 1,
        "create_time": "2024-01-01T00:00:00Z",
        "vpc_health_config": {"protocol": "TCP", "port": 8080, "threshold_normal": 2, "timeout": 5},
    }


def _percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p50 = statistics.median(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"p50 {p50:7.3f} ms   p99 {p99:7.3f} ms"


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--creates", type=int, default=5000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--synchronous", choices=["NORMAL", "FULL"], default="NORMAL")
    args = parser.parse_args()
    sync = cast(Literal["NORMAL", "FULL"], args.synchronous)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", kinds=(CHANNEL, MEMBER), synchronous=sync)
        n = args.creates

        t0 = time.perf_counter()
        for i in range(n):
            store.create(CHANNEL, _doc(i))
        single = n / (time.perf_counter() - t0)

        per_thread = n // args.threads

        def worker(k: int) -> None:
            for i in range(per_thread):
                store.create(CHANNEL, _doc(n + k * per_thread + i))

        threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.threads)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        multi = per_thread * args.threads / (time.perf_counter() - t0)

        # 500 members under one channel among 5,000 members overall
        channels = [store.create(CHANNEL, {"name": f"parent-{c}"})["id"] for c in range(10)]
        with store.transaction():
            for c, cid in enumerate(channels):
                for i in range(500):
                    store.create(
                        MEMBER, {"channel_id": cid, "host": f"10.{c}.{i // 250}.{i % 250}", "weight": i}
                    )
        only500 = ResourceKind("only500")
        with store.transaction():
            for i in range(500):
                store.create(only500, _doc(i))

        target = channels[3]
        list_kind = _time(lambda: store.list(only500), args.runs)
        list_parent = _time(lambda: store.list(MEMBER, where={"channel_id": target}), args.runs)
        list_where = _time(lambda: store.list(MEMBER, where={"channel_id": target, "weight": 7}), args.runs)
        list_match = _time(
            lambda: store.list(MEMBER, match=lambda d: d["channel_id"] == target, limit=500), args.runs
        )
        ids = [d["id"] for d in store.list(only500)[0]]
        gets = _time(lambda: [store.get(only500, i) for i in ids[:100]], max(1, args.runs // 10))
        store.close()

    print(f"store bench (sqlite WAL, synchronous={sync})")
    print(f"create, 1 thread:              {single:9.0f} creates/s")
    print(f"create, {args.threads} threads:             {multi:9.0f} creates/s")
    print(f"list 500 (kind only, SQL page):   {_percentiles(list_kind)}")
    print(f"list 500 of 5000 (parent index):  {_percentiles(list_parent)}")
    print(f"list parent + where (1 of 500):   {_percentiles(list_where)}")
    print(f"list match() over 5000 -> 500:    {_percentiles(list_match)}")
    print(f"get x100:                         {_percentiles(gets)}")


if __name__ == "__main__":
    main()
