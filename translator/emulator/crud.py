"""The generic handlers: create, get, update, delete and list of any declared resource.

Everything here is driven by a :class:`~translator.emulator.declare.Resource` and the operation's
spec; no API field name appears in this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from translator.core.apierrors import ApiError, documented, not_found
from translator.emulator.declare import MAX_OFFSET, Call, Resource
from translator.emulator.shape import with_defaults
from translator.emulator.store import Doc
from translator.emulator.store_errors import Conflict, NotFound, QuotaExceeded
from translator.spec.paging import paging

Counts = Mapping[str, Counter[Any]]


def load(call: Call, res: Resource, ident: Any) -> Doc:
    """The document ``ident`` of ``res`` or the documented 404."""
    if not isinstance(ident, str) or not ident:
        raise not_found(res.not_found, res.label, str(ident))
    try:
        return call.store.get(res.kind, ident)
    except NotFound:
        raise not_found(res.not_found, res.label, ident) from None


def parent_id(call: Call, res: Resource) -> str | None:
    """The parent id named by the path, checked to exist (None when the path names no parent)."""
    if res.parent_param is None or res.parent_kind is None or res.parent_param not in call.path:
        return None
    ident = call.path[res.parent_param]
    load(call, call.res(res.parent_kind), ident)
    return str(ident)


def load_scoped(call: Call, res: Resource, ident: Any = None) -> Doc:
    """The document named by the path (its id parameter), checked to belong to the path's parent."""
    ident = call.path[res.id_param] if ident is None else ident
    parent = parent_id(call, res)
    doc = load(call, res, ident)
    if parent is not None and res.parent is not None and doc.get(res.parent) != parent:
        if res.wrong_parent is not None:
            raise ApiError(res.wrong_parent)
        raise not_found(res.not_found, res.label, str(ident))
    return doc


def check_references(call: Call, res: Resource, doc: Mapping[str, Any]) -> None:
    for field, target in res.references.items():
        value = doc.get(field)
        if value not in (None, ""):
            load(call, call.res(target), value)


def children(call: Call, child: Resource, parent: str) -> list[Doc]:
    assert child.parent is not None
    docs, _ = call.store.list(child.kind, {child.parent: parent})
    return docs


def counter(call: Call, spec: tuple[str, str]) -> Counter[Any]:
    """How many documents of resource ``spec[0]`` hold each value of field ``spec[1]``."""
    docs, _ = call.store.list(call.res(spec[0]).kind)
    return Counter(d.get(spec[1]) for d in docs)


def response_names(call: Call) -> frozenset[str]:
    """Keys the operation's response shows at its root and in its list items."""
    body = call.op.response
    if body is None:
        return frozenset()
    names = {f.name for f in body.root_fields()}
    for f in body.root_fields():
        names.update(c.name for c in f.children if f.type == "array")
    return frozenset(names)


def render(call: Call, res: Resource, doc: Doc, counts: Counts | None = None) -> Doc:
    """The stored document with its counted fields, embedded children and view fields
    (only those the operation's response shows)."""
    out = dict(doc)
    ident = doc.get(res.id_field)
    shown = response_names(call)
    for field, spec in res.counts.items():
        if field not in shown:
            continue
        if counts is not None and field in counts:
            out[field] = counts[field].get(ident, 0)
        else:  # one document: count its own (an indexed lookup), not every holder's
            out[field] = call.store.count(call.res(spec[0]).kind, {spec[1]: ident})
    for field, child_name in res.embedded.items():
        if field not in shown:
            continue
        child = call.res(child_name)
        out[field] = [render(call, child, c) for c in children(call, child, str(ident))]
    return res.view(call, out) if res.view is not None else out


def _conflict(res: Resource, exc: Conflict) -> ApiError:
    code = res.duplicate_by.get(exc.key_spec, res.duplicate)
    _, message = documented(code)
    return ApiError(code, message.rstrip("."))


def create_doc(call: Call, res: Resource, data: Mapping[str, Any], parent: str | None = None) -> Doc:
    """Store a new document of ``res`` from ``data`` (defaults and server fields already applied
    here), creating its embedded children; runs in one transaction."""
    doc = dict(data)
    if parent is not None and res.parent is not None:
        doc[res.parent] = parent
    embedded = {f: doc.pop(f) for f in res.embedded if f in doc}
    check_references(call, res, doc)
    for field, gen in res.server.items():
        if doc.get(field) is None:
            doc[field] = gen(call, doc)
    if res.prepare is not None:
        res.prepare(call, doc, None)
    with call.store.transaction():
        try:
            stored = call.store.create(res.kind, doc)
        except Conflict as exc:
            raise _conflict(res, exc) from None
        except QuotaExceeded:
            raise ApiError(res.quota_code) from None
        _create_children(call, res, str(stored[res.id_field]), embedded)
    return stored


def _create_children(call: Call, res: Resource, ident: str, embedded: Mapping[str, Any]) -> None:
    for field, child_name in res.embedded.items():
        items = embedded.get(field)
        if not isinstance(items, list):
            continue
        child = call.res(child_name)
        for item in items:
            if isinstance(item, Mapping):
                create_doc(call, child, item, parent=ident)


