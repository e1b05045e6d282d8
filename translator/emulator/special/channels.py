"""VPC channels: members added or updated in batches, replaced, enabled/disabled; member groups
created in batches; the health check replaced; plus the prepare hooks that give nested health
checks and members their server-side fields. Also ``instance.get`` (v2) for the configured instance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from translator.core.apierrors import not_found
from translator.emulator.crud import (
    children,
    create_doc,
    envelope,
    load,
    load_scoped,
    parent_id,
    remove,
    render,
    update_doc,
)
from translator.emulator.declare import Call, FilterHook, Handler, Prepare
from translator.emulator.store import Doc


@dataclass(frozen=True)
class Members:
    """How one version names a channel's members: the body's list field and a member's identity."""

    list_field: str
    identity: tuple[str, ...]


def health_prepare(channel_field: str, extra: dict[str, Any] | None = None) -> Prepare:
    """Give the nested health check its id, channel id and create time (kept across updates)."""

    def prepare(call: Call, doc: Doc, current: Doc | None) -> None:
        hc = doc.get("vpc_health_config")
        if not isinstance(hc, dict):
            return
        old = (current or {}).get("vpc_health_config") or {}
        hc.setdefault("id", old.get("id") or call.ids.hex())
        hc.setdefault("create_time", old.get("create_time") or call.ids.now())
        hc[channel_field] = doc.get("id")
        for key, value in (extra or {}).items():
            hc.setdefault(key, value)

    return prepare


def member_group_prepare(call: Call, doc: Doc, current: Doc | None) -> None:
    """Link a v2 member to its member group by name or id, within its channel."""
    groups = children(call, call.res("vpc_member_group"), str(doc.get("vpc_channel_id")))
    by_name = {g.get("member_group_name"): g for g in groups}
    by_id = {g.get("member_group_id"): g for g in groups}
    group = by_id.get(doc.get("member_group_id")) or by_name.get(doc.get("member_group_name"))
    if group is not None:
        doc["member_group_id"] = group["member_group_id"]
        doc["member_group_name"] = group["member_group_name"]


def _identity(spec: Members, doc: Doc) -> tuple[Any, ...]:
    return tuple(doc.get(f) for f in spec.identity if doc.get(f) is not None)


def add_members(spec: Members, call: Call) -> Any:
    """Add members; one with the identity of an existing member updates it. The answer is the
    channel's whole member list, as both versions' doc samples show (one member added to a channel
    of one answers ``total: 2`` with both), newest first as in those samples."""
    res = call.res("vpc_member")
    channel = parent_id(call, res)
    assert channel is not None
    existing = {_identity(spec, m): m for m in children(call, res, channel)}
    with call.store.transaction():
        for item in (call.body or {}).get(spec.list_field) or []:
            old = existing.get(_identity(spec, item))
            if old is not None:
                update_doc(call, res, old, item)
            else:
                create_doc(call, res, item, channel)
    rows = [render(call, res, m) for m in reversed(children(call, res, channel))]
    return envelope(call, rows, len(rows))


def replace_members(call: Call) -> Any:
    """v2 PUT members: the channel's members (or one member group's) become the given list."""
    res = call.res("vpc_member")
    channel = parent_id(call, res)
    assert channel is not None
    body = call.body or {}
    group = body.get("member_group_name")
    with call.store.transaction():
        for old in children(call, res, channel):
            if group in (None, "") or old.get("member_group_name") == group:
                remove(call, res, old)
        for item in body.get("members") or []:
            create_doc(call, res, {"member_group_name": group, **item} if group else item, channel)
    rows = [render(call, res, m) for m in children(call, res, channel)]
    return envelope(call, rows, len(rows))


def set_status(status: int, call: Call) -> None:
    res = call.res("vpc_member")
    channel = parent_id(call, res)
    with call.store.transaction():
        for ident in (call.body or {}).get("member_ids") or []:
            member = load(call, res, ident)
            if member.get("vpc_channel_id") != channel:
                raise not_found(res.not_found, res.label, str(ident))
            call.store.update(res.kind, member["id"], {"status": status})


