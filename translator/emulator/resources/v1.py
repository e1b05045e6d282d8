"""The v1.0 (shared gateway) declarations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from translator.emulator.declare import (
    MAX_OFFSET,
    Call,
    Dialect,
    Registry,
    Resource,
    const,
    new_id,
    now,
)
from translator.emulator.registry import assemble
from translator.emulator.resources import common as c
from translator.emulator.special import (
    apps,
    auths,
    channels,
    configs,
    debug,
    domains,
    overview,
    publish,
    transfer,
)
from translator.emulator.special.bindings import Binding
from translator.emulator.special.views import api_view
from translator.emulator.store import Doc


def _paging(query: Mapping[str, Any]) -> tuple[int, int]:
    size = int(query.get("page_size") or 20)
    size = size if size > 0 else 20
    number = max(int(query.get("page_no") or 1), 1)
    return min((number - 1) * size, MAX_OFFSET), size


DIALECT = Dialect(
    version="v1.0",
    paging=_paging,
    paging_params=frozenset({"page_no", "page_size"}),
    mask_secrets=True,  # app_secret and sign_secret read back masked
)


def _app_key(call: Call, doc: Doc) -> str:
    return call.ids.uuid()


def _api_view(call: Call, doc: Doc) -> Doc:
    out = api_view(call, doc)
    out["bakend_type"] = out.get("backend_type")
    return out


def resources() -> list[Resource]:
    return [
        c.group("id", c.crud("api_group")),
        c.domain("id", c.crud("domain", "create", "delete")),
        c.certificate("id"),
        c.api("id", c.crud("api"), _api_view),
        c.env("id", c.crud("env", "create", "update", "delete", "list")),
        c.env_variable("id", c.crud("env_variable", "create", "get", "delete", "list")),
        Resource(
            name="vpc_channel",
            label="VPC channel",
            id_param="id",
            not_found="APIG.3023",
            ops=c.crud("vpc_channel"),
            unique=(("name",),),
            duplicate="APIG.3208",
            quota=30,  # "每个用户最多创建30个VPC通道"
            quota_code="APIG.3109",
            server={"id": new_id, "status": const(1), "create_time": now},
            fuzzy=frozenset({"name"}),
            filters={"vpc_type": "type"},
            embedded={"vpc_instances": "vpc_member"},
            prepare=channels.health_prepare("vpc_id"),
        ),
        Resource(
            name="vpc_member",
            label="VPC channel member",
            id_param="inst_id",
            not_found="APIG.3023",
            ops=c.crud("vpc_channel.member", "list"),
            parent="vpc_id",
            parent_kind="vpc_channel",
            parent_param="id",
            server={"id": new_id, "status": const(1), "create_time": now, "weight": const(1)},
            filters={"name": "instance_name"},
            fuzzy=frozenset({"instance_name"}),
        ),
        c.throttle("id", c.crud("throttle"), "strategy_id"),
        c.throttle_special(
            "id",
            c.crud("throttle.special", "create", "update", "delete", "list"),
            parent="strategy_id",
            parent_param="strategy_id",
            object_field="instance_id",
            type_field="instance_type",
            name_field="instance_name",
        ),
        c.acl("id", c.crud("acl")),
        c.app("id", c.crud("app"), _app_key),
        c.app_code("id", c.crud("app.code", "create", "get", "delete", "list"), "app_id"),
        c.signature("id", c.crud("signature", "create", "update", "delete", "list")),
        c.authorizer("id", c.crud("authorizer")),
        Resource(
            name="app_quota_binding",
            label="App quota binding",
            id_param="app_id",
            not_found="APIG.3004",
            unique=(("app_id",),),
        ),
        *c.bindings(),
    ]


BINDINGS = {
    "acl.binding": (
        Binding(
            resource="acl_binding",
            policy="acl",
            policy_field="acl_id",
            policy_query="acl_id",
            time_field="create_time",
            policy_fields={"acl_name": "acl_name", "acl_type": "acl_type", "acl_value": "acl_value"},
            delete_param="id",
            batch_field="acl_bindings",
        ),
        "list_bound_policies",
    ),
    "throttle.binding": (
        Binding(
            resource="throttle_binding",
            policy="throttle",
            policy_field="strategy_id",
            policy_query="throttle_id",
            time_field="apply_time",
            policy_fields={"throttle_name": "name"},
            delete_param="id",
            extra={"scope": 1},
            id_aliases=("throttle_apply_id",),
        ),
        "list_bound_policies",
    ),
    "signature.binding": (
        Binding(
            resource="sign_binding",
            policy="signature",
            policy_field="sign_id",
            policy_query="sign_id",
            time_field="binding_time",
            policy_fields={
                "sign_name": "name",
                "sign_key": "sign_key",
                "sign_secret": "sign_secret",
                "signature_name": "name",
            },
            delete_param="id",
            api_rows_id="binding",
            policy_rows_id="binding",
        ),
        "list_bound_signatures",
    ),
}


def registry(quotas: Mapping[str, int] | None = None) -> Registry:
    special = [
        publish.HANDLERS_V1,
        apps.HANDLERS_V1,
        auths.HANDLERS,
        channels.HANDLERS_V1,
        domains.HANDLERS,
        overview.HANDLERS,
        debug.HANDLERS,
        transfer.HANDLERS_V1,
        configs.HANDLERS_V1,
    ]
    return assemble(DIALECT, resources(), BINDINGS, special, quotas)
