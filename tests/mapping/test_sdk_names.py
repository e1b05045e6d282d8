"""Every v2 field name the tables emit exists in the official SDK's model for that operation.

The SDK (`huaweicloudsdkapig`) is a real v2 client nobody here wrote: if a table emitted a key the
SDK does not know, the real service would not know it either. This walks each mapped v2 path
through the SDK's model classes (`attribute_map` gives the JSON keys, `openapi_types` the nesting).
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import huaweicloudsdkapig.v2 as sdk
import pytest

from translator.mapping import paths
from translator.mapping.load import CONFIGURED_PATH_PARAMS, load_mappings

MAPPINGS = load_mappings()
_LIST = re.compile(r"^list\[(.+)\]$")
_DICT = re.compile(r"^dict\(str, (.+)\)$")


def _model(name: str) -> Any:
    return getattr(sdk, name, None)


def _json_keys(cls: Any) -> dict[str, str]:
    """JSON key -> type string of an SDK model class."""
    return {cls.attribute_map[a]: t for a, t in cls.openapi_types.items()}


def _resolve(cls: Any, path: str) -> str | None:
    """None if ``path`` exists under SDK class ``cls``, else the first missing segment."""
    current: Any = cls
    for segment in path.split("."):
        key = segment[:-2] if segment.endswith("[]") else segment
        if current is None:
            return segment
        keys = _json_keys(current)
        if key not in keys:
            return segment
        type_name = keys[key]
        inner = _LIST.match(type_name) or _DICT.match(type_name)
        current = _model(inner.group(1) if inner else type_name)
    return None


def _request_param_names(request_cls: Any, method: str) -> set[str]:
    source = inspect.getsource(getattr(sdk.ApigClient, f"_{method}_http_info"))
    names = set(re.findall(r"path_params\['([^']+)'\]", source))
    names |= set(re.findall(r"query_params\.append\(\('([^']+)'", source))
    return names


CASES = [(op_id, pair) for op_id, pair in sorted(MAPPINGS.pairs.items()) if pair.v2.sdk is not None]


@pytest.mark.parametrize(("op_id", "pair"), CASES, ids=[c[0] for c in CASES])
def test_v2_names_exist_in_the_sdk(op_id: str, pair: Any) -> None:
    ref = pair.v2.sdk
    missing: list[str] = []
    params = _request_param_names(_model(ref.request), ref.method)
    body_cls = _model(ref.body) if ref.body else None
    for v2_path in pair.request.mapping.values():
        if v2_path in (paths.PATH_PARAMS, paths.QUERY_PARAMS):
            continue
        if v2_path.startswith((paths.PATH_PARAMS + ".", paths.QUERY_PARAMS + ".")):
            name = v2_path.split(".", 1)[1]
            if name not in params and name not in CONFIGURED_PATH_PARAMS:
                missing.append(v2_path)
        elif body_cls is None or _resolve(body_cls, v2_path) is not None:
            missing.append(f"request {v2_path}")
    response_cls = _model(ref.response)
    for v2_path in pair.response.mapping.values():
        if v2_path == paths.ROOT_ARRAY or v2_path.startswith("[]"):
            continue  # a bare array response: the SDK wraps it in a body attribute
        if _resolve(response_cls, v2_path) is not None:
            missing.append(f"response {v2_path}")
    assert missing == [], f"{op_id}: v2 names the SDK does not know: {missing}"


def test_the_sdk_check_catches_a_wrong_name() -> None:
    assert _resolve(_model("VpcCreate"), "members[].ecs_id") is None
    assert _resolve(_model("VpcCreate"), "members[].instance_id") == "instance_id"
    assert _resolve(_model("VpcCreate"), "vpc_health_config.time_out") == "time_out"
