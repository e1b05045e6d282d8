"""The v1.0 (shared gateway) declarations."""

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

V: Version = "v1.0"
DIALECT = Dialect(version=V, mask_secrets=True)  # app_secret and sign_secret read back masked


def _app_key(call: Call, doc: Doc) -> str:
    return call.ids.uuid()


def _api_view(call: Call, doc: Doc) -> Doc:
    out = api_view(call, doc)
    out["bakend_type"] = out.get("backend_type")
    return out


def resources() -> list[Resource]:
    return [
        c.group(V),
        c.domain(V),
        c.certificate(V),
        c.api(V, _api_view),
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
            filters={"vpc_type": "type"},
            embedded={"vpc_instances": "vpc_member"},
            prepare=channels.health_prepare("vpc_id"),
        ),
        Resource(
            resource(V, "vpc_member"),
            server={"id": new_id, "status": const(1), "create_time": now, "weight": const(1)},
            filters={"name": "instance_name"},
            fuzzy=frozenset({"instance_name"}),
        ),
        c.throttle(V),
        c.throttle_special(V, name_field="instance_name"),
        c.acl(V),
        c.app(V, _app_key),
        c.app_code(V),
        c.signature(V),
        c.authorizer(V),
        *c.bindings(V),
    ]


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
    return assemble(DIALECT, resources(), c.BINDINGS, special, quotas)
