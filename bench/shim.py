"""What the shim costs: the legacy list call and a create, through the shim and through two
pass-through proxies without translation, against one v2 backend stub, in the same run.

    python bench/shim.py [--duration 5] [--conns 32,128] [--rate 200] [--no-pin]

Targets (each its own process; with pinning the servers share CPU 1, the load generator has CPU 0):
  shim        the shim (plain ASGI on uvicorn, the aiohttp upstream when installed, else httpx)
  pass-own    the shim's own stack without translation: its plain ASGI request/response on
              uvicorn, the same upstream client, path rewritten, body passed through
  pass-fast   the fastest Python pass-through built here: a bare ASGI callable on uvicorn with one
              aiohttp.ClientSession (httpx when aiohttp is missing)
The backend stub is a bare asyncio HTTP/1.1 server answering 20 channels (~8 KB) for any GET and
a channel for any POST. Also measured: translation alone (request and response of the list call)
in process. Prints numbers, never asserts.

Columns: req/s and latency as the load generator saw them; ``cpu us/req`` the target process's
CPU time per request and ``stub us`` the stub's (``/proc/PID/stat``); ``req/s vs fast`` the
throughput ratio to pass-fast, and ``cpu vs fast`` the ratio of CPU per request (target + stub)
of pass-fast to this target's: what the throughput ratio is when the stack has its core to itself.
On a machine other work loads (two cores, five sessions) the req/s ratio swings by 0.2 between
runs; the CPU ratio much less.

Measured (2 cores shared with other sessions; median of 3 runs, range in brackets; ``cpu vs fast``,
project venv: asyncio loop, h11, aiohttp upstream):

    case          before (31c1128)     engine + hot path      + settle_heap (GC)
    list   32     0.55 (0.49-0.56)     0.57 (0.53-0.69)       0.71 (0.57-0.72)
    create 32     0.56 (0.56-0.57)     0.64 (0.62-0.73)       0.67 (0.59-0.68)
    list  128     0.50 (0.49-0.53)     0.60 (0.56-0.66)       0.60 (0.54-0.65)
    create 128    0.55 (0.54-0.64)     0.69 (0.62-0.77)       0.65 (0.63-0.72)
    shim CPU per list request at 32 conns: 1067-1427 us before, 843-1167 us after (pass-fast 570-670)
    translation of the list call in process, p50: 169-218 us before, 76-135 us after (busy machine)
    paced 200 req/s, p50 added over pass-fast: +0.8 to +1.0 ms on the quieter runs (+15 ms when
    the machine was saturated, for every target alike)

2026-12-02, two quiet runs (``cpu vs fast``): list 32 0.60-0.63x, create 32 0.57-0.58x, list 128
0.58-0.63x, create 128 0.63-0.72x; pass-own 0.78-0.99x; paced 200 req/s p50 +0.18 to +0.19 ms
over pass-fast; translation p50 40 µs. The value rules now checked on every v1.0 request (the
docs' prose rules) cost the create path 28 µs a request under cProfile (less without it).

With uvloop and httptools (``PYTHONPATH`` with both, as the shared harness's references run):
shim 860 us CPU per list request against pass-fast 424 us (0.52x), pass-own 528 us.

The shared harness (``/work/shared/bench-harness``, wrk, list call only, shim from the CLI pinned
to CPU 1 with uvloop and httptools, access log off), same run: py-aiohttp (the fastest Python
pass-through there) 1519 req/s at 32 conns and 1709 at 128; the shim 916 (0.60x) and 1037
(0.61x); CPU per request target + backend 608 vs 936 us (0.65x) and 518 vs 733 us (0.71x); the
httpx pass-throughs (py-pass, py-raw) 120-273 req/s; nginx-proxy 4579/6378. Paced 200 req/s:
p50 shim 1.53 ms, py-aiohttp 1.41 ms, direct 0.26 ms.

Where the rest goes (py-spy under load): uvicorn's HTTP and aiohttp's client are most of every
target's CPU; the shim adds decoding and encoding the JSON, translating both ways, validating,
routing and its bookkeeping (about 130 us a request on a quiet core, twice that here).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PROJECT, INSTANCE = "0123456789abcdef0123456789abcdef", "eddc4d25480b4cd6b512f270a1b8b341"
LIST = "/v1.0/apigw/vpc-channels?page_no=2&page_size=20"
V2_PREFIX = f"/v2/{PROJECT}/apigw/instances/{INSTANCE}"
CREATE_BODY = {
    "name": "vpc_bench",
    "type": 2,
    "member_type": "instance",
    "port": 80,
    "balance_strategy": 1,
    "vpc_instances": [{"instance_id": "ecs_1", "instance_name": "ecs_1", "weight": 5}],
    "vpc_health_config": {
        "protocol": "TCP",
        "port": 80,
        "threshold_normal": 2,
        "threshold_abnormal": 2,
        "time_interval": 10,
        "time_out": 5,
    },
}


def _channel(i: int) -> dict[str, Any]:
    return {
        "id": f"{i:032x}",
        "name": f"vpc_channel_{i:04d}",
        "type": 2,
        "port": 8080,
        "balance_strategy": 1,
        "member_type": "instance",
        "dict_code": "",
        "create_time": "2026-01-01T00:00:00Z",
        "status": 1,
        "member_groups": [],
        "microservice_info": {"id": "", "instance_id": "", "service_type": "", "cse_info": None},
        "vpc_channel_type": "builtin",
        "remark": "a channel of the benchmark's backend stub, about four hundred bytes in all " * 1,
    }


def list_body() -> bytes:
    return json.dumps(
        {"total": 40, "size": 20, "vpc_channels": [_channel(i) for i in range(20, 40)]}
    ).encode()


# ---------------------------------------------------------------------------------------- servers


class StubProtocol(asyncio.Protocol):
    def __init__(self, get_response: bytes, post_response: bytes) -> None:
        self.get_response, self.post_response = get_response, post_response
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1")
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            assert self.transport is not None
            self.transport.write(self.post_response if head.startswith("POST") else self.get_response)


def _http(status: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


async def serve_stub(port: int) -> None:
    created = json.dumps({**_channel(1), "name": "vpc_bench"}).encode()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: StubProtocol(_http("200 OK", list_body()), _http("201 Created", created)), "127.0.0.1", port
    )
    async with server:
        await server.serve_forever()


def _rewrite(path: str, query: str) -> tuple[str, str]:
    """The pass-through's rewrite: the v2 URL, page_no/page_size as offset/limit (no translation)."""
    rest = path.removeprefix("/v1.0/apigw")
    pairs = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
    if "page_size" in pairs:
        size = int(pairs["page_size"])
        query = f"offset={(int(pairs.get('page_no', 1)) - 1) * size}&limit={size}"
    return V2_PREFIX + rest, query


