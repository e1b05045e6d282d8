"""Policy bindings (ACL, throttle, signature key): bind to many publications at once, unbind,
list bound APIs / bound policies / unbound APIs, and batch unbind.

A binding joins a policy and a *publication* (an API published in an environment). The operations,
the path parameter of an unbind and the batch's list field come from the catalog entry of the
binding kind; a :class:`Binding` adds what the joined rows show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from translator.core import catalog
from translator.core.apierrors import ApiError, documented
from translator.emulator.crud import load, remove, render
from translator.emulator.declare import Call, Handler
from translator.emulator.special.rows import filter_rows, listing, wrap
from translator.emulator.special.views import env_fields, publication_row
from translator.emulator.store import Doc
from translator.emulator.store_errors import Conflict
from translator.types import Version


@dataclass(frozen=True)
class Binding:
    """One binding family: which policy, under which names, with which extra fields."""

    resource: str
    policy: str
    policy_field: str
    policy_query: str
    time_field: str
    policy_fields: Mapping[str, str]
    """Row key -> policy document key, e.g. ``{"acl_name": "acl_name", "throttle_name": "name"}``
    (keys a version's responses do not document are dropped when the rows are shaped)."""
    api_rows_id: str = "api"
    policy_rows_id: str = "policy"
    extra: Mapping[str, Any] = field(default_factory=dict)


def _row(call: Call, b: Binding, binding: Doc, policy: Doc | None = None) -> Doc:
    pol = policy if policy is not None else load(call, call.res(b.policy), binding[b.policy_field])
    pub = call.store.get(call.res("publication").kind, binding["publish_id"])
    row = publication_row(call, pub)
    row.update({k: pol.get(v) for k, v in b.policy_fields.items()})
    row.update(binding)
    row.update({"bind_id": binding["id"], "bind_time": binding.get(b.time_field)})
    row.update(dict.fromkeys(call.res(b.resource).entry.aliases, binding["id"]))
    return row


def create(b: Binding, call: Call) -> Any:
    policy = load(call, call.res(b.policy), call.body.get(b.policy_field))
    res = call.res(b.resource)
    rows = []
    with call.store.transaction():
        for publish_id in call.body.get("publish_ids") or []:
            pub = load(call, call.res("publication"), publish_id)
            doc = {
                "id": call.ids.hex(),
                b.policy_field: policy["id"],
                "publish_id": publish_id,
                "api_id": pub["api_id"],
                "env_id": pub["env_id"],
                b.time_field: call.ids.now(),
                **b.extra,
            }
            try:
                stored = call.store.create(res.kind, doc)
            except Conflict:
                raise ApiError("APIG.3309", documented("APIG.3309")[1].rstrip(".")) from None
            rows.append(_row(call, b, stored, policy))
    return wrap(call, rows)


def delete(b: Binding, call: Call) -> None:
    res = call.res(b.resource)
    remove(call, res, load(call, res, call.path[res.id_param]))


def bound_apis(b: Binding, call: Call) -> Any:
    policy = load(call, call.res(b.policy), call.query.get(b.policy_query))
    res = call.res(b.resource)
    rows = []
    for binding in call.store.list(res.kind, {b.policy_field: policy["id"]})[0]:
        row = _row(call, b, binding, policy)
        if b.api_rows_id == "api":
            row["id"] = row["api_id"]
        rows.append(row)
    return listing(call, filter_rows(call, rows, skip={b.policy_query}))


def bound_policies(b: Binding, call: Call) -> Any:
    api = load(call, call.res("api"), call.query.get("api_id"))
    res = call.res(b.resource)
    rows = []
    for binding in call.store.list(res.kind, {"api_id": api["id"]})[0]:
        policy = load(call, call.res(b.policy), binding[b.policy_field])
        shown = render(call, call.res(b.policy), policy)
        row = {**_row(call, b, binding, policy), **shown, **env_fields(call, binding["env_id"])}
        row.update({"bind_id": binding["id"], "bind_time": binding.get(b.time_field)})
        if b.policy_rows_id == "binding":
            row["id"] = binding["id"]
        rows.append(row)
    aliases = {b.policy_query: b.policy_field} if b.policy_query != b.policy_field else {}
    return listing(call, filter_rows(call, rows, skip={"api_id"}, aliases=aliases))


def unbound_apis(b: Binding, call: Call) -> Any:
    policy = load(call, call.res(b.policy), call.query.get(b.policy_query))
    bound = {
        d["publish_id"] for d in call.store.list(call.res(b.resource).kind, {b.policy_field: policy["id"]})[0]
    }
    rows = []
    for pub in call.store.list(call.res("publication").kind)[0]:
        if pub["publish_id"] not in bound:
            row = publication_row(call, pub)
            row.update({k: None for k in b.policy_fields})
            rows.append(row)
    return listing(call, filter_rows(call, rows, skip={b.policy_query}))


def batch_delete(b: Binding, batch_field: str, call: Call) -> Any:
    """Unbind many: ``{"<batch_field>": [ids]}`` -> success count and failures."""
    if call.query.get("action") != "delete":
        raise ApiError("APIG.2011", 'Invalid parameter value: parameter action should be "delete"')
    res = call.res(b.resource)
    ok, failures = 0, []
    for ident in call.body.get(batch_field) or []:
        try:
            remove(call, res, load(call, res, ident))
            ok += 1
        except ApiError as err:
            failures.append({"bind_id": ident, **err.body()})
    return {"success_count": ok, "failure": failures}


def _own_ids_field(version: Version, op_id: str) -> str:
    """The request's list of the binding ids a batch operation names (from the catalog)."""
    (path,) = [
        loc.path
        for loc in catalog.id_locations(version, op_id)
        if loc.part == "request" and loc.kind == "own"
    ]
    return path.removesuffix("[]")


def handlers(version: Version, b: Binding) -> dict[str, Handler]:
    """The handlers of one binding kind under the operation ids of its catalog entry."""
    entry = catalog.resource(version, b.resource)
    out: dict[str, Handler] = {
        entry.ops["create"]: partial(create, b),
        entry.ops["delete"]: partial(delete, b),
        entry.ops["list"]: partial(bound_apis, b),
        entry.special["list_bound_policies"]: partial(bound_policies, b),
        entry.special["list_unbound_apis"]: partial(unbound_apis, b),
    }
    batch = entry.special.get("batch_delete")
    if batch is not None:
        out[batch] = partial(batch_delete, b, _own_ids_field(version, batch))
    return out
