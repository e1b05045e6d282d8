"""The v1.0 operations that need more than one v2 call, found from the tables and the catalog.

A v1.0 request lacks a value v2 requires when the tables mark a v2 request field as lossy
(``only_v2``) and the v2 model requires it. The shim reads the value from the backend first:

- ``parent``: a v2 path parameter naming the parent of the addressed object (a special throttle
  setting lives under its throttle): list the parents, then each one's children, until the child
  with the request's id turns up (none: the documented 404 of the child's resource);
- ``stored``: a body field of the object being updated (the ACL's ``entity_type``): read it with
  the resource's get operation, same path;
- ``referenced``: a body field the object named in the request carries (an export's API names its
  group): read the first such object with its get operation.

Fields v2 requires that v1.0 leaves optional are filled too (one call): on an update from the
stored object (``stored``: v1.0 keeps what the update leaves out), on a create with the v1.0
documented default (``default``: v1.0 applies it, v2 refuses the request without it).

No field name is spelled here: they come from the tables' lossy fields, the v2 models and the
resource catalog. ``needs`` is what the compatibility matrix of the shim reports as several calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from translator.core import listing
from translator.core.apierrors import ApiError, not_found
from translator.core.catalog import id_locations, resource, resource_of_op
from translator.mapping.load import OperationPair, load_mappings
from translator.spec import OperationSpec, load_spec
from translator.spec.paging import paging
from translator.spec.routes import fill, match
from translator.translate import TranslatedRequest

PATH_PREFIX = "@path."
LOSSY_V2_REQUEST = "request.v2"
Kind = Literal["parent", "stored", "referenced", "default"]
Get = Callable[[str, dict[str, Any]], Awaitable[tuple[int, Any]]]
"""``get(path, query)``: one v2 GET on the backend -> (status, decoded body)."""


class UpstreamError(Exception):
    """A v2 call the shim made for its own needs answered an error: answer it to the caller."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


@dataclass(frozen=True, slots=True)
class Need:
    kind: Kind
    field: str
    """A v2 path parameter (``parent``) or a top-level v2 body field."""


def _required(op: OperationSpec) -> set[str]:
    body = {f.name for f in (op.request.fields if op.request else ()) if f.required}
    return body | {PATH_PREFIX + f.name for f in op.path_params if f.required}


@cache
def needs(v1_op_id: str) -> tuple[Need, ...]:
    """What the v2 call of ``v1_op_id`` needs from other v2 calls (empty: one call does)."""
    pair = load_mappings().pairs.get(v1_op_id)
    if pair is None:
        return ()
    required = _required(pair.v2)
    out: list[Need] = []
    res = resource_of_op("v2", pair.v2.id)
    updates = res is not None and res.role_of(pair.v2.id) == "update" and "get" in res.ops
    v1_fields = {f.name: f for f in (pair.v1.request.fields if pair.v1.request else ())}
    for name in sorted(required):
        v1_field = v1_fields.get(name)
        if v1_field is None or v1_field.required:
            continue
        if updates:
            out.append(Need("stored", name))
        elif v1_field.default is not None:
            out.append(Need("default", name))
    for name in pair.lossy.get(LOSSY_V2_REQUEST, {}):
        if name not in required:
            continue
        if name.startswith(PATH_PREFIX):
            res = resource_of_op("v2", pair.v2.id)
            param = name.removeprefix(PATH_PREFIX)
            if res is not None and res.parent is not None and res.parent.param == param:
                out.append(Need("parent", param))
            continue
        if updates:
            out.append(Need("stored", name))
        else:
            out.append(Need("referenced", name))
    return tuple(out)


def several_calls() -> dict[str, tuple[Need, ...]]:
    """Every v1.0 operation the shim serves with more than one v2 call, and why."""
    return {
        op_id: calls
        for op_id in sorted(load_mappings().pairs)
        if (calls := tuple(n for n in needs(op_id) if n.kind != "default"))
    }


def with_defaults(v1_op: OperationSpec, body: Any) -> Any:
    """The v1.0 body with the documented v1.0 defaults of the fields v2 requires (``default``)."""
    todo = [n for n in needs(v1_op.id) if n.kind == "default"]
    if not todo or not isinstance(body, dict):
        return body
    defaults = {f.name: f.default for f in (v1_op.request.fields if v1_op.request else ())}
    return {**{n.field: defaults[n.field] for n in todo if n.field not in body}, **body}


