"""Publishing: publish / take offline (one, many, by action), versions (list, get, offline,
switch) and the runtime definition of a published API.

A publication is an API in an environment pointing at its current version; each publish stores
a new version holding a snapshot of the API.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from translator.core.apierrors import ApiError, not_found
from translator.emulator.crud import load, remove
from translator.emulator.declare import Call, Handler
from translator.emulator.special.rows import filter_rows, listing
from translator.emulator.special.views import env_fields
from translator.emulator.store import Doc

RELEASE_ENV_ID = "DEFAULT_ENVIRONMENT_RELEASE_ID"


def _current(call: Call, api_id: str, env_id: str) -> Doc | None:
    pub = call.res("publication")
    found = call.store.list(pub.kind, {"api_id": api_id, "env_id": env_id}, limit=1)[0]
    return found[0] if found else None


def _row(pub: Doc, api: Doc) -> Doc:
    return {**pub, "api_name": api.get("name")}


def publish(call: Call, api_id: Any, env_id: Any, remark: Any) -> Doc:
    """Publish ``api_id`` in ``env_id`` as a new version; returns the publication row."""
    api = load(call, call.res("api"), api_id)
    env = load(call, call.res("env"), env_id)
    ver = call.res("api_version")
    now = call.ids.now()
    with call.store.transaction():
        for old in call.store.list(ver.kind, {"api_id": api["id"], "env_id": env["id"]})[0]:
            call.store.update(ver.kind, old["version_id"], {"status": 2})
        version = call.store.create(
            ver.kind,
            {
                "version_id": call.ids.hex(),
                "version_no": datetime.now(UTC).strftime("%Y%m%d%H%M%S%f"),
                "api_id": api["id"],
                "env_id": env["id"],
                "remark": remark,
                "publish_time": now,
                "status": 1,
                "snapshot": api,
            },
        )
        current = _current(call, api["id"], env["id"])
        changes = {"version_id": version["version_id"], "publish_time": now, "remark": remark}
        pub = call.res("publication")
        if current is None:
            doc = {"publish_id": call.ids.hex(), "api_id": api["id"], "env_id": env["id"], **changes}
            stored = call.store.create(pub.kind, doc)
        else:
            stored = call.store.update(pub.kind, current["publish_id"], changes)
    return _row(stored, api)


def offline(call: Call, api_id: Any, env_id: Any) -> Doc:
    """Take ``api_id`` offline in ``env_id`` (its bindings go with the publication)."""
    api = load(call, call.res("api"), api_id)
    load(call, call.res("env"), env_id)
    current = _current(call, api["id"], str(env_id))
    if current is None:
        pub = call.res("publication")
        raise not_found(pub.not_found, pub.label, f"{api['id']}/{env_id}")
    ver = call.res("api_version")
    with call.store.transaction():
        remove(call, call.res("publication"), current)
        for old in call.store.list(ver.kind, {"api_id": api["id"], "env_id": current["env_id"]})[0]:
            call.store.update(ver.kind, old["version_id"], {"status": 2})
    return _row(current, api)


def publish_one_v1(call: Call) -> Doc:
    return publish(call, call.path["api_id"], call.body.get("env_id"), call.body.get("remark"))


def offline_one_v1(call: Call) -> None:
    offline(call, call.path["api_id"], call.query.get("env_id"))


def publish_or_offline(call: Call) -> Doc:
    body = call.body
    if body.get("action") == "offline":
        return offline(call, body.get("api_id"), body.get("env_id"))
    return publish(call, body.get("api_id"), body.get("env_id"), body.get("remark"))


def batch(call: Call) -> dict[str, Any]:
    action = call.query.get("action") or "online"
    body = call.body
    success, failure = [], []
    for api_id in body.get("apis") or []:
        try:
            if action == "offline":
                success.append(offline(call, api_id, body.get("env_id")))
            else:
                success.append(publish(call, api_id, body.get("env_id"), body.get("remark")))
        except ApiError as err:
            failure.append({"api_id": api_id, **err.body()})
    return {"success": success, "failure": failure}


def versions(call: Call) -> Any:
    api = load(call, call.res("api"), call.path["api_id"])
    ver = call.res("api_version")
    rows = [
        {**v, **env_fields(call, v.get("env_id"))}
        for v in call.store.list(ver.kind, {"api_id": api["id"]})[0]
    ]
    rows.reverse()
    return listing(call, filter_rows(call, rows))


def _version_view(call: Call, version: Doc) -> Doc:
    snapshot = dict(version.get("snapshot") or {})
    env = env_fields(call, version.get("env_id"))
    current = _current(call, str(version.get("api_id")), str(version.get("env_id")))
    return {
        **snapshot,
        "run_env_id": env["run_env_id"],
        "run_env_name": env["run_env_name"],
        "publish_id": current.get("publish_id") if current else None,
        "version_id": version["version_id"],
        "publish_time": version.get("publish_time"),
    }


def version_get(call: Call) -> Doc:
    return _version_view(call, load(call, call.res("api_version"), call.path["version_id"]))


def version_offline(call: Call) -> None:
    version = load(call, call.res("api_version"), call.path["version_id"])
    current = _current(call, str(version["api_id"]), str(version["env_id"]))
    if current is not None and current.get("version_id") == version["version_id"]:
        offline(call, version["api_id"], version["env_id"])


def version_switch(call: Call) -> Doc:
    api = load(call, call.res("api"), call.path["api_id"])
    ver = call.res("api_version")
    version = load(call, ver, call.body.get("version_id"))
    if version["api_id"] != api["id"]:
        raise not_found(ver.not_found, ver.label, str(version["version_id"]))
    pub = call.res("publication")
    now = call.ids.now()
    with call.store.transaction():
        for old in call.store.list(ver.kind, {"api_id": api["id"], "env_id": version["env_id"]})[0]:
            call.store.update(ver.kind, old["version_id"], {"status": 2})
        call.store.update(ver.kind, version["version_id"], {"status": 1})
        current = _current(call, api["id"], str(version["env_id"]))
        changes = {"version_id": version["version_id"], "publish_time": now}
        if current is None:
            doc = {"publish_id": call.ids.hex(), "api_id": api["id"], "env_id": version["env_id"], **changes}
            stored = call.store.create(pub.kind, doc)
        else:
            stored = call.store.update(pub.kind, current["publish_id"], changes)
    return _row(stored, api)


def runtime(call: Call) -> Doc:
    api = load(call, call.res("api"), call.path[call.op.path_params[-1].name])
    env_id = call.query.get("env_id") or RELEASE_ENV_ID
    current = _current(call, api["id"], str(env_id))
    if current is None:
        pub = call.res("publication")
        raise not_found(pub.not_found, pub.label, f"{api['id']}/{env_id}")
    version = load(call, call.res("api_version"), current["version_id"])
    grp = call.store.get(call.res("api_group").kind, api["group_id"])
    view = _version_view(call, version)
    return {
        **view,
        "group_name": grp.get("name"),
        "sl_domain": grp.get("sl_domain"),
        "sl_domains": grp.get("sl_domains"),
    }


HANDLERS_V1: dict[str, Handler] = {
    "api.publish": publish_one_v1,
    "api.offline": offline_one_v1,
    "api.batch_publish_or_offline": batch,
    "api.version.list": versions,
    "api.version.get": version_get,
    "api.version.offline": version_offline,
    "api.runtime_definition.get": runtime,
}
HANDLERS_V2: dict[str, Handler] = {
    "api.publish_or_offline": publish_or_offline,
    "api.batch_publish_or_offline": batch,
    "api.version.list": versions,
    "api.version.get": version_get,
    "api.version.offline": version_offline,
    "api.version.switch": version_switch,
    "api.runtime_definition.get": runtime,
}
