"""Checks for the catalog's known errors and traps (catalog/README.md)."""

from __future__ import annotations

from .common import Body, DerivationError, Field, Op
from .fields import body_fields, iter_body_fields
from .report import Report


def field_names(body: Body | None) -> set[str]:
    return {f["name"] for f in body_fields(body)}


def find_path(body: Body | None, path: str) -> Field | None:
    return next((f for p, f in iter_body_fields(body) if p == path), None)


def verify_traps(out: dict[str, dict[str, Op]], report: Report) -> None:
    """Check the outcome for each trap of catalog/README.md "Known errors and traps"; fail if not met."""
    v1, v2 = out["v1.0"], out["v2"]
    checks: list[tuple[str, bool]] = []
    for op_id in ("acl.binding.create", "signature.binding.create", "app_auth.create"):
        req = v1[op_id]["request"]
        checks.append(
            (
                f"v1.0 `{op_id}`: bare array is the RESPONSE (response shape array, request "
                f"{'object' if req else 'absent'})",
                v1[op_id]["response"] is not None
                and v1[op_id]["response"]["shape"] == "array"
                and (req is None or req["shape"] == "object"),
            )
        )
    for ver, ops in (("v1.0", v1), ("v2", v2)):
        ok = all(
            "is_inclu_special_throttle" in {f["name"] for _, f in iter_body_fields(ops[o]["response"])}
            and "is_include_special_throttle"
            not in {f["name"] for _, f in iter_body_fields(ops[o]["response"])}
            for o in ("throttle.create", "throttle.get", "throttle.update", "throttle.list")
        )
        checks.append(
            (
                f"{ver} throttles: `is_inclu_special_throttle` (examples + SDK) used, not the table's "
                "`is_include_special_throttle`",
                ok,
            )
        )
    for op_id in ("throttle.special.create", "throttle.special.update"):
        f1, f2 = (
            find_path(v1[op_id]["response"], "instance_id"),
            find_path(v1[op_id]["response"], "instance_type"),
        )
        checks.append(
            (
                f"v1.0 `{op_id}` response instance_id/instance_type are strings",
                bool(f1 and f2 and f1["type"] == f2["type"] == "string"),
            )
        )
    checks.append(
        (
            "v2 `env.create` response has `id` (table + SDK), not the example's `env_id`",
            "id" in field_names(v2["env.create"]["response"])
            and "env_id" not in field_names(v2["env.create"]["response"]),
        )
    )
    vi = find_path(v1["vpc_channel.create"]["request"], "vpc_instances[]")
    checks.append(
        (
            "v1.0 `vpc_channel.create` request has `vpc_instances` (array of objects; doc row missing)",
            bool(vi and vi["type"] == "array" and vi.get("children")),
        )
    )
    for ver, ops, paths in (
        (
            "v1.0",
            v1,
            [
                ("vpc_channel.create", "request"),
                ("vpc_channel.update", "request"),
                ("vpc_channel.get", "response"),
            ],
        ),
        (
            "v2",
            v2,
            [
                ("vpc_channel.create", "request"),
                ("vpc_channel.update", "request"),
                ("vpc_channel.get", "response"),
            ],
        ),
    ):
        ok = all(
            (f := find_path(ops[o][part], "vpc_health_config.protocol")) is not None
            and f.get("enum") == ["TCP", "HTTP", "HTTPS", "tcp", "http", "https"]
            for o, part in paths
        )
        checks.append((f"{ver} health-check protocol enum accepts TCP/HTTP/HTTPS in both cases", ok))
    for text, ok in checks:
        if not ok:
            raise DerivationError(f"trap not handled: {text}")
        report.add("Known traps verified", text)
