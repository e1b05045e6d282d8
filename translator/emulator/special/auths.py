"""App authorizations: authorize many apps for many published APIs at once, cancel one, and list
bound APIs (of an app), bound apps (of an API) and APIs an app may still be authorized for."""

from __future__ import annotations

from typing import Any

from translator.core.apierrors import ApiError, not_found
from translator.emulator.crud import load, remove
from translator.emulator.declare import Call, Handler
from translator.emulator.special.rows import filter_rows, listing, wrap
from translator.emulator.special.views import publication_row
from translator.emulator.store import Doc
from translator.emulator.store_errors import Conflict


def _publication(call: Call, api_id: str, env_id: str) -> Doc:
    pub = call.res("publication")
    found = call.store.list(pub.kind, {"api_id": api_id, "env_id": env_id}, limit=1)[0]
    if not found:
        raise not_found(pub.not_found, pub.label, f"{api_id}/{env_id}")
    return found[0]


def _row(call: Call, auth: Doc) -> Doc:
    app = call.store.get(call.res("app").kind, auth["app_id"])
    pub = call.res("publication")
    found = call.store.list(pub.kind, {"api_id": auth["api_id"], "env_id": auth["env_id"]}, limit=1)[0]
    return {
        **publication_row(call, found[0] if found else {"api_id": auth["api_id"], "env_id": auth["env_id"]}),
        "app_id": app["id"],
        "appid": app["id"],
        "app_name": app.get("name"),
        "app_creator": app.get("creator"),
        "app_remark": app.get("remark"),
        "app_type": app.get("app_type"),
        **auth,
    }


def create(call: Call) -> Any:
    body = call.body or {}
    env = load(call, call.res("env"), body.get("env_id"))
    res = call.res("app_auth")
    # v1.0 shows the result as a bare string, v2 as an object
    result: Any = "SUCCESS" if call.registry.dialect.version == "v1.0" else {"status": "SUCCESS"}
    rows = []
    with call.store.transaction():
        for app_id in body.get("app_ids") or []:
            load(call, call.res("app"), app_id)
            for api_id in body.get("api_ids") or []:
                load(call, call.res("api"), api_id)
                _publication(call, api_id, env["id"])
                doc = {
                    "id": call.ids.hex(),
                    "app_id": app_id,
                    "api_id": api_id,
                    "env_id": env["id"],
                    "auth_time": call.ids.now(),
                    "auth_role": "PROVIDER",
                    "auth_result": result,
                    "auth_tunnel": "NORMAL",
                }
                try:
                    rows.append(call.store.create(res.kind, doc))
                except Conflict:
                    raise ApiError("APIG.3316", "The api auth relation already exists") from None
    return wrap(call, rows)


def delete(call: Call) -> None:
    res = call.res("app_auth")
    remove(call, res, load(call, res, call.path[call.op.path_params[-1].name]))


def _auths(call: Call, where: dict[str, object]) -> list[Doc]:
    return [_row(call, a) for a in call.store.list(call.res("app_auth").kind, where)[0]]


def bound_apis(call: Call) -> Any:
    app = load(call, call.res("app"), call.query.get("app_id"))
    return listing(call, filter_rows(call, _auths(call, {"app_id": app["id"]}), skip={"app_id"}))


def bound_apps(call: Call) -> Any:
    where: dict[str, object] = {}
    if call.query.get("api_id"):
        where["api_id"] = load(call, call.res("api"), call.query["api_id"])["id"]
    return listing(call, filter_rows(call, _auths(call, where), skip={"api_id"}))


def unbound_apis(call: Call) -> Any:
    app = load(call, call.res("app"), call.query.get("app_id"))
    env_id = call.query.get("env_id")
    authorized = {
        (a["api_id"], a["env_id"])
        for a in call.store.list(call.res("app_auth").kind, {"app_id": app["id"]})[0]
    }
    rows = []
    for pub in call.store.list(call.res("publication").kind)[0]:
        if (env_id in (None, "") or pub["env_id"] == env_id) and (
            pub["api_id"],
            pub["env_id"],
        ) not in authorized:
            rows.append(publication_row(call, pub))
    return listing(call, filter_rows(call, rows, skip={"app_id", "env_id"}))


HANDLERS: dict[str, Handler] = {
    "app_auth.create": create,
    "app_auth.delete": delete,
    "app_auth.list_bound_apis": bound_apis,
    "app_auth.list_bound_apps": bound_apps,
    "app_auth.list_unbound_apis": unbound_apis,
}
