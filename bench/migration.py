"""Benchmark of the tenant migration: export + import + verify of a large tenant between the local
emulators (each its own process on a loopback port), with wall time per phase, requests/s and the
tool's peak RSS; and the import against a bare client sending the same creates back to back to a
fresh v2 emulator (the ratio shows whether the tool is the bottleneck).

Usage: PYTHONPATH=. python bench/migration.py [--objects 10000] [--concurrency 8]
Prints numbers only; asserts nothing. Targets: export + import + verify <= 60 s with
--concurrency 8, peak RSS <= 300 MB, import <= 1.5 x the bare client. Beside wall times it
prints CPU seconds (the tool's, and the emulator's serving the phase): on a loaded machine they
show where the time goes.

Measured 2026-12-02 (2 cores, quiet; 10,983 objects exported, 0 failures, 0 differences):
export 6.95 s, import 10.70 s, verify 7.87 s = 25.5 s in all; peak RSS 171 MB; the bare client's
10,250 creates 13.87 s, import / bare 0.77 (the import overlaps families the bare client sends
one after another). On a loaded machine (other sessions' tests): 60.3 s in all, ratio 1.48.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from translator.core.aiohttp_transport import AiohttpTransport
from translator.core.blocking import BlockingApiClient
from translator.demo.tenant import fixture, load
from translator.migrate.bundle import read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.verify import verify

ROOT = Path(__file__).resolve().parents[1]
QUOTA = 100_000
QUOTAS = ("api_group", "api", "vpc_channel", "app", "throttle", "acl", "signature", "env", "env_variable",
          "authorizer", "app_code", "throttle_special", "vpc_member")  # fmt: skip
PROJECT, INSTANCE = "bench-project", "bench-instance"
_HEX = re.compile(r"[0-9a-f]{32}")
_PIDS: dict[str, int] = {}
"""Emulator URL -> its process id (for its CPU time)."""


class Counting(httpx.AsyncBaseTransport):
    """Counts requests; optionally records the creates (method, path, body, answer)."""

    def __init__(self) -> None:
        self.inner = AiohttpTransport()  # the client's own transport for sockets
        self.count = 0
        self.record: list[tuple[str, str, bytes, bytes]] | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        response = await self.inner.handle_async_request(request)
        if self.record is not None and request.method in ("POST", "PUT"):
            content = await response.aread()
            self.record.append((request.method, request.url.raw_path.decode(), request.content, content))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def emulator(api: str, db: Path, quotas: list[str]) -> Iterator[str]:
    port = _port()
    flags = [f"--quota={q}={QUOTA}" for q in quotas]
    extra = ["--project-id", PROJECT, "--instance-id", INSTANCE] if api == "v2" else []
    cmd = [sys.executable, "-c", "from translator.cli import main; main()", "emulator", "--api", api,
           "--port", str(port), "--db", str(db), *extra, *flags]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    _PIDS[url] = proc.pid
    try:
        for _ in range(200):
            try:
                httpx.get(url + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    raise RuntimeError(
                        proc.stderr.read().decode() if proc.stderr else "emulator died"
                    ) from None
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _known_quotas(api: str) -> list[str]:
    from translator.emulator.registry import registry_for

    return [q for q in QUOTAS if _accepts(registry_for, api, q)]


def _accepts(registry_for: Any, api: str, name: str) -> bool:
    try:
        registry_for(api, {name: QUOTA})
    except ValueError:
        return False
    return True


def _cpu(url: str | None = None) -> float:
    """CPU seconds (user + system) of this process, or of the emulator at ``url``."""
    if url is None:
        return time.process_time()
    fields = Path(f"/proc/{_PIDS[url]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _phase(
    name: str,
    url: str,
    count: Counting,
    phases: dict[str, tuple[float, int]],
    cpus: dict[str, tuple[float, float]],
) -> Iterator[None]:
    """Record one phase: wall time and requests (``count``'s), CPU of the tool and of the emulator
    at ``url`` serving it."""
    t, cpu, emu, n = time.perf_counter(), _cpu(), _cpu(url), count.count
    yield
    phases[name] = (time.perf_counter() - t, count.count - n)
    cpus[name] = (_cpu() - cpu, _cpu(url) - emu)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_replay(url: str, creates: list[tuple[str, str, bytes, bytes]]) -> tuple[float, float, float, int]:
    """The same creates (publications and bindings too), back to back from a bare client (old
    target ids swapped for new): seconds, the emulator's CPU seconds, the client's, and how many
    the emulator refused (0, or the baseline did less work than the import)."""
    ids: dict[str, str] = {}
    refused = 0
    with httpx.Client(base_url=url, timeout=30) as http:
        started, cpu, own = time.perf_counter(), _cpu(url), _cpu()
        for method, path, body, old_answer in creates:
            path = _HEX.sub(lambda m: ids.get(m.group(0), m.group(0)), path)
            body = _HEX.sub(lambda m: ids.get(m.group(0), m.group(0)), body.decode()).encode()
            r = http.request(method, path, content=body, headers={"Content-Type": "application/json"})
            refused += r.status_code >= 300
            for old, new in zip(_HEX.findall(old_answer.decode()), _HEX.findall(r.text), strict=False):
                ids.setdefault(old, new)
        return time.perf_counter() - started, _cpu(url) - cpu, _cpu() - own, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    data = fixture("small")
    loop = next(s for s in data["steps"] if "repeat" in s)
    loop["repeat"] = max(1, round(loop["repeat"] * args.objects / 273))
    quotas1, quotas2 = _known_quotas("v1.0"), _known_quotas("v2")
    with tempfile.TemporaryDirectory(prefix="apig-bench-") as tmp:
        work = Path(tmp)
        with (
            emulator("v1.0", work / "v1.db", quotas1) as v1_url,
            emulator("v2", work / "v2.db", quotas2) as v2_url,
            emulator("v2", work / "bare.db", quotas2) as bare_url,
        ):
            t = time.perf_counter()
            with BlockingApiClient(v1_url, "v1.0") as v1:
                load(v1, data)
            print(f"load (not timed against the target): {time.perf_counter() - t:6.1f} s")
            phases: dict[str, tuple[float, int]] = {}
            cpus: dict[str, tuple[float, float]] = {}
            count = Counting()
            with (
                BlockingApiClient(v1_url, "v1.0", transport=count) as v1,
                _phase("export", v1_url, count, phases, cpus),
            ):
                manifest = export_tenant(v1, str(work / "bundle"), v1_url, concurrency=args.concurrency)
            total = sum(manifest["counts"].values())
            bundle = read_bundle(work / "bundle")
            count = Counting()
            count.record = []
            with (
                BlockingApiClient(
                    v2_url, "v2", project_id=PROJECT, instance_id=INSTANCE, transport=count
                ) as v2,
                Journal(work / "journal.db", "v1.0", "v2") as journal,
            ):
                with _phase("import", v2_url, count, phases, cpus):
                    outcome = Importer(
                        bundle,
                        v2,
                        journal,
                        project_id=PROJECT,
                        instance_id=INSTANCE,
                        concurrency=args.concurrency,
                    ).run()
                creates, count.record = count.record, None
                with _phase("verify", v2_url, count, phases, cpus):
                    checked = verify(
                        bundle,
                        v2,
                        journal,
                        project_id=PROJECT,
                        instance_id=INSTANCE,
                        concurrency=args.concurrency,
                    )
            bare, bare_cpu, bare_own, refused = bare_replay(bare_url, creates)
    failures, differences = len(outcome.failures), len(checked.differences)
    print(f"objects exported: {total}  failures: {failures}  differences: {differences}")
    for name, (secs, requests) in phases.items():
        tool, served = cpus[name]
        print(
            f"{name:7s} {secs:7.2f} s  {requests:6d} requests  {requests / secs:8.0f} req/s"
            f"   CPU: tool {tool:6.2f} s, emulator {served:6.2f} s"
        )
    wall = sum(secs for secs, _ in phases.values())
    print(f"export + import + verify: {wall:.2f} s (target <= 60 s, --concurrency {args.concurrency})")
    print(f"peak RSS of the tool: {_rss_mb():.0f} MB (target <= 300 MB)")
    print(
        f"bare client, the same {len(creates)} creates back to back: {bare:.2f} s"
        f" (CPU: client {bare_own:.2f} s, emulator {bare_cpu:.2f} s; refused: {refused})"
    )
    print(f"import / bare ratio: {phases['import'][0] / bare:.2f} (target <= 1.5)")
    print(
        json.dumps(
            {
                "phases": {k: v[0] for k, v in phases.items()},
                "rss_mb": _rss_mb(),
                "ratio": phases["import"][0] / bare,
            }
        )
    )


if __name__ == "__main__":
    main()