def create(res: Resource, call: Call) -> Doc:
    assert call.op.request is not None
    data = with_defaults(call.op.request.fields, call.body or {})
    stored = create_doc(call, res, data, parent_id(call, res))
    return render(call, res, stored)


def get(res: Resource, call: Call) -> Doc:
    return render(call, res, load_scoped(call, res))


def update_doc(call: Call, res: Resource, current: Doc, changes: Mapping[str, Any]) -> Doc:
    """Merge ``changes`` into ``current`` (embedded lists replace the children) and store it."""
    ident = str(current[res.id_field])
    new = {**current, **changes}
    embedded = {f: new.pop(f) for f in res.embedded if f in new}
    check_references(call, res, new)
    for field in res.touch:
        new[field] = call.ids.now()
    if res.prepare is not None:
        res.prepare(call, new, current)
    with call.store.transaction():
        try:
            stored = call.store.replace(res.kind, ident, new)
        except Conflict as exc:
            raise _conflict(res, exc) from None
        for field, child_name in res.embedded.items():
            if isinstance(embedded.get(field), list):
                child = call.res(child_name)
                for old in children(call, child, ident):
                    call.store.delete(child.kind, old[child.id_field])
        _create_children(call, res, ident, embedded)
    return stored


def update(res: Resource, call: Call) -> Doc:
    current = load_scoped(call, res)
    assert call.op.request is not None
    changes = with_defaults(call.op.request.fields, call.body or {})
    return render(call, res, update_doc(call, res, current, changes))


def remove(call: Call, res: Resource, doc: Doc) -> None:
    """Delete ``doc`` unless a blocking document refers to it; cascade to its dependents."""
    ident = doc[res.id_field]
    for kind_name, field, code in res.blocked_by:
        if call.store.count(call.res(kind_name).kind, {field: ident}):
            raise ApiError(code)
    with call.store.transaction():
        for kind_name, field in res.cascade:
            dependent = call.res(kind_name)
            for d in call.store.list(dependent.kind, {field: ident})[0]:
                remove(call, dependent, d)
        call.store.delete(res.kind, ident)


def delete(res: Resource, call: Call) -> None:
    remove(call, res, load_scoped(call, res))


def window(call: Call) -> tuple[int, int | None]:
    """``(offset, limit)`` of the items the query selects (the spec's paging of the operation;
    a limit of None: every item from the offset on). Offsets are clamped to ``MAX_OFFSET``."""
    described = paging(call.registry.dialect.version, call.op.id)
    if described is None:
        return 0, None
    offset, limit = described.window(call.query)
    return min(offset, MAX_OFFSET), limit


def paging_params(call: Call) -> frozenset[str]:
    """The query parameters that page the operation (they filter nothing)."""
    described = paging(call.registry.dialect.version, call.op.id)
    return described.params if described is not None else frozenset()


def page(call: Call, rows: list[Doc]) -> list[Doc]:
    offset, limit = window(call)
    return rows[offset:] if limit is None else rows[offset : offset + limit]


def envelope(call: Call, rows: Iterable[Any], total: int) -> dict[str, Any]:
    """A list response: the op's array field holding ``rows``, with total and size."""
    items = list(rows)
    dialect = call.registry.dialect
    out: dict[str, Any] = {dialect.total_field: total, dialect.size_field: len(items)}
    assert call.op.response is not None
    for f in call.op.response.fields:
        if f.type == "array":
            out[f.name] = items
            break
    return out


Predicate = Callable[[Doc], bool]


def _field_match(field: str, wanted: Any, fuzzy: bool) -> Predicate:
    if fuzzy:
        needle = str(wanted).lower()
        return lambda d: isinstance(d.get(field), str) and needle in d[field].lower()
    return lambda d: d.get(field) == wanted or str(d.get(field)) == str(wanted)


def _filters(call: Call, res: Resource) -> list[Predicate]:
    """One predicate per query parameter that filters ``res`` (declared field or computed hook)."""
    dialect = call.registry.dialect
    precise = str(call.query.get(dialect.precise_param) or "").split(",")
    paged = paging_params(call)
    out: list[Predicate] = []
    for key, value in call.query.items():
        if key in paged or key == dialect.precise_param or value in (None, ""):
            continue
        spec = res.filters.get(key, key)
        if spec is None or key == res.parent_param:
            continue
        if callable(spec):
            out.append(spec(call, value, key not in precise))
        else:
            out.append(_field_match(spec, value, spec in res.fuzzy and key not in precise))
    return out


def list_(res: Resource, call: Call) -> dict[str, Any]:
    where: dict[str, object] = {}
    parent = parent_id(call, res)
    if parent is not None and res.parent is not None:
        where[res.parent] = parent
    filters = _filters(call, res)
    offset, limit = window(call)
    if filters:
        docs, total = call.store.list(res.kind, where, lambda d: all(p(d) for p in filters), offset, limit)
    else:
        docs, total = call.store.list(res.kind, where, None, offset, limit)
    shown = response_names(call)
    counts = {field: counter(call, spec) for field, spec in res.counts.items() if field in shown}
    return envelope(call, (render(call, res, d, counts) for d in docs), total)


GENERIC = {"create": create, "get": get, "update": update, "delete": delete, "list": list_}
