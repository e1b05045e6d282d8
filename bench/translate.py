"""Benchmark: microseconds per translation, table-driven engine vs a hand-written floor.

Bodies: the ~8 KB v2 "list VPC channels" response (20 channels with members, as the shim sees it
from a v2 backend) translated to v1.0, its v1.0 result translated back, and the doc sample of the
VPC channel create request in both directions. Each is timed end to end (bytes in -> bytes out)
with the same JSON codec for the engine and for a hand-written translation of the same body (the
floor: what the table-driven engine costs on top of it). Prints p50/p99 and the ratio; no
assertions. Targets: <= 150 us p50 for the 8 KB response, within 2x of the floor.

    python bench/translate.py [--iterations 20000] [--codec orjson|json]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from collections.abc import Callable
from typing import Any

import orjson

from translator.translate import convert


def v2_list_body(seed: int = 7, channels: int = 20) -> dict[str, Any]:
    """A realistic v2 list response: 20 channels, 1-3 members each (deterministic)."""
    rng = random.Random(seed)
    services = ["order", "payment", "catalog", "inventory", "user", "auth", "search", "cart"]
    items = []
    for i in range(channels):
        members = [
            {
                "id": f"{rng.getrandbits(128):032x}",
                "host": f"192.168.{i}.{10 + m}",
                "port": 9000,
                "weight": rng.randint(1, 100),
                "is_backup": False,
                "status": 1,
            }
            for m in range(rng.randint(1, 3))
        ]
        items.append(
            {
                "id": f"{rng.getrandbits(128):032x}",
                "name": f"vpc-{services[i % len(services)]}-svc-{i + 1:02d}",
                "type": 2,
                "member_type": "ip",
                "port": 9000,
                "balance_strategy": rng.randint(1, 4),
                "status": 1,
                "create_time": f"2026-0{1 + i % 9}-0{1 + i % 9}T07:40:24Z",
                "members": members,
                "vpc_channel_type": "builtin",
                "member_groups": [],
            }
        )
    return {"size": channels, "total": 57, "vpc_channels": items}


V1_CREATE = {
    "balance_strategy": 1,
    "member_type": "instance",
    "name": "vpc_001",
    "port": 15565,
    "type": 2,
    "vpc_health_config": {
        "http_code": "205",
        "path": "/hc",
        "port": 15563,
        "protocol": "http",
        "threshold_abnormal": 5,
        "threshold_normal": 5,
        "time_interval": 200,
        "time_out": 30,
    },
    "vpc_instances": [{"instance_id": "instance01", "instance_name": "instance_name01", "weight": 10}],
}

MEMBER_TYPE_V1 = {"ecs": "instance"}
MEMBER_TYPE_V2 = {"instance": "ecs"}


def hand_list_v2_to_v1(body: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "name", "type", "status", "port", "balance_strategy", "create_time")
    vpcs = []
    for c in body["vpc_channels"]:
        item = {k: c[k] for k in keep if k in c}
        if "member_type" in c:
            item["member_type"] = MEMBER_TYPE_V1.get(c["member_type"], c["member_type"])
        vpcs.append(item)
    return {"total": body["total"], "size": body["size"], "vpcs": vpcs}


def hand_list_v1_to_v2(body: dict[str, Any]) -> dict[str, Any]:
    channels = []
    for c in body["vpcs"]:
        item = dict(c)
        if "member_type" in c:
            item["member_type"] = MEMBER_TYPE_V2.get(c["member_type"], c["member_type"])
        channels.append(item)
    return {"total": body["total"], "size": body["size"], "vpc_channels": channels}


def hand_create_v1_to_v2(body: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in body.items() if k not in ("vpc_instances", "vpc_health_config", "member_type")}
    out["member_type"] = MEMBER_TYPE_V2.get(body["member_type"], body["member_type"])
    hc = dict(body["vpc_health_config"])
    hc["timeout"] = hc.pop("time_out")
    hc["protocol"] = hc["protocol"].upper()
    out["vpc_health_config"] = hc
    out["members"] = [
        {"ecs_id": m["instance_id"], "ecs_name": m["instance_name"], "weight": m["weight"]}
        for m in body["vpc_instances"]
    ]
    return out


def hand_create_v2_to_v1(body: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in body.items() if k not in ("members", "vpc_health_config", "member_type")}
    out["member_type"] = MEMBER_TYPE_V1.get(body["member_type"], body["member_type"])
    hc = dict(body["vpc_health_config"])
    hc["time_out"] = hc.pop("timeout")
    out["vpc_health_config"] = hc
    out["vpc_instances"] = [
        {"instance_id": m["ecs_id"], "instance_name": m["ecs_name"], "weight": min(100, max(1, m["weight"]))}
        for m in body["members"]
    ]
    return out


def timed(fn: Callable[[], object], iterations: int) -> tuple[float, float]:
    for _ in range(min(2000, iterations)):
        fn()
    samples = []
    gc.disable()
    try:
        for _ in range(iterations):
            t0 = time.perf_counter_ns()
            fn()
            samples.append(time.perf_counter_ns() - t0)
    finally:
        gc.enable()
    samples.sort()
    return samples[len(samples) // 2] / 1000, samples[int(len(samples) * 0.99)] / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20000)
    parser.add_argument("--codec", choices=["orjson", "json"], default="orjson")
    args = parser.parse_args()
    loads: Callable[[bytes], Any]
    dumps: Callable[[Any], bytes]
    if args.codec == "orjson":
        loads, dumps = orjson.loads, orjson.dumps
    else:
        loads, dumps = json.loads, lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode()

    list_v2 = dumps(v2_list_body())
    list_v1 = dumps(convert("vpc_channel.list", "v2_to_v1", "response", loads(list_v2), check=False).body)
    create_v1 = dumps(V1_CREATE)
    create_v2 = dumps(convert("vpc_channel.create", "v1_to_v2", "request", V1_CREATE).body)

    def engine(op: str, direction: str, part: str, raw: bytes) -> Callable[[], bytes]:
        return lambda: dumps(convert(op, direction, part, loads(raw), check=False).body)  # type: ignore[arg-type]

    def hand(fn: Callable[[Any], Any], raw: bytes) -> Callable[[], bytes]:
        return lambda: dumps(fn(loads(raw)))

    cases = [
        (
            f"list response v2->v1 ({len(list_v2)} B)",
            engine("vpc_channel.list", "v2_to_v1", "response", list_v2),
            hand(hand_list_v2_to_v1, list_v2),
        ),
        (
            f"list response v1->v2 ({len(list_v1)} B)",
            engine("vpc_channel.list", "v1_to_v2", "response", list_v1),
            hand(hand_list_v1_to_v2, list_v1),
        ),
        (
            f"create request v1->v2 ({len(create_v1)} B)",
            engine("vpc_channel.create", "v1_to_v2", "request", create_v1),
            hand(hand_create_v1_to_v2, create_v1),
        ),
        (
            f"create request v2->v1 ({len(create_v2)} B)",
            engine("vpc_channel.create", "v2_to_v1", "request", create_v2),
            hand(hand_create_v2_to_v1, create_v2),
        ),
    ]
    print(f"codec={args.codec} iterations={args.iterations}")
    print(f"{'case':<36} {'engine p50':>11} {'p99':>8} {'hand p50':>10} {'p99':>8} {'ratio p50':>10}")
    for name, eng, floor in cases:
        e50, e99 = timed(eng, args.iterations)
        h50, h99 = timed(floor, args.iterations)
        print(f"{name:<36} {e50:>9.1f}us {e99:>6.1f}us {h50:>8.1f}us {h99:>6.1f}us {e50 / h50:>9.2f}x")
    print("targets: 8 KB list response <= 150 us p50 and <= 2.00x the hand-written floor")


if __name__ == "__main__":
    main()