def pass_fast_app(backend: str) -> Any:
    """A bare ASGI pass-through over one aiohttp session (httpx without aiohttp)."""
    state: dict[str, Any] = {}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        path, query = _rewrite(scope["path"], scope["query_string"].decode())
        url = f"{backend}{path}?{query}" if query else backend + path
        session = state.get("session")
        if session is None:
            try:
                import aiohttp

                session = state["session"] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=512))
            except ImportError:
                import httpx

                session = state["session"] = httpx.AsyncClient(limits=httpx.Limits(max_connections=512))
        headers = {"Content-Type": "application/json"} if body else {}
        if hasattr(session, "ws_connect"):
            async with session.request(scope["method"], url, data=body or None, headers=headers) as r:
                status, content = r.status, await r.read()
        else:
            r = await session.request(scope["method"], url, content=body, headers=headers)
            status, content = r.status_code, r.content
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(content)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})

    return app


def pass_own_app(backend: str) -> Any:
    """The shim's own stack without validation or translation: its plain ASGI request and response
    (``translator.shim.asgi``) and its upstream client; path rewritten, body passed through."""
    from translator.shim.asgi import Incoming, lifespan, respond
    from translator.shim.config import ShimConfig
    from translator.shim.forward import upstream_for

    upstream = upstream_for(ShimConfig(backend=backend, project_id=PROJECT, instance_id=INSTANCE))

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send, upstream.aclose)
            return
        request = Incoming.of(scope, receive)
        path, query = _rewrite(request.path, request.query)
        body = await request.body(1 << 22)
        answer = await upstream.send(
            request.method,
            path,
            dict(p.split("=", 1) for p in query.split("&") if "=" in p),
            json.loads(body) if body else None,
        )
        await respond(send, answer.status, answer.raw, "application/json")

    return app