def _url(op_id: str, params: Mapping[str, str], prefix: Mapping[str, str]) -> str:
    return fill(load_spec("v2").operation(op_id), {**prefix, **params})


async def _all(op_id: str, params: Mapping[str, str], prefix: Mapping[str, str], get: Get) -> list[Any]:
    described = paging("v2", op_id)
    url = _url(op_id, params, prefix)
    if described is None:
        status, body = await get(url, {})
        if not 200 <= status < 300:
            raise UpstreamError(status, body)
        return body if isinstance(body, list) else []

    async def fetch(query: dict[str, Any]) -> Any:
        status, body = await get(url, query)
        if not 200 <= status < 300:
            raise UpstreamError(status, body)
        return body

    return await listing.collect(described, fetch)


async def parent_values(
    v1_op: OperationSpec,
    v1_params: Mapping[str, str],
    prefix: Mapping[str, str],
    get: Get,
    own_id: Callable[[str, str], str],
) -> dict[str, str]:
    """The v2 path parameters naming the parent of the object ``v1_op`` addresses.

    ``own_id(resource, v1 id)`` maps the request's id through the id map.
    """
    found: dict[str, str] = {}
    for need in needs(v1_op.id):
        if need.kind != "parent":
            continue
        child = resource_of_op("v2", load_mappings().pair(v1_op.id).v2.id)
        v1_res = resource_of_op("v1.0", v1_op.id)
        assert child is not None and child.parent is not None and v1_res is not None
        ident = own_id(v1_res.name, v1_params.get(v1_res.id_param or "", ""))
        parent = resource("v2", child.parent.resource)
        for item in await _all(parent.ops["list"], {}, prefix, get):
            parent_id = str(item.get(parent.id_field, "")) if isinstance(item, dict) else ""
            if not parent_id:
                continue
            children = await _all(child.ops["list"], {need.field: parent_id}, prefix, get)
            if any(isinstance(c, dict) and str(c.get(child.id_field)) == ident for c in children):
                found[need.field] = parent_id
                break
        else:
            code = v1_res.not_found or child.not_found or "APIG.9999"
            raise not_found(code, v1_res.label, ident)
    return found


async def fill_body(
    pair: OperationPair, translated: TranslatedRequest, prefix: Mapping[str, str], get: Get
) -> TranslatedRequest:
    """``translated`` with the body fields v2 requires read from the backend."""
    body = translated.body
    todo = [n for n in needs(pair.v1.id) if n.kind in ("stored", "referenced")]
    if not todo:
        return translated
    _, params = match("v2", translated.method, translated.path)
    values: dict[str, Any] = {}
    seen: dict[str, tuple[int, Any]] = {}

    async def once(url: str, query: dict[str, Any]) -> tuple[int, Any]:
        if url not in seen:
            seen[url] = await get(url, query)
        return seen[url]

    for need in todo:
        if isinstance(body, dict) and body.get(need.field) not in (None, ""):
            continue
        value = await _read(pair, need, translated, params, prefix, once)
        if value is not None:
            values[need.field] = value
    if not values or not isinstance(body, dict):
        return translated
    return dataclasses.replace(translated, body={**body, **values})


async def _read(
    pair: OperationPair,
    need: Need,
    translated: TranslatedRequest,
    params: Mapping[str, str],
    prefix: Mapping[str, str],
    get: Get,
) -> Any:
    if need.kind == "stored":
        res = resource_of_op("v2", pair.v2.id)
        assert res is not None
        own = {k: v for k, v in params.items() if k not in prefix}
        status, stored = await get(_url(res.ops["get"], own, prefix), {})
        if not 200 <= status < 300:
            raise UpstreamError(status, stored)
        return stored.get(need.field) if isinstance(stored, dict) else None
    for loc in id_locations("v2", pair.v2.id):
        if loc.part != "request" or loc.kind != "reference":
            continue
        named = resource("v2", loc.resource)
        if "get" not in named.ops or named.id_param is None:
            continue
        for ident in _values(translated.body, loc.path):
            status, stored = await get(_url(named.ops["get"], {named.id_param: ident}, prefix), {})
            if not 200 <= status < 300:
                raise UpstreamError(status, stored)
            if isinstance(stored, dict) and stored.get(need.field) not in (None, ""):
                return stored[need.field]
    raise ApiError("APIG.2001", f"Parameter error: the request names no object to read {need.field} from")


