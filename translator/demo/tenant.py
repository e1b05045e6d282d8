"""A tenant described as v1.0 calls (``fixtures/tenants/*.json``), loaded through the API.

A file holds ``steps``: ``{"op", "path", "query", "body", "save"}`` calls, and
``{"repeat": N, "var": "s", "steps": [...]}`` loops; ``{s}`` in any string is the loop counter,
``${name.field}`` a field of the answer saved as ``name``, ``${RELEASE}`` the default environment.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from translator.core.blocking import BlockingApiClient
from translator.core.catalog import resource_of_op

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tenants"
RELEASE = "DEFAULT_ENVIRONMENT_RELEASE_ID"
_REF = re.compile(r"\$\{([^}]+)\}")


def fixture(name: str) -> dict[str, Any]:
    path = Path(name) if name.endswith(".json") else FIXTURES / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _fill(value: Any, loop: dict[str, int], saved: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, loop, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, loop, saved) for v in value]
    if not isinstance(value, str):
        return value
    for var, n in loop.items():
        value = value.replace(f"{{{var}}}", str(n))

    def ref(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "RELEASE":
            return RELEASE
        key, _, field = name.partition(".")
        return str(saved[key][field])

    return _REF.sub(ref, value)


def load(client: BlockingApiClient, data: dict[str, Any]) -> Counter[str]:
    """Make the tenant; returns the calls made per catalog resource."""
    saved: dict[str, Any] = {}
    made: Counter[str] = Counter()

    def run(steps: list[dict[str, Any]], loop: dict[str, int]) -> None:
        for step in steps:
            if "repeat" in step:
                for n in range(int(step["repeat"])):
                    run(step["steps"], {**loop, step["var"]: n})
                continue
            op = str(step["op"])
            body = client.call(
                op,
                path=_fill(step.get("path"), loop, saved),
                query=_fill(step.get("query"), loop, saved),
                body=_fill(step.get("body"), loop, saved),
            ).body
            if "save" in step:
                saved[_fill(step["save"], loop, saved)] = body
            res = resource_of_op(client.version, op)
            made[res.name if res is not None else op] += 1

    run(list(data["steps"]), {})
    return made
