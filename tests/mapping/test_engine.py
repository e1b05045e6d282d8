"""The engine on hand-picked cases: pagination at its boundaries, moves, value maps, reports."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from translator.errors import OutOfRange, TranslationError
from translator.mapping import engine
from translator.mapping.load import load_mappings
from translator.spec import FieldSpec
from translator.translate import (
    convert,
    route_request,
    translate_error,
    translate_request,
    translate_response,
)

P, INST = "proj1", "inst1"


def _v2(method: str, path: str, query: dict[str, str]) -> tuple[str, str, dict[str, object]]:
    out = route_request("v1_to_v2", method, path, query, project_id=P, instance_id=INST)
    return out.method, out.path, out.query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {}),  # both defaults agree: nothing to send
        ({"page_no": "1"}, {"offset": 0}),  # first page
        ({"page_no": "1", "page_size": "20"}, {"offset": 0, "limit": 20}),
        ({"page_no": "2", "page_size": "20"}, {"offset": 20, "limit": 20}),
        ({"page_no": "7"}, {"offset": 120}),  # default page size 20
        ({"page_no": "1000", "page_size": "500"}, {"offset": 499500, "limit": 500}),  # past the end, max size
        ({"page_size": "500"}, {"limit": 500}),  # page size at its maximum
    ],
)
def test_v1_pages_become_offsets(query: dict[str, str], expected: dict[str, object]) -> None:
    method, path, out = _v2("GET", "/v1.0/apigw/vpc-channels", query)
    assert (method, path) == ("GET", f"/v2/{P}/apigw/instances/{INST}/vpc-channels")
    assert out == expected


@pytest.mark.parametrize(
    ("query", "expected", "note"),
    [
        ({"offset": "0", "limit": "20"}, {"page_no": 1, "page_size": 20}, None),
        ({"offset": "40", "limit": "20"}, {"page_no": 3, "page_size": 20}, None),
        ({"offset": "45", "limit": "20"}, {"page_no": 3, "page_size": 20}, "rounded"),  # v2 only: mid-page
        ({"offset": "40"}, {"page_no": 3}, None),
        ({"limit": "500"}, {"page_size": 500}, None),
    ],
)
def test_v2_offsets_become_pages(
    query: dict[str, str], expected: dict[str, object], note: str | None
) -> None:
    out = route_request("v2_to_v1", "GET", f"/v2/{P}/apigw/instances/{INST}/vpc-channels", query)
    assert out.path == "/v1.0/apigw/vpc-channels"
    assert out.query == expected
    assert [n.kind for n in out.notes if n.path == "offset"] == ([note] if note else [])


@pytest.mark.parametrize(
    "query", [{"page_no": "0"}, {"page_size": "0"}, {"page_size": "501"}, {"page_no": "x"}]
)
def test_invalid_v1_pages_are_errors(query: dict[str, str]) -> None:
    with pytest.raises(TranslationError):
        _v2("GET", "/v1.0/apigw/vpc-channels", query)


def test_path_parameters_pair_up_and_config_fills_the_v2_prefix() -> None:
    out = route_request(
        "v1_to_v2", "DELETE", "/v1.0/apigw/vpc-channels/c1/members/m1", {}, project_id=P, instance_id=INST
    )
    assert (out.method, out.path) == ("DELETE", f"/v2/{P}/apigw/instances/{INST}/vpc-channels/c1/members/m1")
    back = route_request("v2_to_v1", "DELETE", out.path, {})
    assert back.path == "/v1.0/apigw/vpc-channels/c1/members/m1"


def test_dropped_filters_are_reported_not_silent() -> None:
    out = route_request(
        "v1_to_v2", "GET", "/v1.0/apigw/vpc-channels", {"vpc_type": "2"}, project_id=P, instance_id=INST
    )
    assert out.query == {}
    assert [(n.path, n.kind) for n in out.notes] == [("@query.vpc_type", "dropped")]


def test_vpc_channel_create_renames_and_back() -> None:
    v1 = {
        "name": "vpc_001",
        "type": 2,
        "member_type": "instance",
        "port": 15565,
        "balance_strategy": 1,
        "vpc_health_config": {
            "protocol": "HTTP",
            "path": "/hc",
            "threshold_normal": 5,
            "threshold_abnormal": 5,
            "time_out": 30,
            "time_interval": 200,
            "http_code": "205",
        },
        "vpc_instances": [{"instance_id": "i-1", "instance_name": "n1", "weight": 10}],
    }
    v2 = convert("vpc_channel.create", "v1_to_v2", "request", v1)
    assert v2.body["members"] == [{"ecs_id": "i-1", "ecs_name": "n1", "weight": 10}]
    assert v2.body["member_type"] == "ecs" and v2.body["vpc_health_config"]["timeout"] == 30
    assert "vpc_instances" not in v2.body and "time_out" not in v2.body["vpc_health_config"]
    assert convert("vpc_channel.create", "v2_to_v1", "request", v2.body).body == v1


def test_values_valid_on_one_side_only_follow_the_table_policy() -> None:
    v2 = {
        "name": "vpc_002",
        "type": 2,
        "member_type": "ecs",
        "port": 80,
        "balance_strategy": 1,
        "vpc_health_config": {
            "protocol": "TCP",
            "threshold_normal": 1,
            "threshold_abnormal": 2,
            "timeout": 5,
            "time_interval": 10,
        },
        "members": [{"ecs_id": "i-1", "ecs_name": "n1", "weight": 5000, "host": "10.0.0.1"}],
    }
    out = convert("vpc_channel.create", "v2_to_v1", "request", v2)
    assert out.body["vpc_instances"][0]["weight"] == 100  # clamped 0-10000 -> 1-100
    assert out.body["vpc_health_config"]["threshold_normal"] == 2  # clamped 1-10 -> 2-10
    kinds = {(n.path, n.kind) for n in out.notes}
    assert ("members[].weight", "clamped") in kinds and ("members[].host", "dropped") in kinds
    with pytest.raises(OutOfRange, match="ecs_id"):
        convert("vpc_channel.create", "v2_to_v1", "request", {**v2, "members": [{"ecs_id": "x" * 100}]})


def test_list_wrapper_and_response_status() -> None:
    from translator.mapping.load import load_mappings

    pair = load_mappings().pair("vpc_channel.list")
    v2 = {
        "total": 1,
        "size": 1,
        "vpc_channels": [{"id": "a" * 32, "name": "c1", "type": 2, "member_type": "ecs"}],
    }
    out = translate_response("v2_to_v1", pair, 200, v2)
    assert out.status == 200
    assert out.body == {
        "total": 1,
        "size": 1,
        "vpcs": [{"id": "a" * 32, "name": "c1", "type": 2, "member_type": "instance"}],
    }


def test_error_bodies_keep_the_dialect_and_map_codes() -> None:
    out = translate_error(
        "v2_to_v1", 404, {"error_code": "APIG.3030", "error_msg": "The instance does not exist"}
    )
    assert out.status == 500 and out.body["error_code"] == "APIG.9999"
    same = translate_error(
        "v2_to_v1", 400, {"error_code": "APIG.2001", "error_msg": "bad", "request_id": "r"}
    )
    assert same.body == {"error_code": "APIG.2001", "error_msg": "bad"}


def test_whole_request_body_and_url() -> None:
    body = {"vpc_instances": [{"instance_id": "i-9", "instance_name": "n9", "weight": 3}]}
    out = translate_request(
        "v1_to_v2", "POST", "/v1.0/apigw/vpc-channels/c1/members", {}, body, project_id=P, instance_id=INST
    )
    assert out.path == f"/v2/{P}/apigw/instances/{INST}/vpc-channels/c1/members"
    assert out.body == {"members": [{"ecs_id": "i-9", "ecs_name": "n9", "weight": 3}]}
    assert out.op_id == "vpc_channel.member.create"


SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "APIGroup_test", "version": "v1"},
    "paths": {"/test": {"get": {"operationId": "API_test"}}},
    "securityDefinitions": {
        "apig-auth-app": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "x-apigateway-auth-type": "AppSigv1",
        }
    },
}


def test_openapi_import_carries_the_document_whole_as_a_file() -> None:
    out = translate_request(
        "v1_to_v2",
        "PUT",
        "/v1.0/apigw/openapi",
        {"group_id": "g1", "mode": "merge"},
        SWAGGER,
        project_id=P,
        instance_id=INST,
    )
    assert out.path == f"/v2/{P}/apigw/instances/{INST}/openapi/import" and out.method == "POST"
    assert out.content_type == "multipart/form-data"
    assert out.body == {"file_name": SWAGGER, "group_id": "g1", "api_mode": "merge", "is_create_group": False}
    back = translate_request("v2_to_v1", "POST", out.path, {}, out.body)
    assert back.op_id == "openapi.import_existing_group"  # chosen by the constant is_create_group
    assert (back.method, back.path, back.query, back.body) == (
        "PUT",
        "/v1.0/apigw/openapi",
        {"group_id": "g1", "mode": "merge"},
        SWAGGER,
    )


def test_openapi_export_moves_query_to_body_and_maps_definition_scopes() -> None:
    out = route_request(
        "v1_to_v2",
        "GET",
        "/v1.0/apigw/openapi",
        {"env_id": "e1", "group_id": "g1", "define": "full", "type": "json"},
        project_id=P,
        instance_id=INST,
    )
    assert (out.method, out.query) == ("POST", {})
    assert out.body == {"env_id": "e1", "group_id": "g1", "define": "proxy", "type": "json"}


ODD_VALUES: tuple[object, ...] = (None, [], {}, "x", 5, [None], True)
"""Values of the wrong kind for some field: what a careless backend or client may send."""


FieldPath = tuple[FieldSpec, ...]


def _leaf_paths(fields: FieldPath, prefix: FieldPath = ()) -> Iterator[FieldPath]:
    for f in fields:
        yield (*prefix, f)
        yield from _leaf_paths(f.children, (*prefix, f))


def _body_with(path: FieldPath, leaf: object) -> dict[str, object]:
    head, rest = path[0], path[1:]
    if not rest:
        return {head.name: leaf}
    inner = _body_with(rest, leaf)
    return {head.name: [inner] if head.type == "array" else inner}


def test_a_value_of_the_wrong_kind_anywhere_is_a_translation_error_or_passes_never_a_crash() -> None:
    """Every field of every paired body, in both directions, holding each odd value in turn."""
    tried = 0
    for pair in load_mappings().pairs.values():
        for part in ("request", "response"):
            part_plan = pair.request if part == "request" else pair.response
            for direction, src in (("v1_to_v2", pair.v1), ("v2_to_v1", pair.v2)):
                body = src.request if part == "request" else src.response
                if body is None:
                    continue
                plan = part_plan.plan(direction)  # type: ignore[arg-type]
                for path in _leaf_paths(body.fields):
                    for leaf in ODD_VALUES:
                        doc: object = _body_with(path, leaf)
                        if body.shape == "array":
                            doc = [doc]
                        tried += 1
                        with contextlib.suppress(TranslationError):
                            engine.unwrap_body(engine.run(plan, engine.wrap_body(doc), []), True)
    assert tried > 10_000
