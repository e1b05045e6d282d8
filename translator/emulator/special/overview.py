"""Summaries computed from the store (groups on/off sale, APIs published or not in RELEASE, apps
authorized or not) and call statistics.

The emulator carries no traffic: statistics have the documented shape, one zero sample per
period of the window asked for (v1.0: minutes within an hour, hours within a day, days beyond,
at most a year; v2: minutes, at most the last hour), for an API or a group that must exist. A
duration is a number of hours or minutes (``2h``, ``30m``); anything else is ``APIG.2012``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from translator.core.apierrors import parameter_error
from translator.emulator.crud import load
from translator.emulator.declare import Call, Handler
from translator.emulator.special.publish import RELEASE_ENV_ID
from translator.emulator.store import Doc

_DURATION = re.compile(r"^([1-9][0-9]{0,5})([hm])$")
_MAX_DAYS = 366
_ZERO_COUNTS = (
    "req_count",
    "req_count2xx",
    "req_count4xx",
    "req_count5xx",
    "req_count_error",
    "max_latency",
    "avg_latency",
    "max_inner_latency",
    "avg_inner_latency",
    "max_backend_latency",
    "avg_backend_latency",
    "output_throughput",
    "input_throughput",
)


def api_groups(call: Call) -> Doc:
    groups = call.store.list(call.res("api_group").kind)[0]
    on_sale = sum(1 for g in groups if g.get("on_sell_status") == 1)
    return {"onsell_nums": on_sale, "offsell_nums": len(groups) - on_sale}


def apis(call: Call) -> Doc:
    total = call.store.count(call.res("api").kind)
    released = {
        p["api_id"] for p in call.store.list(call.res("publication").kind, {"env_id": RELEASE_ENV_ID})[0]
    }
    return {
        "instance_num": total,
        "nums_on_release": len(released),
        "nums_off_release": total - len(released),
    }


def apps(call: Call) -> Doc:
    total = call.store.count(call.res("app").kind)
    authorized = {a["app_id"] for a in call.store.list(call.res("app_auth").kind)[0]}
    return {"authed_nums": len(authorized), "unauthed_nums": total - len(authorized)}


def _window(call: Call, duration: Any) -> tuple[str, int, int]:
    """(cycle, period in seconds, number of samples) of a ``duration`` such as ``30m`` or ``2h``."""
    found = _DURATION.match(str(duration or ""))
    if found is None:
        raise parameter_error("APIG.2012", "duration")
    minutes = int(found[1]) * (60 if found[2] == "h" else 1)
    if call.registry.dialect.version == "v2" or minutes <= 60:
        return "MINUTE", 60, min(minutes, 60)
    if minutes <= 24 * 60:
        return "HOUR", 3600, -(-minutes // 60)
    return "DAY", 86400, min(-(-minutes // (24 * 60)), _MAX_DAYS)


def _samples(call: Call, cycle: str, period: int, count: int, ids: Doc) -> Doc:
    now = datetime.now(UTC)
    end = now.replace(second=0, microsecond=0) - timedelta(minutes=1)
    if period > 60:
        end = datetime.fromtimestamp(int(end.timestamp()) // period * period, UTC)
    start = end - timedelta(seconds=period * (count - 1))
    registered = now.strftime("%Y-%m-%d %H:%M:%S")
    rows = []
    for i in range(count):
        at = start + timedelta(seconds=period * i)
        row: Doc = dict.fromkeys(_ZERO_COUNTS, 0)
        row.update(ids)
        row.update(
            cycle=cycle,
            current_minute=int(at.timestamp()),
            provider=call.config.project_id,
            req_time=at.strftime("%Y-%m-%d %H:%M:%S"),
            register_time=registered,
            status=1,
        )
        rows.append(row)
    return {
        "code": "APIG.0000",
        "msg": "",
        "start_time": int(start.timestamp()),
        "end_time": int(end.timestamp()),
        "list": rows,
    }


def api_calls(call: Call) -> Doc:
    api = load(call, call.res("api"), call.query.get("api_id"))
    cycle, period, count = _window(call, call.query.get("duration"))
    return _samples(call, cycle, period, count, {"api_id": api["id"], "group_id": api.get("group_id")})


def group_calls(call: Call) -> Doc:
    group = load(call, call.res("api_group"), call.query.get("group_id"))
    return _samples(call, "MINUTE", 60, 60, {"group_id": group["id"]})


HANDLERS: dict[str, Handler] = {
    "summary.api_groups": api_groups,
    "summary.apis": apis,
    "summary.apps": apps,
    "metrics.api_calls_in_period": api_calls,
    "metrics.group_calls_last_hour": group_calls,
}
