"""The v2 (dedicated gateway) declarations."""

from __future__ import annotations

from collections.abc import Mapping

from translator.core.catalog import resource
from translator.emulator.declare import Call, Dialect, Registry, Resource, const, new_id, now
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
from translator.emulator.special.views import api_view
from translator.emulator.store import Doc
from translator.types import Version

V: Version = "v2"
DIALECT = Dialect(version=V)


def _app_key(call: Call, doc: Doc) -> str:
    return call.ids.hex()


def resources() -> list[Resource]:
    return [
        c.group(V, {"sl_domain_access_enabled": const(True), "version": const("V1")}),
        c.api(V, api_view),
        c.domain(
            V,
            {"verified_client_certificate_enabled": const(False), "is_http_redirect_to_https": const(False)},
        ),
        c.certificate(V),
        c.env(V),
        c.env_variable(V),
        Resource(
            resource(V, "vpc_channel"),
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
            resource(V, "vpc_member"),
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
            resource(V, "vpc_member_group"),
            unique=(("vpc_channel_id", "member_group_name"),),
            server={"member_group_id": new_id, "create_time": now, "update_time": now},
            touch=("update_time",),
            fuzzy=frozenset({"member_group_name"}),
        ),
        c.throttle(V),
        c.throttle_special(V, name_field="object_name"),
        c.acl(V),
        c.app(V, _app_key, cascade=(("app_quota_binding", "app_id"),)),
        c.app_code(V),
        Resource(
            resource(V, "app_quota"),
            unique=(("name",),),
            server={"app_quota_id": new_id, "create_time": now},
            fuzzy=frozenset({"name"}),
            counts={"bound_app_num": ("app_quota_binding", "app_quota_id")},
        ),
        Resource(resource(V, "app_quota_binding")),
        c.signature(V, {"sign_type": const("hmac")}),
        c.authorizer(V),
        *c.bindings(V),
    ]


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
    return assemble(DIALECT, resources(), c.BINDINGS, special, quotas)
