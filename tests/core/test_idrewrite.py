"""translator.core.idrewrite: ids in and out of v1.0 messages where the catalog locates them."""

from __future__ import annotations

from translator.core.catalog import IdLocation
from translator.core.idrewrite import CatalogIdRewrite, _apply
from translator.mapping.load import load_mappings
from translator.translate import TranslatedRequest, translate_request, translate_response

OLD_TO_NEW = {
    ("vpc_channel", "ch-old"): "ch-new",
    ("app", "app-old"): "app-new",
    ("throttle", "th-old"): "th-new",
    ("publication", "pub-old"): "pub-new",
    ("acl", "acl-old"): "acl-new",
    ("api", "api-old"): "api-new",
    ("env", "env-old"): "env-new",
}
NEW_TO_OLD = {(res, new): old for (res, old), new in OLD_TO_NEW.items()}
HOOK = CatalogIdRewrite(lambda r, i: OLD_TO_NEW.get((r, i)), lambda r, i: NEW_TO_OLD.get((r, i)))
PROJECT, INSTANCE = "p1", "i1"


def _v2(
    method: str, path: str, body: object = None, query: dict[str, object] | None = None
) -> TranslatedRequest:
    return translate_request(
        "v1_to_v2", method, path, query or {}, body, project_id=PROJECT, instance_id=INSTANCE, ids=HOOK
    )


def test_an_old_id_in_the_path_becomes_the_new_one() -> None:
    out = _v2("GET", "/v1.0/apigw/vpc-channels/ch-old")
    assert out.path.endswith("/vpc-channels/ch-new")


def test_an_unknown_id_passes_unchanged() -> None:
    out = _v2("GET", "/v1.0/apigw/vpc-channels/made-after-the-migration")
    assert out.path.endswith("/vpc-channels/made-after-the-migration")


def test_ids_in_bodies_and_array_items() -> None:
    out = _v2("POST", "/v1.0/apigw/acl-bindings", {"acl_id": "acl-old", "publish_ids": ["pub-old", "pub-x"]})
    assert out.body == {"acl_id": "acl-new", "publish_ids": ["pub-new", "pub-x"]}


def test_a_conditional_id_is_mapped_only_when_its_condition_holds() -> None:
    app = {"instance_id": "app-old", "instance_type": "APP", "call_limits": 7}
    user = {"instance_id": "app-old", "instance_type": "USER", "call_limits": 7}
    as_app = _v2("POST", "/v1.0/apigw/throttle-specials", {**app, "strategy_id": "th-old"})
    as_user = _v2("POST", "/v1.0/apigw/throttle-specials", {**user, "strategy_id": "th-old"})
    assert as_app.body["object_id"] == "app-new"
    assert as_user.body["object_id"] == "app-old"


def test_new_ids_in_responses_become_the_old_ones() -> None:
    pair = load_mappings().pair("vpc_channel.list")
    v2_body = {
        "total": 2,
        "size": 2,
        "vpc_channels": [
            {"id": "ch-new", "name": "one", "type": 2, "port": 80, "balance_strategy": 1},
            {"id": "ch-made-later", "name": "two", "type": 2, "port": 81, "balance_strategy": 1},
        ],
    }
    out = translate_response("v2_to_v1", pair, 200, v2_body, ids=HOOK)
    assert [row["id"] for row in out.body["vpcs"]] == ["ch-old", "ch-made-later"]


def test_a_bare_array_response_and_its_items() -> None:
    pair = load_mappings().pair("acl.binding.create")
    v2_body = {"acl_bindings": [{"id": "b1", "api_id": "api-new", "env_id": "env-new", "acl_id": "acl-new"}]}
    out = translate_response("v2_to_v1", pair, 201, v2_body, ids=HOOK)
    assert out.body[0]["api_id"] == "api-old" and out.body[0]["acl_id"] == "acl-old"
    assert out.body[0]["env_id"] == "env-old"


def test_joined_ids_are_mapped_one_by_one() -> None:
    loc = IdLocation("response", "run_env_id", "env", "reference", joined="|")
    out = _apply(
        {"run_env_id": "env-new|env-other"}, ["run_env_id"], loc, lambda r, i: NEW_TO_OLD.get((r, i))
    )
    assert out == {"run_env_id": "env-old|env-other"}


def test_messages_are_not_changed_in_place() -> None:
    body = {"acl_id": "acl-old", "publish_ids": ["pub-old"]}
    _v2("POST", "/v1.0/apigw/acl-bindings", body)
    assert body == {"acl_id": "acl-old", "publish_ids": ["pub-old"]}
