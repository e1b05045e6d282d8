"""The translation API as the shim uses it: validation by default, the follow-pages flag, the id
hook and the v2 -> v1.0 pair choice."""

from __future__ import annotations

from typing import Any

import pytest

from translator.errors import ValidationFailed
from translator.mapping import paths
from translator.mapping.load import load_mappings
from translator.spec import OperationSpec
from translator.translate import route_request, translate_request, translate_response
from translator.types import JSON, Part

PROJECT, INSTANCE = "p1", "i1"


def test_request_bodies_are_validated_by_default() -> None:
    bad = {"name": "channel_one", "type": 2, "port": "not a number"}
    with pytest.raises(ValidationFailed) as err:
        translate_request(
            "v1_to_v2", "POST", "/v1.0/apigw/vpc-channels", {}, bad, project_id=PROJECT, instance_id=INSTANCE
        )
    assert err.value.field == "port"
    out = translate_request(
        "v1_to_v2",
        "POST",
        "/v1.0/apigw/vpc-channels",
        {},
        bad,
        project_id=PROJECT,
        instance_id=INSTANCE,
        check=False,
    )
    assert out.op_id == "vpc_channel.create"


@pytest.mark.parametrize(
    ("url", "query", "follow"),
    [
        ("/v1.0/apigw/apis", {"page_size": "0"}, True),
        ("/v1.0/apigw/apis", {"page_size": "20"}, False),
        ("/v1.0/apigw/apis", {}, False),
        ("/v1.0/apigw/envs", {"page_size": "5"}, False),
    ],
)
def test_follow_pages_when_every_item_is_asked_for(url: str, query: dict[str, str], follow: bool) -> None:
    out = route_request("v1_to_v2", "GET", url, query, project_id=PROJECT, instance_id=INSTANCE)
    assert out.follow_pages is follow


class Recorder:
    """An id hook that prefixes every value of the named keys and records what it saw."""

    def __init__(self, keys: dict[str, str]) -> None:
        self.keys = keys
        self.seen: list[tuple[str, Part]] = []

    def __call__(self, op: OperationSpec, part: Part, message: JSON) -> JSON:
        self.seen.append((op.id, part))
        return _replace(message, self.keys)


def _replace(value: Any, keys: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {k: keys[k] + str(v) if k in keys else _replace(v, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, keys) for v in value]
    return value


def test_id_hook_sees_the_v1_request_with_path_and_query_before_translation() -> None:
    hook = Recorder({"id": "new-"})
    out = translate_request(
        "v1_to_v2",
        "GET",
        "/v1.0/apigw/vpc-channels/old1",
        {},
        None,
        project_id=PROJECT,
        instance_id=INSTANCE,
        ids=hook,
    )
    assert hook.seen == [("vpc_channel.get", "request")]
    assert out.path == f"/v2/{PROJECT}/apigw/instances/{INSTANCE}/vpc-channels/new-old1"


def test_id_hook_sees_the_path_object_under_its_documented_key() -> None:
    captured: list[JSON] = []

    def hook(op: OperationSpec, part: Part, message: JSON) -> JSON:
        captured.append(message)
        return message

    translate_request(
        "v1_to_v2",
        "GET",
        "/v1.0/apigw/vpc-channels/c1",
        {},
        None,
        project_id=PROJECT,
        instance_id=INSTANCE,
        ids=hook,
    )
    assert captured[0][paths.PATH_PARAMS] == {"id": "c1"}


def test_id_hook_rewrites_v1_responses_after_translation() -> None:
    pair = load_mappings().pair("env.create")
    hook = Recorder({"id": "old-"})
    out = translate_response("v2_to_v1", pair, 201, {"id": "e2", "name": "DEV", "create_time": "t"}, ids=hook)
    assert hook.seen == [("env.create", "response")]
    assert out.body["id"] == "old-e2"


def test_id_hook_is_not_applied_to_errors() -> None:
    pair = load_mappings().pair("env.create")
    hook = Recorder({"id": "old-"})
    translate_response("v2_to_v1", pair, 404, {"error_code": "APIG.3003", "error_msg": "x"}, ids=hook)
    assert hook.seen == []


def test_pair_for_v2_is_chosen_by_the_constants_of_the_message() -> None:
    mappings = load_mappings()
    publish = mappings.pair_for_v2("api.publish_or_offline", {"action": "online"})
    offline = mappings.pair_for_v2("api.publish_or_offline", {"action": "offline"})
    assert {publish.v1.id, offline.v1.id} == {"api.publish", "api.offline"}
    assert publish.v1.id != offline.v1.id
