"""The v2 (dedicated gateway) declarations."""

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
    offset = query.get("offset")
    limit = query.get("limit")
    return min(max(int(offset or 0), 0), MAX_OFFSET), int(limit) if limit else 20


DIALECT = Dialect(version="v2", paging=_paging, paging_params=frozenset({"offset", "limit"}))


def _app_key(call: Call, doc: Doc) -> str:
    return call.ids.hex()


def resources() -> list[Resource]:
    return [
        c.group(
            "group_id", c.crud("api_group"), {"sl_domain_access_enabled": const(True), "version": const("V1")}
        ),
        c.api("api_id", c.crud("api"), api_view),
        c.domain(
            "domain_id",
            c.crud("domain", "create", "update", "delete"),
            {"verified_client_certificate_enabled": const(False), "is_http_redirect_to_https": const(False)},
        ),
        c.certificate("certificate_id"),
        c.env("env_id", c.crud("env", "create", "update", "delete", "list")),
        c.env_variable("env_variable_id", c.crud("env_variable", "create", "get", "delete", "list")),
        Resource(
            name="vpc_channel",
            label="VPC channel",
            id_param="vpc_channel_id",
            not_found="APIG.3023",
            ops=c.crud("vpc_channel"),
            unique=(("name",),),
            duplicate="APIG.3208",
            quota=30,  # "每个用户最多创建30个VPC通道"
            quota_code="APIG.3109",
            server={"id": new_id, "status": const(1), "create_time": now},
            fuzzy=frozenset({"name"}),
            filters={
                "member_host": channels.member_filter("host"),
                "member_port": channels.member_filter("port", inherited="port"),
                "member_group_name": channels.member_filter("member_group_name", True, fuzzy_ok=True),
                "member_group_id": channels.member_filter("member_group_id", True),
            },
            embedded={"member_groups": "vpc_member_group", "members": "vpc_member"},
            prepare=channels.health_prepare("vpc_channel_id", {"status": 1}),
        ),
        Resource(
            name="vpc_member",
            label="VPC channel member",
            id_param="member_id",
            not_found="APIG.3023",
            ops=c.crud("vpc_channel.member", "delete", "list"),
            parent="vpc_channel_id",
            parent_kind="vpc_channel",
            parent_param="vpc_channel_id",
            server={
                "id": new_id,
                "status": const(1),
                "create_time": now,
                "is_backup": const(False),
                "health_status": const("normal"),
                "weight": const(1),
            },
            filters={"name": None},
            fuzzy=frozenset({"member_group_name"}),
            prepare=channels.member_group_prepare,
        ),
        Resource(
            name="vpc_member_group",
            label="Member group",
            id_param="member_group_id",
            id_field="member_group_id",
            not_found="APIG.3023",
            ops=c.crud("vpc_channel.member_group", "get", "update", "delete", "list"),
            parent="vpc_channel_id",
            parent_kind="vpc_channel",
            parent_param="vpc_channel_id",
            unique=(("vpc_channel_id", "member_group_name"),),
            server={"member_group_id": new_id, "create_time": now, "update_time": now},
            touch=("update_time",),
            fuzzy=frozenset({"member_group_name"}),
        ),
        c.throttle("throttle_id", c.crud("throttle"), "throttle_id"),
        c.throttle_special(
            "strategy_id",
            c.crud("throttle.special", "create", "update", "delete", "list"),
            parent="throttle_id",
            parent_param="throttle_id",
            object_field="object_id",
            type_field="object_type",
            name_field="object_name",
        ),
        c.acl("acl_id", c.crud("acl")),
        c.app("app_id", c.crud("app"), _app_key),
        c.app_code("app_code_id", c.crud("app.code", "create", "get", "delete", "list"), "app_id"),
        Resource(
            name="app_quota",
            label="App quota",
            id_param="app_quota_id",
            id_field="app_quota_id",
            not_found="APIG.3093",
            ops=c.crud("app_quota"),
            unique=(("name",),),
            server={"app_quota_id": new_id, "create_time": now},
            fuzzy=frozenset({"name"}),
            counts={"bound_app_num": ("app_quota_binding", "app_quota_id")},
        ),
        Resource(
            name="app_quota_binding",
            label="App quota binding",
            id_param="app_id",
            not_found="APIG.3004",
            parent="app_quota_id",
            parent_kind="app_quota",
            unique=(("app_id",),),
        ),
        c.signature(
            "sign_id", c.crud("signature", "create", "update", "delete", "list"), {"sign_type": const("hmac")}
        ),
        c.authorizer("authorizer_id", c.crud("authorizer")),
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
            delete_param="acl_bindings_id",
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
            delete_param="throttle_binding_id",
            batch_field="throttle_bindings",
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
                "sign_type": "sign_type",
                "signature_name": "name",
            },
            delete_param="sign_bindings_id",
            api_rows_id="binding",
            policy_rows_id="binding",
        ),
        "list_bound_signatures",
    ),
}


def registry(quotas: Mapping[str, int] | None = None) -> Registry:
    special = [
        publish.HANDLERS_V2,
        apps.HANDLERS_V2,
        auths.HANDLERS,
        channels.HANDLERS_V2,
        domains.HANDLERS,
        overview.HANDLERS,
        debug.HANDLERS,
        transfer.HANDLERS_V2,
        configs.HANDLERS_V2,
    ]
    return assemble(DIALECT, resources(), BINDINGS, special, quotas)
