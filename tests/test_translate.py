"""The translation API as the shim uses it: validation by default, the follow-pages flag, the id
hook and the v2 -> v1.0 pair choice."""

from __future__ import annotations

from typing import Any

import pytest

from translator.errors import ConstantMismatch, OutOfRange, UnknownOperation, ValidationFailed
from translator.mapping import paths
from translator.mapping.load import load_mappings
from translator.spec import OperationSpec
from translator.translate import (
    convert,
    route_direction,
    route_request,
    translate_request,
    translate_response,
    typed_query,
)
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


@pytest.mark.parametrize(
    ("path", "direction"),
    [("/v1.0/apigw/apis", "v1_to_v2"), ("/v2/p/apigw/instances/i/apis", "v2_to_v1")],
)
def test_route_direction(path: str, direction: str) -> None:
    assert route_direction(path) == direction


@pytest.mark.parametrize("path", ["", "/", "/foo", "/v1.1/apigw/apis", "v1.0/apigw/apis", "/v3/p/apigw"])
def test_a_path_of_neither_version_says_what_the_two_look_like(path: str) -> None:
    with pytest.raises(UnknownOperation, match=r"neither a v1\.0 path \(/v1\.0/apigw/\.\.\.\) nor a v2 path"):
        route_direction(path)


def test_missing_ids_stay_placeholders() -> None:
    out = route_request("v1_to_v2", "GET", "/v1.0/apigw/vpc-channels", {}, project_id=None, instance_id="I")
    assert out.path == "/v2/{project_id}/apigw/instances/I/vpc-channels" and out.placeholders == (
        "project_id",
    )
    full = route_request("v1_to_v2", "GET", "/v1.0/apigw/vpc-channels", {}, project_id="P", instance_id="I")
    assert full.placeholders == ()


def test_route_without_a_body_shows_what_the_translation_puts_there() -> None:
    out = route_request(
        "v1_to_v2", "POST", "/v1.0/apigw/apis/publish/abc", {}, project_id="P", instance_id="I"
    )
    assert out.body == {"api_id": "abc", "action": "online"}
    with pytest.raises(ValidationFailed, match="env_id"):
        route_request(
            "v1_to_v2",
            "POST",
            "/v1.0/apigw/apis/publish/abc",
            {},
            {"env_id": 1},
            project_id="P",
            instance_id="I",
        )


def test_undocumented_query_parameters_are_dropped_with_a_note() -> None:
    assert typed_query("v1.0", "vpc_channel.list", {"page_no": "2", "bogus": "x"}) == {
        "page_no": 2,
        "bogus": "x",
    }
    out = route_request(
        "v1_to_v2", "GET", "/v1.0/apigw/vpc-channels", {"bogus": "x"}, project_id="P", instance_id="I"
    )
    assert out.query == {} and [(n.path, n.kind) for n in out.notes] == [("@query.bogus", "unknown")]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page_no": str(2**63)}, "page_no"),
        ({"page_no": str(2**62), "page_size": "20"}, "page_no"),
        ({"page_size": "20", "page_no": "9" * 30}, "page_no"),
    ],
)
def test_page_numbers_past_64_bits_are_refused(query: dict[str, str], field: str) -> None:
    with pytest.raises(OutOfRange, match=field):
        route_request("v1_to_v2", "GET", "/v1.0/apigw/vpc-channels", query, project_id="P", instance_id="I")
    with pytest.raises(OutOfRange, match="offset"):
        route_request("v2_to_v1", "GET", "/v2/P/apigw/instances/I/vpc-channels", {"offset": str(2**64)})


def test_a_constant_that_does_not_hold_is_an_error() -> None:
    with pytest.raises(ConstantMismatch) as info:
        convert("api.publish", "v2_to_v1", "request", {"action": "offline", "api_id": "a", "env_id": "e"})
    assert (info.value.field, info.value.value, info.value.expected) == ("action", "offline", "online")
    with pytest.raises(ConstantMismatch, match="limit"):
        route_request("v2_to_v1", "GET", "/v2/P/apigw/instances/I/apis/publish/abc", {"limit": "7"})
    out = route_request("v2_to_v1", "GET", "/v2/P/apigw/instances/I/apis/publish/abc", {"limit": "500"})
    assert out.op_id == "api.version.list"


def test_a_translation_breaking_a_target_rule_says_so() -> None:
    secret = "1234567890abcdefgh"  # v1.0 takes a secret starting with a digit; v2 wants a letter first
    body = {"name": "sig_one", "sign_key": "Abcdefgh1", "sign_secret": secret}
    done = convert("signature.create", "v1_to_v2", "request", body)
    assert done.body == body
    stricter = [n for n in done.notes if n.kind == "stricter"]
    assert [n.path for n in stricter] == ["sign_secret"]
    assert "starts with letters" in stricter[0].detail and secret not in str(stricter[0])
    # the same body sent as a request: the note too
    req = translate_request(
        "v1_to_v2", "POST", "/v1.0/apigw/signs", {}, body, project_id=PROJECT, instance_id=INSTANCE
    )
    assert [n.path for n in req.notes if n.kind == "stricter"] == ["sign_secret"]
    # the shim's hot path leaves the check to its backend
    fast = translate_request(
        "v1_to_v2",
        "POST",
        "/v1.0/apigw/signs",
        {},
        body,
        project_id=PROJECT,
        instance_id=INSTANCE,
        stricter=False,
    )
    assert fast.body == req.body and not [n for n in fast.notes if n.kind == "stricter"]
    # a value both versions refuse is no stricter rule: no note
    both = {**body, "sign_secret": "Abcdefghijklmnop1", "name": "1sig"}
    assert not [
        n for n in convert("signature.create", "v1_to_v2", "request", both).notes if n.kind == "stricter"
    ]
