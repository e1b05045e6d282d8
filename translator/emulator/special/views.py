"""Flat join rows: an API with its group, environment and publication, under every name the
docs use for them (``api_name``, ``run_env_name``, ``envname``...). Responses pick what they show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from translator.emulator.declare import Call
from translator.emulator.store import Doc
from translator.emulator.store_errors import NotFound


def _get(call: Call, resource: str, ident: Any) -> Doc:
    if not isinstance(ident, str) or not ident:
        return {}
    try:
        return call.store.get(call.res(resource).kind, ident)
    except NotFound:
        return {}


def api_fields(call: Call, api: Doc) -> Doc:
    """The API's own fields under their prefixed names, plus its group."""
    grp = _get(call, "api_group", api.get("group_id"))
    return {
        "api_id": api.get("id"),
        "api_name": api.get("name"),
        "api_type": api.get("type"),
        "api_remark": api.get("remark"),
        "group_id": api.get("group_id"),
        "group_name": grp.get("name"),
        "req_uri": api.get("req_uri"),
        "req_method": api.get("req_method"),
        "auth_type": api.get("auth_type"),
        "tags": api.get("tags"),
        "name": api.get("name"),
        "type": api.get("type"),
        "remark": api.get("remark"),
        "id": api.get("id"),
    }


def env_fields(call: Call, env_id: Any) -> Doc:
    env = _get(call, "env", env_id)
    name = env.get("name")
    return {"env_id": env_id, "env_name": name, "envname": name, "run_env_id": env_id, "run_env_name": name}


def publication_row(call: Call, publication: Doc) -> Doc:
    """An API as published in one environment."""
    api = _get(call, "api", publication.get("api_id"))
    return {
        **api_fields(call, api),
        **env_fields(call, publication.get("env_id")),
        "publish_id": publication.get("publish_id"),
        "publish_time": publication.get("publish_time"),
        "version_id": publication.get("version_id"),
    }


def publications(call: Call, api_id: str) -> list[Doc]:
    pub = call.res("publication")
    return call.store.list(pub.kind, {"api_id": api_id})[0]


def api_view(call: Call, doc: Doc) -> Doc:
    """An API with its group name and publication, as get/list show it: in a list filtered by
    environment (``env_id``) that environment's publication, else the first one."""
    grp = _get(call, "api_group", doc.get("group_id"))
    out = {**doc, "group_name": grp.get("name")}
    pubs = publications(call, str(doc.get("id")))
    wanted = (call.query or {}).get("env_id")
    if wanted not in (None, ""):
        pubs = [p for p in pubs if p.get("env_id") == wanted] or pubs
    if pubs:
        first = pubs[0]
        out.update(env_fields(call, first.get("env_id")))
        out.pop("env_id", None)
        out.pop("env_name", None)
        out.pop("envname", None)
        out["publish_id"] = first.get("publish_id")
        out["publish_time"] = first.get("publish_time")
    return out


def published_in(call: Call, env_id: Any, fuzzy: bool) -> Callable[[Doc], bool]:
    """List filter ``env_id``: APIs published in that environment."""
    pub = call.res("publication")
    ids = {p["api_id"] for p in call.store.list(pub.kind, {"env_id": env_id})[0]}
    return lambda doc: doc.get("id") in ids
