"""Declarations shared by both versions: each factory takes the version (whose catalog entry gives
the names, operations, ids, parent and references) and what else differs (generated values), and
returns the family's :class:`Resource`.

Resource names are the same in both versions so that the special handlers can find them.
"""

from __future__ import annotations

from collections.abc import Mapping

from translator.core.catalog import resource
from translator.emulator.crud import load
from translator.emulator.declare import Call, Gen, Resource, View, const, new_id, now
from translator.emulator.special import domains
from translator.emulator.special.bindings import Binding
from translator.emulator.special.views import published_in
from translator.emulator.store import Doc
from translator.types import Version


def group(version: Version, extra: Mapping[str, Gen] | None = None) -> Resource:
    def domain(call: Call, doc: Doc) -> str:
        return f"{doc.get('id') or call.ids.hex()}.apic.cn-north-4.huaweicloudapis.com"

    def domains(call: Call, doc: Doc) -> list[str]:
        return [str(doc["sl_domain"])]

    return Resource(
        resource(version, "api_group"),
        quota_code="APIG.3101",
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
        embedded={"url_domains": "domain"},
    )


def domain(version: Version, extra: Mapping[str, Gen] | None = None) -> Resource:
    """A domain name bound to a group (5 per group, unique across the tenant)."""
    return Resource(
        resource(version, "domain"),
        unique=(("domain_key",),),
        duplicate="APIG.3305",
        quota=5,
        quota_code="APIG.3108",
        wrong_parent="APIG.3474",
        server={"id": new_id, "status": const(3), **(extra or {})},
        prepare=domains.prepare,
        view=domains.view,
    )


def certificate(version: Version) -> Resource:
    """The SSL certificate of a domain (served by ``special.domains``)."""
    return Resource(
        resource(version, "certificate"),
        server={"id": new_id, "type": const("instance"), "create_time": now, "update_time": now},
    )


def api(version: Version, view: View, extra: Mapping[str, Gen] | None = None) -> Resource:
    return Resource(
        resource(version, "api"),
        quota_code="APIG.3102",
        unique=(("group_id", "name"), ("group_id", "req_method", "req_uri")),
        duplicate="APIG.3202",
        duplicate_by={("group_id", "req_method", "req_uri"): "APIG.3301"},
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
        cascade=(("api_version", "api_id"),),
        view=view,
    )


def env(version: Version) -> Resource:
    return Resource(
        resource(version, "env"),
        quota_code="APIG.3104",
        unique=(("name",),),
        duplicate="APIG.3205",
        server={"id": new_id, "create_time": now},
        fuzzy=frozenset({"name"}),
        cascade=(("env_variable", "env_id"),),
    )


def env_variable(version: Version) -> Resource:
    return Resource(
        resource(version, "env_variable"),
        quota_code="APIG.3106",
        unique=(("group_id", "env_id", "variable_name"),),
        duplicate="APIG.3303",
        server={"id": new_id},
        fuzzy=frozenset({"variable_name"}),
    )


def throttle(version: Version) -> Resource:
    def view(call: Call, doc: Doc) -> Doc:
        special = call.res("throttle_special")
        assert special.parent is not None
        n = call.store.count(special.kind, {special.parent: doc["id"]})
        return {**doc, "is_inclu_special_throttle": 1 if n else 2}

    return Resource(
        resource(version, "throttle"),
        quota_code="APIG.3107",
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
        view=view,
    )


def throttle_special(version: Version, name_field: str) -> Resource:
    """Excluded (special) throttling: an app or a user with its own limit under a throttle. The
    catalog's conditional reference names the object field, its type field and the app type."""
    entry = resource(version, "throttle_special")
    assert entry.parent is not None
    (ref,) = [r for r in entry.references if r.when]
    ((type_field, app_type),) = ref.when

    def prepare(call: Call, doc: Doc, current: Doc | None) -> None:
        if doc.get(type_field) == app_type:
            found = load(call, call.res(ref.resource), doc.get(ref.path))
            doc["app_id"] = found["id"]
            doc["app_name"] = found["name"]
            doc[name_field] = found["name"]
        else:
            doc[name_field] = doc.get(ref.path)

    return Resource(
        entry,
        unique=((entry.parent.field, ref.path),),
        duplicate="APIG.3308",
        server={"id": new_id, "apply_time": now},
        fuzzy=frozenset({"app_name"}),
        filters={"user": ref.path},
        prepare=prepare,
    )