def delete_member_v1(call: Call) -> None:
    """v1.0 DELETE .../members/{inst_id}: the member's id or its instance id."""
    res = call.res("vpc_member")
    channel = parent_id(call, res)
    assert channel is not None
    ident = call.path["inst_id"]
    for member in children(call, res, channel):
        if ident in (member.get("id"), member.get("instance_id")):
            remove(call, res, member)
            return
    raise not_found(res.not_found, res.label, str(ident))


def add_member_groups(call: Call) -> Any:
    """Add member groups; one named as an existing group updates it (the first of a repeated name wins)."""
    res = call.res("vpc_member_group")
    channel = parent_id(call, res)
    assert channel is not None
    existing = {g.get("member_group_name"): g for g in children(call, res, channel)}
    seen: set[Any] = set()
    rows = []
    with call.store.transaction():
        for item in (call.body or {}).get("member_groups") or []:
            name = item.get("member_group_name")
            if name in seen:
                continue
            seen.add(name)
            old = existing.get(name)
            stored = (
                update_doc(call, res, old, item) if old is not None else create_doc(call, res, item, channel)
            )
            rows.append(render(call, res, stored))
    return envelope(call, rows, len(rows))


def member_filter(
    field: str, groups_too: bool = False, fuzzy_ok: bool = False, inherited: str | None = None
) -> FilterHook:
    """List filter on a channel's members (and member groups): channels having a match, exact
    unless ``fuzzy_ok`` (and the parameter is not named by ``precise_search``). A member without
    the field takes the channel's ``inherited`` field (a member's port defaults to the channel's)."""

    def hook(call: Call, value: Any, fuzzy: bool) -> Callable[[Doc], bool]:
        fuzzy = fuzzy and fuzzy_ok
        wanted = str(value).lower()
        kinds = [call.res("vpc_member")] + ([call.res("vpc_member_group")] if groups_too else [])
        hits, inheriting = set(), set()
        for res in kinds:
            for doc in call.store.list(res.kind)[0]:
                have, channel = doc.get(field), doc.get(res.parent or "")
                if have is None:
                    inheriting.add(channel)
                elif wanted in str(have).lower() if fuzzy else str(have) == str(value):
                    hits.add(channel)

        def match(channel: Doc) -> bool:
            ident = channel.get("id")
            if ident in hits:
                return True
            return inherited is not None and ident in inheriting and str(channel.get(inherited)) == str(value)

        return match

    return hook


def update_health(call: Call) -> Any:
    res = call.res("vpc_channel")
    channel = load_scoped(call, res)
    stored = update_doc(call, res, channel, {"vpc_health_config": dict(call.body or {})})
    return stored["vpc_health_config"]


def instance(call: Call) -> Doc:
    cfg = call.config
    return {
        "id": cfg.instance_id,
        "project_id": cfg.project_id,
        "instance_name": "apig-emulator",
        "status": "Running",
        "instance_status": 6,
        "type": "apig",
        "spec": "PROFESSIONAL",
        "description": "local emulator",
        "instance_version": "emulator",
        "enterprise_project_id": "0",
        "charging_mode": 0,
    }


V1_MEMBERS = Members("vpc_instances", ("instance_id",))
V2_MEMBERS = Members("members", ("host", "ecs_id", "port"))

HANDLERS_V1: dict[str, Handler] = {
    "vpc_channel.member.create": partial(add_members, V1_MEMBERS),
    "vpc_channel.member.delete": delete_member_v1,
}
HANDLERS_V2: dict[str, Handler] = {
    "vpc_channel.member.create": partial(add_members, V2_MEMBERS),
    "vpc_channel.member.update": replace_members,
    "vpc_channel.member.batch_enable": partial(set_status, 1),
    "vpc_channel.member.batch_disable": partial(set_status, 2),
    "vpc_channel.member_group.create": add_member_groups,
    "vpc_channel.health_check.update": update_health,
    "instance.get": instance,
}
