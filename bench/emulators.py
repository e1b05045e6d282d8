"""Benchmark of the emulators (in-process ASGI, one core, sequential requests).

Creates/s and create latency (p50/p99), list-500 latency (p50/p99), and memory (RSS) after
building a 10,000-object tenant, for v1.0 and v2.

Usage: PYTHONPATH=. python bench/emulators.py [--objects 10000] [--lists 200]
Prints numbers only; asserts nothing. Targets: >= 1,000 creates/s, list of 500 in < 20 ms p50.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from translator.emulator.app import create_app
from translator.emulator.config import EmulatorConfig


def _pct(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    return f"p50 {statistics.median(ms):7.3f} ms  p99 {ms[min(len(ms) - 1, int(len(ms) * 0.99))]:7.3f} ms"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _run(api: str, objects: int, lists: int, db: str) -> None:
    cfg = EmulatorConfig(api="v1.0" if api == "v1.0" else "v2", db=db)
    app = create_app(cfg)
    prefix = "/v1.0/apigw" if api == "v1.0" else f"/v2/{cfg.project_id}/apigw/instances/{cfg.instance_id}"
    body: dict[str, Any] = {"api_call_limits": 100, "time_interval": 1, "time_unit": "SECOND"}
    page = {"page_size": 500} if api == "v1.0" else {"limit": 500}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        latencies = []
        start = time.perf_counter()
        for i in range(objects):
            t0 = time.perf_counter()
            r = await client.post(prefix + "/throttles", json={"name": f"throttle_{i:06d}", **body})
            latencies.append(time.perf_counter() - t0)
            assert r.status_code == 201, r.text
        elapsed = time.perf_counter() - start
        print(f"{api:5} create   {objects / elapsed:8.0f} req/s   {_pct(latencies)}")
        latencies = []
        for i in range(lists):
            t0 = time.perf_counter()
            r = await client.get(
                prefix + "/throttles",
                params={**page, "offset" if api == "v2" else "page_no": i % 5 + (api == "v1.0")},
            )
            latencies.append(time.perf_counter() - t0)
            assert r.status_code == 200 and r.json()["size"] == 500
        print(f"{api:5} list-500 {lists / sum(latencies):8.0f} req/s   {_pct(latencies)}")
        size = Path(db).stat().st_size / 1e6
        print(f"{api:5} memory   {_rss_mb():8.1f} MB max RSS with {objects} objects   db {size:.1f} MB")
    app.state.emulator.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--lists", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for api in ("v1.0", "v2"):
            asyncio.run(_run(api, args.objects, args.lists, str(Path(tmp) / f"{api}.db")))


if __name__ == "__main__":
    main()