def acl(version: Version) -> Resource:
    return Resource(
        resource(version, "acl"),
        quota_code="APIG.3112",
        unique=(("acl_name",),),
        duplicate="APIG.3206",
        server={"id": new_id, "update_time": now},
        touch=("update_time",),
        fuzzy=frozenset({"acl_name"}),
        filters={"name": "acl_name"},
        counts={"bind_num": ("acl_binding", "acl_id")},
    )


def app(
    version: Version,
    app_key: Gen,
    extra: Mapping[str, Gen] | None = None,
    cascade: tuple[tuple[str, str], ...] = (),
) -> Resource:
    """Apps; deleting one deletes its authorizations and the ``cascade`` documents naming it."""

    def secret(call: Call, doc: Doc) -> str:
        return call.ids.hex()

    return Resource(
        resource(version, "app"),
        quota_code="APIG.3103",
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
        cascade=(("app_auth", "app_id"), *cascade),
    )


def app_code(version: Version) -> Resource:
    return Resource(
        resource(version, "app_code"),
        unique=(("app_id", "app_code"),),
        quota=5,
        quota_code="APIG.3131",
        server={"id": new_id, "create_time": now},
    )


def signature(version: Version, extra: Mapping[str, Gen] | None = None) -> Resource:
    def key(call: Call, doc: Doc) -> str:
        return call.ids.token(16, letter_first=True)  # 只能以英文字母开头

    def secret(call: Call, doc: Doc) -> str:
        return call.ids.token(32)

    return Resource(
        resource(version, "signature"),
        quota_code="APIG.3105",
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


def authorizer(version: Version) -> Resource:
    return Resource(
        resource(version, "authorizer"),
        quota_code="APIG.3116",
        unique=(("name",),),
        duplicate="APIG.3211",
        server={"id": new_id, "create_time": now},
        fuzzy=frozenset({"name"}),
    )


def bindings(version: Version) -> list[Resource]:
    """Publications, versions, the three policy binding kinds and app authorizations (served by
    ``special``)."""
    return [
        Resource(
            resource(version, "publication"),
            unique=(("api_id", "env_id"),),
            cascade=(
                ("acl_binding", "publish_id"),
                ("throttle_binding", "publish_id"),
                ("sign_binding", "publish_id"),
            ),
        ),
        Resource(resource(version, "api_version")),
        Resource(resource(version, "acl_binding"), unique=(("publish_id", "acl_id"),)),
        Resource(resource(version, "throttle_binding"), unique=(("publish_id",),)),
        Resource(resource(version, "sign_binding"), unique=(("publish_id",),)),
        Resource(
            resource(version, "app_auth"),
            unique=(("app_id", "api_id", "env_id"),),
            duplicate="APIG.3316",
        ),
    ]


BINDINGS = (
    Binding(
        resource="acl_binding",
        policy="acl",
        policy_field="acl_id",
        policy_query="acl_id",
        time_field="create_time",
        policy_fields={"acl_name": "acl_name", "acl_type": "acl_type", "acl_value": "acl_value"},
    ),
    Binding(
        resource="throttle_binding",
        policy="throttle",
        policy_field="strategy_id",
        policy_query="throttle_id",
        time_field="apply_time",
        policy_fields={"throttle_name": "name"},
        extra={"scope": 1},
    ),
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
        api_rows_id="binding",
        policy_rows_id="binding",
    ),
)
"""The three policy binding kinds of both versions (the catalog gives each version's operations,
unbind parameter, batch field and the row keys carrying the binding's id)."""
