"""Declarations shared by both versions: each factory takes what differs (path parameter names,
op ids, generated values) and returns the family's :class:`Resource`.

Resource names are the same in both versions so that the special handlers can find them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from translator.emulator.crud import load
from translator.emulator.declare import Call, Gen, Resource, View, const, new_id, now
from translator.emulator.special import domains
from translator.emulator.special.views import published_in
from translator.emulator.store import Doc


def crud(prefix: str, *roles: str) -> dict[str, str]:
    """``{role: "<prefix>.<role>"}`` for the given roles (default: all five)."""
    return {r: f"{prefix}.{r}" for r in (roles or ("create", "get", "update", "delete", "list"))}


def group(id_param: str, ops: Mapping[str, str], extra: Mapping[str, Gen] | None = None) -> Resource:
    def domain(call: Call, doc: Doc) -> str:
        return f"{doc.get('id') or call.ids.hex()}.apic.cn-north-4.huaweicloudapis.com"

    def domains(call: Call, doc: Doc) -> list[str]:
        return [str(doc["sl_domain"])]

    return Resource(
        name="api_group",
        quota_code="APIG.3101",
        label="API group",
        id_param=id_param,
        not_found="APIG.3001",
        ops=ops,
        unique=(("name",),),
        duplicate="APIG.3201",
        server={
            "id": new_id,
            "status": const(1),
            "sl_domain": domain,
            "sl_domains": domains,
            "register_time": now,
            "update_time": now,
            "on_sell_status": const(2),
            "is_default": const(2),
            **(extra or {}),
        },
        touch=("update_time",),
        fuzzy=frozenset({"name"}),
        blocked_by=(("api", "group_id", "APIG.3415"),),
        embedded={"url_domains": "domain"},
    )


def domain(id_param: str, ops: Mapping[str, str], extra: Mapping[str, Gen] | None = None) -> Resource:
    """A domain name bound to a group (5 per group, unique across the tenant)."""
    return Resource(
        name="domain",
        label="URL domain",
        id_param=id_param,
        not_found="APIG.3020",
        ops=ops,
        parent="group_id",
        parent_kind="api_group",
        parent_param="group_id",
        unique=(("domain_key",),),
        duplicate="APIG.3305",
        quota=5,
        quota_code="APIG.3108",
        wrong_parent="APIG.3474",
        server={"id": new_id, "status": const(3), **(extra or {})},
        prepare=domains.prepare,
        view=domains.view,
    )


def certificate(id_param: str) -> Resource:
    """The SSL certificate of a domain (served by ``special.domains``)."""
    return Resource(
        name="certificate",
        label="SSL certificate",
        id_param=id_param,
        not_found="APIG.3021",
        parent="domain_id",
        parent_kind="domain",
        parent_param="domain_id",
        server={"id": new_id, "type": const("instance"), "create_time": now, "update_time": now},
    )


def api(
    id_param: str, ops: Mapping[str, str], view: View, extra: Mapping[str, Gen] | None = None
) -> Resource:
    return Resource(
        name="api",
        quota_code="APIG.3102",
        label="API",
        id_param=id_param,
        not_found="APIG.3002",
        ops=ops,
        unique=(("group_id", "name"), ("group_id", "req_method", "req_uri")),
        duplicate="APIG.3202",
        duplicate_by={("group_id", "req_method", "req_uri"): "APIG.3301"},
        references={"group_id": "api_group", "authorizer_id": "authorizer"},
        server={
            "id": new_id,
            "status": const(1),
            "register_time": now,
            "update_time": now,
            "arrange_necessary": const(2),
            "match_mode": const("NORMAL"),
            "auth_opt": const({"app_code_auth_type": "DISABLE"}),
            **(extra or {}),
        },
        touch=("update_time",),
        fuzzy=frozenset({"name", "req_uri"}),
        filters={
            "env_id": published_in,
            "tags": None,
            "vpc_channel_name": None,
            "return_data_mode": None,
        },
        blocked_by=(("publication", "api_id", "APIG.3416"),),
        cascade=(("api_version", "api_id"),),
        view=view,
    )


def env(id_param: str, ops: Mapping[str, str]) -> Resource:
    return Resource(
        name="env",
        quota_code="APIG.3104",
        label="Environment",
        id_param=id_param,
        not_found="APIG.3003",
        ops=ops,
        unique=(("name",),),
        duplicate="APIG.3205",
        server={"id": new_id, "create_time": now},
        fuzzy=frozenset({"name"}),
        blocked_by=(("publication", "env_id", "APIG.3418"),),
        cascade=(("env_variable", "env_id"),),
    )


def env_variable(id_param: str, ops: Mapping[str, str]) -> Resource:
    return Resource(
        name="env_variable",
        quota_code="APIG.3106",
        label="Environment variable",
        id_param=id_param,
        not_found="APIG.3011",
        ops=ops,
        parent="group_id",
        parent_kind="api_group",
        unique=(("group_id", "env_id", "variable_name"),),
        duplicate="APIG.3303",
        references={"env_id": "env", "group_id": "api_group"},
        server={"id": new_id},
        fuzzy=frozenset({"variable_name"}),
    )


def throttle(id_param: str, ops: Mapping[str, str], special_parent: str) -> Resource:
    def view(call: Call, doc: Doc) -> Doc:
        special = call.res("throttle_special")
        n = call.store.count(special.kind, {special_parent: doc["id"]})
        return {**doc, "is_inclu_special_throttle": 1 if n else 2}

    return Resource(
        name="throttle",
        quota_code="APIG.3107",
        label="Request throttling policy",
        id_param=id_param,
        not_found="APIG.3005",
        ops=ops,
        unique=(("name",),),
        duplicate="APIG.3204",
        server={
            "id": new_id,
            "create_time": now,
            "type": const(1),
            "enable_adaptive_control": const("FALSE"),
        },
        fuzzy=frozenset({"name"}),
        counts={"bind_num": ("throttle_binding", "strategy_id")},
        blocked_by=(("throttle_binding", "strategy_id", "APIG.3451"),),
        view=view,
    )


def throttle_special(
    id_param: str,
    ops: Mapping[str, str],
    *,
    parent: str,
    parent_param: str | None,
    object_field: str,
    type_field: str,
    name_field: str,
) -> Resource:
    """Excluded (special) throttling: an app or a user with its own limit under a throttle."""

    def prepare(call: Call, doc: Doc, current: Doc | None) -> None:
        if doc.get(type_field) == "APP":
            found = load(call, call.res("app"), doc.get(object_field))
            doc["app_id"] = found["id"]
            doc["app_name"] = found["name"]
            doc[name_field] = found["name"]
        else:
            doc[name_field] = doc.get(object_field)

    return Resource(
        name="throttle_special",
        label="Excluded request throttling configuration",
        id_param=id_param,
        not_found="APIG.3013",
        ops=ops,
        parent=parent,
        parent_kind="throttle",
        parent_param=parent_param,
        unique=((parent, object_field),),
        duplicate="APIG.3308",
        references={parent: "throttle"},
        server={"id": new_id, "apply_time": now},
        fuzzy=frozenset({"app_name"}),
        filters={"user": object_field},
        prepare=prepare,
    )


def acl(id_param: str, ops: Mapping[str, str]) -> Resource:
    return Resource(
        name="acl",
        quota_code="APIG.3112",
        label="Access control policy",
        id_param=id_param,
        not_found="APIG.3006",
        ops=ops,
        unique=(("acl_name",),),
        duplicate="APIG.3206",
        server={"id": new_id, "update_time": now},
        touch=("update_time",),
        fuzzy=frozenset({"acl_name"}),
        filters={"name": "acl_name"},
        counts={"bind_num": ("acl_binding", "acl_id")},
        blocked_by=(("acl_binding", "acl_id", "APIG.3447"),),
    )


def app(
    id_param: str, ops: Mapping[str, str], app_key: Gen, extra: Mapping[str, Gen] | None = None
) -> Resource:
    def secret(call: Call, doc: Doc) -> str:
        return call.ids.hex()

    return Resource(
        name="app",
        quota_code="APIG.3103",
        label="App",
        id_param=id_param,
        not_found="APIG.3004",
        ops=ops,
        unique=(("name",), ("app_key",)),
        duplicate="APIG.3203",
        duplicate_by={("app_key",): "APIG.3310"},
        server={
            "id": new_id,
            "status": const(1),
            "app_key": app_key,
            "app_secret": secret,
            "creator": const("USER"),
            "register_time": now,
            "update_time": now,
            "app_type": const("apig"),
            **(extra or {}),
        },
        touch=("update_time",),
        fuzzy=frozenset({"name"}),
        counts={"bind_num": ("app_auth", "app_id")},
        cascade=(("app_auth", "app_id"), ("app_quota_binding", "app_id")),
    )


def app_code(id_param: str, ops: Mapping[str, str], parent_param: str) -> Resource:
    return Resource(
        name="app_code",
        label="App code",
        id_param=id_param,
        not_found="APIG.3082",
        ops=ops,
        parent="app_id",
        parent_kind="app",
        parent_param=parent_param,
        unique=(("app_id", "app_code"),),
        quota=5,
        quota_code="APIG.3131",
        server={"id": new_id, "create_time": now},
    )


def signature(id_param: str, ops: Mapping[str, str], extra: Mapping[str, Gen] | None = None) -> Resource:
    def key(call: Call, doc: Doc) -> str:
        return call.ids.token(16)

    def secret(call: Call, doc: Doc) -> str:
        return call.ids.token(32)

    return Resource(
        name="signature",
        quota_code="APIG.3105",
        label="Signature key",
        id_param=id_param,
        not_found="APIG.3017",
        ops=ops,
        unique=(("name",),),
        duplicate="APIG.3207",
        server={
            "id": new_id,
            "sign_key": key,
            "sign_secret": secret,
            "create_time": now,
            "update_time": now,
            **(extra or {}),
        },
        touch=("update_time",),
        fuzzy=frozenset({"name"}),
        counts={"bind_num": ("sign_binding", "sign_id")},
        cascade=(("sign_binding", "sign_id"),),
    )


def authorizer(id_param: str, ops: Mapping[str, str]) -> Resource:
    return Resource(
        name="authorizer",
        quota_code="APIG.3116",
        label="Authorizer",
        id_param=id_param,
        not_found="APIG.3081",
        ops=ops,
        unique=(("name",),),
        duplicate="APIG.3211",
        server={"id": new_id, "create_time": now},
        fuzzy=frozenset({"name"}),
    )


def internal(name: str, label: str, code: str, *, id_field: str = "id", **kw: Any) -> Resource:
    """A resource with no CRUD operations of its own (bindings, publications, versions)."""
    return Resource(name=name, label=label, id_param=id_field, not_found=code, id_field=id_field, **kw)


def bindings() -> list[Resource]:
    """Publications, versions and the four binding kinds (served by ``special``)."""
    return [
        internal(
            "publication",
            "API publication record",
            "APIG.3015",
            id_field="publish_id",
            unique=(("api_id", "env_id"),),
            cascade=(
                ("acl_binding", "publish_id"),
                ("throttle_binding", "publish_id"),
                ("sign_binding", "publish_id"),
            ),
        ),
        internal("api_version", "API version", "APIG.3022", id_field="version_id"),
        internal(
            "acl_binding",
            "Access control policy binding record",
            "APIG.3010",
            unique=(("publish_id", "acl_id"),),
        ),
        internal(
            "throttle_binding",
            "Request throttling policy binding record",
            "APIG.3012",
            unique=(("publish_id",),),
        ),
        internal("sign_binding", "Signature key binding record", "APIG.3018", unique=(("publish_id",),)),
        internal(
            "app_auth",
            "App authorization record",
            "APIG.3009",
            unique=(("app_id", "api_id", "env_id"),),
            duplicate="APIG.3316",
        ),
    ]