def serve_target(kind: str, port: int, backend: str) -> None:
    import uvicorn

    if kind == "stub":
        _loop_policy()
        asyncio.run(serve_stub(port))
        return
    if kind == "shim":
        from translator.shim.app import create_app
        from translator.shim.config import ShimConfig

        app = create_app(
            ShimConfig(backend=backend, project_id=PROJECT, instance_id=INSTANCE, access_log=False)
        )
    elif kind == "pass-own":
        app = pass_own_app(backend)
    else:
        app = pass_fast_app(backend)
    from translator.shim.serve import settle_heap

    settle_heap()  # as `apig-translator shim` serves; the pass-throughs get it too (same footing)
    loop = "uvloop" if _has("uvloop") else "asyncio"
    http = "httptools" if _has("httptools") else "h11"
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, loop=loop, http=http)


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _loop_policy() -> None:
    if _has("uvloop"):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


# ------------------------------------------------------------------------------- load generator


async def _connection(
    port: int, request: bytes, stop_at: float, out: list[float], errors: list[int], pace: Any = None
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            if pace is not None:
                slot = pace()
                if slot >= stop_at:
                    return
                delay = slot - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            elif time.perf_counter() >= stop_at:
                return
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            out.append(time.perf_counter() - started)
            if head[9:10] != b"2":
                errors.append(int(head[9:12]))
    finally:
        writer.close()


async def _load(port: int, request: bytes, conns: int, seconds: float, rate: float = 0) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[int] = []
    stop_at = time.perf_counter() + seconds
    pace = None
    if rate:
        start = time.perf_counter() + 0.05
        counter = iter(range(10**9))

        def pace() -> float:
            return start + next(counter) / rate

    began = time.perf_counter()
    await asyncio.gather(
        *(_connection(port, request, stop_at, latencies, errors, pace) for _ in range(conns))
    )
    return {"latencies": latencies, "errors": len(errors), "elapsed": time.perf_counter() - began}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (``/proc/PID/stat``, clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(
    port: int, pids: tuple[int, int], request: bytes, conns: int, seconds: float, rate: float = 0
) -> dict[str, Any]:
    """One run: the load's numbers and the CPU time the target and the stub used on it."""
    before = [_cpu_seconds(pid) for pid in pids]
    run = asyncio.run(_load(port, request, conns, seconds, rate))
    run["cpu"] = [_cpu_seconds(pid) - b for pid, b in zip(pids, before, strict=True)]
    return run


def _summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Runs of one target (interleaved with the others') summed: req/s, latency percentiles, CPU
    microseconds per request of the target and of the stub."""
    latencies = sorted(x for r in runs for x in r["latencies"])
    n = len(latencies)
    elapsed = sum(r["elapsed"] for r in runs)

    def pct(p: float) -> float:
        return latencies[min(n - 1, int(p * n))] * 1000 if n else float("nan")

    target_cpu = sum(r["cpu"][0] for r in runs)
    stub_cpu = sum(r["cpu"][1] for r in runs)
    return {
        "rps": n / elapsed if elapsed else 0.0,
        "p50": pct(0.5),
        "p99": pct(0.99),
        "n": n,
        "errors": sum(r["errors"] for r in runs),
        "cpu_us": target_cpu / n * 1e6 if n else float("nan"),
        "stub_us": stub_cpu / n * 1e6 if n else float("nan"),
    }


def _request(method: str, path: str, body: bytes = b"") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    return (head + f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def _start(kind: str, port: int, backend: str, pin: bool) -> subprocess.Popen[bytes]:
    command = [sys.executable, __file__, "--serve", kind, "--port", str(port), "--backend", backend]
    if pin and shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    process = subprocess.Popen(command, env=env)
    _wait(port)
    return process


def translation_us(rounds: int = 2000) -> float:
    """p50 of translating the list call's request and its ~8 KB v2 answer, in microseconds."""
    from translator.core import validation
    from translator.spec.routes import match
    from translator.translate import translate_request, translate_response

    body = json.loads(list_body())
    times: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        op, _ = match("v1.0", "GET", "/v1.0/apigw/vpc-channels")
        query = validation.query(op, {"page_no": "2", "page_size": "20"})
        tr = translate_request(
            "v1_to_v2",
            "GET",
            "/v1.0/apigw/vpc-channels",
            query,
            None,
            project_id=PROJECT,
            instance_id=INSTANCE,
            check=False,
        )
        translate_response("v2_to_v1", tr.pair, 200, body)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--backend", default="", help=argparse.SUPPRESS)
    parser.add_argument("--duration", type=float, default=6.0, help="seconds of load per target and case")
    parser.add_argument("--rounds", type=int, default=3, help="the duration in this many interleaved slices")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--conns", default="32,128")
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--rate-conns", type=int, default=8)
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args()
    if args.serve:
        serve_target(args.serve, args.port, args.backend)
        return
    pin = not args.no_pin and (os.cpu_count() or 1) >= 2
    if pin:
        os.sched_setaffinity(0, {0})
    _loop_policy()
    stub_port = _free_port()
    stub = _start("stub", stub_port, "", pin)
    processes = [stub]
    backend = f"http://127.0.0.1:{stub_port}"
    targets: dict[str, tuple[int, tuple[int, int]]] = {}
    try:
        for kind in ("shim", "pass-own", "pass-fast"):
            port = _free_port()
            process = _start(kind, port, backend, pin)
            processes.append(process)
            targets[kind] = (port, (process.pid, stub.pid))
        calls = {
            "list": _request("GET", LIST),
            "create": _request("POST", "/v1.0/apigw/vpc-channels", json.dumps(CREATE_BODY).encode()),
        }
        print(
            f"upstream client: {'aiohttp' if _has('aiohttp') else 'httpx'}; "
            f"loop: {'uvloop' if _has('uvloop') else 'asyncio'}; "
            f"http: {'httptools' if _has('httptools') else 'h11'}; pinned: {pin}; "
            f"{args.duration:g} s per target and case in {args.rounds} interleaved slices"
        )
        print(
            f"{'call':<7} {'conns':>5} {'target':<10} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'err':>4}"
            f" {'cpu us/req':>10} {'stub us':>7}  {'req/s vs fast':>13}  {'cpu vs fast':>11}"
        )
        for conns in (int(c) for c in args.conns.split(",")):
            for name, request in calls.items():
                runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in targets}
                for port, _ in targets.values():
                    asyncio.run(_load(port, request, conns, args.warmup))
                for _ in range(args.rounds):
                    for kind, (port, pids) in targets.items():
                        runs[kind].append(_measure(port, pids, request, conns, args.duration / args.rounds))
                results = {kind: _summary(r) for kind, r in runs.items()}
                fast = results["pass-fast"]
                for kind, r in results.items():
                    # a stack that saturates its core serves 1 / (its CPU per request): the ratio of
                    # CPU per request (target + stub) is what the req/s ratio is on a quiet machine
                    cpu_ratio = (fast["cpu_us"] + fast["stub_us"]) / (r["cpu_us"] + r["stub_us"])
                    print(
                        f"{name:<7} {conns:>5} {kind:<10} {r['rps']:>7.0f} {r['p50']:>7.2f} {r['p99']:>7.2f}"
                        f" {r['errors']:>4.0f} {r['cpu_us']:>10.0f} {r['stub_us']:>7.0f}"
                        f"  {r['rps'] / fast['rps']:>12.2f}x  {cpu_ratio:>10.2f}x"
                    )
        if args.rate:
            paced: dict[str, list[dict[str, Any]]] = {kind: [] for kind in targets}
            for _ in range(args.rounds):
                for kind, (port, pids) in targets.items():
                    paced[kind].append(
                        _measure(
                            port, pids, calls["list"], args.rate_conns, args.duration / args.rounds, args.rate
                        )
                    )
            summaries = {kind: _summary(r) for kind, r in paced.items()}
            for kind, r in summaries.items():
                added = r["p50"] - summaries["pass-fast"]["p50"]
                print(
                    f"paced {args.rate:g} req/s list {kind:<10} p50 {r['p50']:.2f} ms p99 {r['p99']:.2f} ms "
                    f"(+{added:.2f} ms p50 over pass-fast) errors {r['errors']:.0f}"
                )
        print(
            f"translation of the list call (request + 8 KB answer), in process: p50 {translation_us():.0f} µs"
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
