"""Apps: secret reset and verification, app code generation, app quotas bound to apps (v2),
and the batch delete of ACL policies (same batch shape)."""

from __future__ import annotations

import base64
from typing import Any

from translator.core.apierrors import ApiError, not_found
from translator.emulator.crud import create_doc, load, parent_id, remove, render
from translator.emulator.declare import Call, Handler
from translator.emulator.special.rows import filter_rows, listing, wrap
from translator.emulator.store import Doc
from translator.emulator.store_errors import Conflict


def reset_secret(call: Call) -> Doc:
    app = call.res("app")
    doc = load(call, app, call.path[app.id_param])
    secret = (call.body or {}).get("app_secret") or call.ids.hex()
    stored = call.store.update(app.kind, doc["id"], {"app_secret": secret, "update_time": call.ids.now()})
    return render(call, app, stored)


def verify(call: Call) -> Doc:
    app = call.res("app")
    return load(call, app, call.path[app.id_param])


def generate_code(call: Call) -> Doc:
    """A random 64-character app code (base64 of 48 random bytes)."""
    code_res = call.res("app_code")
    parent = parent_id(call, code_res)
    code = base64.b64encode(bytes.fromhex(call.ids.hex() + call.ids.hex() + call.ids.hex())).decode()
    return render(call, code_res, create_doc(call, code_res, {"app_code": code}, parent))


def bound_quota(call: Call) -> Doc:
    app = load(call, call.res("app"), call.path["app_id"])
    binding = call.res("app_quota_binding")
    found = call.store.list(binding.kind, {"app_id": app["id"]}, limit=1)[0]
    if not found:
        return {}
    quota = call.res("app_quota")
    return render(call, quota, load(call, quota, found[0]["app_quota_id"]))


def _quota(call: Call) -> Doc:
    return load(call, call.res("app_quota"), call.path["app_quota_id"])


def quota_bind(call: Call) -> Any:
    quota = _quota(call)
    binding = call.res("app_quota_binding")
    rows = []
    with call.store.transaction():
        for app_id in (call.body or {}).get("app_ids") or []:
            load(call, call.res("app"), app_id)
            doc = {"app_quota_id": quota["app_quota_id"], "app_id": app_id, "bound_time": call.ids.now()}
            try:
                rows.append(call.store.create(binding.kind, doc))
            except Conflict:
                raise ApiError("APIG.3309", "The app is already bound to an app quota") from None
    return wrap(call, rows)


def quota_unbind(call: Call) -> None:
    quota = _quota(call)
    binding = call.res("app_quota_binding")
    found = call.store.list(
        binding.kind, {"app_quota_id": quota["app_quota_id"], "app_id": call.path["app_id"]}, limit=1
    )[0]
    if not found:
        raise not_found(binding.not_found, binding.label, str(call.path["app_id"]))
    remove(call, binding, found[0])


def _app_row(app: Doc, quota: Doc, binding: Doc | None) -> Doc:
    row = {**app, "app_id": app["id"]}
    if binding is not None:
        row.update(
            app_quota_id=quota["app_quota_id"],
            app_quota_name=quota.get("name"),
            bound_time=binding["bound_time"],
        )
    return row


def quota_apps(call: Call, bound: bool) -> Any:
    quota = _quota(call)
    binding = call.res("app_quota_binding")
    links = {b["app_id"]: b for b in call.store.list(binding.kind)[0]}
    rows = []
    for app in call.store.list(call.res("app").kind)[0]:
        link = links.get(app["id"])
        if bound and link is not None and link["app_quota_id"] == quota["app_quota_id"]:
            rows.append(_app_row(app, quota, link))
        elif not bound and link is None:
            rows.append(_app_row(app, quota, None))
    aliases = {"app_name": "name"}
    return listing(call, filter_rows(call, rows, aliases=aliases))


def acl_batch_delete(call: Call) -> dict[str, Any]:
    if call.query.get("action") != "delete":
        raise ApiError("APIG.2011", 'Invalid parameter value: parameter action should be "delete"')
    acl = call.res("acl")
    ok, failures = 0, []
    for ident in (call.body or {}).get("acls") or []:
        try:
            doc = load(call, acl, ident)
            remove(call, acl, doc)
            ok += 1
        except ApiError as err:
            failures.append({"acl_id": ident, **err.body()})
    return {"success_count": ok, "failure": failures}


HANDLERS_V1: dict[str, Handler] = {
    "app.reset_secret": reset_secret,
    "app.verify": verify,
    "app.code.generate": generate_code,
    "acl.batch_delete": acl_batch_delete,
}
HANDLERS_V2: dict[str, Handler] = {
    **HANDLERS_V1,
    "app.bound_quota.get": bound_quota,
    "app_quota.binding.create": quota_bind,
    "app_quota.binding.delete": quota_unbind,
    "app_quota.binding.list_bound_apps": lambda call: quota_apps(call, True),
    "app_quota.binding.list_unbound_apps": lambda call: quota_apps(call, False),
}