def _values(body: Any, path: str) -> list[str]:
    """The scalar values at ``path`` (``a``, ``a[]``, ``a[].b``; a bare array body is ``[]``)."""
    nodes: list[Any] = [body]
    for segment in path.split("."):
        key, is_array = (segment[:-2], True) if segment.endswith("[]") else (segment, False)
        step: list[Any] = []
        for node in nodes:
            value = node if key == "" else (node.get(key) if isinstance(node, dict) else None)
            if is_array and isinstance(value, list):
                step.extend(value)
            elif value is not None and not is_array:
                step.append(value)
        nodes = step
    return [str(v) for v in nodes if isinstance(v, str | int) and v != ""]


ONE_CALL, SEVERAL_CALLS, UNSUPPORTED = "one call", "several calls", "unsupported"
LOSSY_V1_REQUEST = "request.v1.0"
QUERY_PREFIX = "@query."


@cache
def local_filters(v1_op_id: str) -> tuple[str, ...]:
    """The v1.0 list filters v2 lacks that the shim applies itself: v1.0-only query parameters
    (the tables' lossy fields) named as a field of the v1.0 list's items."""
    pair = load_mappings().pairs.get(v1_op_id)
    described = paging("v1.0", v1_op_id)
    if pair is None or described is None or pair.v1.response is None:
        return ()
    wrapper = next((f for f in pair.v1.response.fields if f.name == described.items), None)
    item_fields = {f.name for f in wrapper.children} if wrapper is not None else set()
    return tuple(
        name.removeprefix(QUERY_PREFIX)
        for name in pair.lossy.get(LOSSY_V1_REQUEST, {})
        if name.startswith(QUERY_PREFIX) and name.removeprefix(QUERY_PREFIX) in item_fields
    )


def apply_filters(v1_op_id: str, query: Mapping[str, Any], body: Any) -> Any:
    """The translated v1.0 list ``body`` (every item) with the shim's own filters applied, then
    the page ``query`` asks for cut out of it, its total and size recounted."""
    described = paging("v1.0", v1_op_id)
    if described is None or not isinstance(body, dict) or not isinstance(body.get(described.items), list):
        return body
    wanted = {name: query[name] for name in local_filters(v1_op_id) if query.get(name) not in (None, "")}
    items = [
        item
        for item in body[described.items]
        if isinstance(item, dict) and all(str(item.get(k)) == str(v) for k, v in wanted.items())
    ]
    offset, limit = described.window(query)
    page = items[offset:] if limit is None else items[offset : offset + limit]
    out = {**body, described.items: page, described.total: len(items)}
    if described.count in body:
        out[described.count] = len(page)
    return out


def _why(need: Need) -> str:
    return {
        "parent": f"finds {need.field} by listing the parents",
        "stored": f"reads {need.field} from the stored object",
        "referenced": f"reads {need.field} from the object the request names",
        "default": f"sends the v1.0 default of {need.field}",
    }[need.kind]


def calls_matrix() -> list[tuple[str, str, str]]:
    """Every v1.0 operation: (op id, how the shim serves it, why) for the shim's matrix."""
    mappings = load_mappings()
    rows: list[tuple[str, str, str]] = []
    for op_id in sorted(load_spec("v1.0").operations):
        if op_id not in mappings.pairs:
            _, reason = mappings.unsupported.get(op_id, ("", "no mapping table covers it"))
            rows.append((op_id, UNSUPPORTED, " ".join(reason.split())))
            continue
        extra = [n for n in needs(op_id) if n.kind != "default"]
        why = [_why(n) for n in needs(op_id)]
        described = paging("v1.0", op_id)
        if described is not None and described.all_size is not None:
            why.append(f"{described.size}={described.all_size} follows every v2 page")
        why.extend(f"filters by {name} itself (every v2 page)" for name in local_filters(op_id))
        rows.append(
            (op_id, SEVERAL_CALLS if extra or len(why) > len(needs(op_id)) else ONE_CALL, "; ".join(why))
        )
    return rows
