"""Export: every family of a tenant, read through its documented list (every page, checked
against the answer's ``total``) and, where the list is a summary, each object's detail.

Nothing is written until every family has been read: a short or failed read leaves no bundle.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import anyio

from translator.core.blocking import BlockingApiClient
from translator.core.client import ApiClient
from translator.core.tasks import map_bounded, run_after
from translator.migrate.bundle import write_bundle
from translator.migrate.families import Family, families
from translator.spec.paging import paging
from translator.types import Version

SCOPE = "_scope"
"""Added to a document read per another object (a group's variables, a policy's bindings): that
object's id on the source."""

Progress = Callable[[str, int, int], None]
"""``progress(family, done, total)``."""


def _params(fam: Family, scope_id: str | None) -> tuple[dict[str, str], dict[str, Any]]:
    path: dict[str, str] = {}
    query: dict[str, Any] = {}
    if fam.scope_param is not None and scope_id is not None:
        part, name = fam.scope_param
        (path if part == "path" else query)[name] = scope_id
    return path, query


async def _list(client: ApiClient, fam: Family, scope_id: str | None) -> list[dict[str, Any]]:
    assert fam.list_op is not None
    path, query = _params(fam, scope_id)
    if paging(fam.version, fam.list_op) is not None:
        described = paging(fam.version, fam.list_op)
        size = described.max_size if described is not None else None
        docs = await client.list_all(fam.list_op, path=path, query=query, page_size=size)
    else:
        body = (await client.call(fam.list_op, path=path, query=query)).body
        docs = list(body.get(fam.items, [])) if isinstance(body, dict) and fam.items else []
    docs = [d for d in docs if all(d.get(k) == v for k, v in fam.where.items())]
    if scope_id is not None:
        docs = [{**d, SCOPE: scope_id} for d in docs]
    return docs


async def _declared_detail(client: ApiClient, fam: Family, doc: dict[str, Any]) -> dict[str, Any]:
    t = fam.detail
    assert t is not None
    path = {k: str(doc.get(v[5:])) for k, v in (t.get("path") or {}).items()}  # $doc.F
    query = {k: doc.get(v[5:]) for k, v in (t.get("query") or {}).items()}
    body = (await client.call(str(t["op"]), path=path, query=query)).body
    taken = {k: body.get(k) for k in t.get("take") or ()} if isinstance(body, dict) else {}
    return {**doc, **taken}


async def _detail(client: ApiClient, fam: Family, doc: dict[str, Any]) -> dict[str, Any]:
    if fam.detail is not None:
        return await _declared_detail(client, fam, doc)
    res = fam.res
    op = res.ops.get("get")
    if op is None or res.id_param is None:
        return doc
    path = {res.id_param: str(doc[fam.own_field])}
    if res.parent is not None and res.parent.param is not None:
        path[res.parent.param] = str(doc.get(res.parent.field) or doc.get(SCOPE))
    body = (await client.call(op, path=path)).body
    return {**doc, **body} if isinstance(body, dict) else doc


def _from(fam: Family, out: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Documents held by the documents of another family (a group's domains, a domain's
    certificate)."""
    rule = fam.source_from
    assert rule is not None
    parent = next(f for f in families(fam.version) if f.name == rule["family"])
    docs: list[dict[str, Any]] = []
    for holder in out.get(parent.name, []):
        value = holder.get(rule["field"])
        pid = str(holder[parent.own_field])
        if isinstance(value, list):
            docs += [{**item, SCOPE: pid} for item in value if isinstance(item, dict)]
        elif value:
            kept = {k: holder.get(v) for k, v in (rule.get("keep") or {}).items()}
            docs.append({fam.res.id_field: value, **kept, SCOPE: pid})
    return docs


def read_tenant(
    client: BlockingApiClient, *, concurrency: int = 4, progress: Progress | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every family's documents, in the catalog's create order (up to ``concurrency`` reads in
    flight, on the client's event loop)."""
    return client.run(_read_tenant, client.client, max(1, concurrency), progress)


async def _read_tenant(
    client: ApiClient, concurrency: int, progress: Progress | None
) -> dict[str, list[dict[str, Any]]]:
    """Every family read side by side (a family read per another's documents waits for those),
    all together at most ``concurrency`` requests in flight."""
    out: dict[str, list[dict[str, Any]]] = {}
    limiter = anyio.CapacityLimiter(max(1, concurrency))
    read = [
        fam
        for fam in families(client.version)
        if fam.skip is None and (fam.list_op is not None or fam.source_from is not None)
    ]
    by_name = {fam.name: fam for fam in read}

    async def read_family(fam: Family) -> None:
        if fam.source_from is not None:
            docs = _from(fam, out)
        elif fam.scope is None:
            async with limiter:
                docs = await _list(client, fam, None)
        else:
            scope_fam = by_name.get(fam.scope) or next(
                f for f in families(client.version) if f.name == fam.scope
            )
            ids = [str(d[scope_fam.own_field]) for d in out.get(fam.scope, [])]
            lists = functools.partial(_list, client, fam)
            chunks = await map_bounded(lists, ids, concurrency, limiter=limiter)
            docs = [d for chunk in chunks for d in chunk]
        if fam.get or fam.detail is not None:
            details = functools.partial(_detail, client, fam)
            docs = await map_bounded(details, docs, concurrency, limiter=limiter)
        out[fam.name] = docs
        if progress is not None:
            progress(fam.name, len(docs), len(docs))

    jobs = {fam.name: functools.partial(read_family, fam) for fam in read}
    needs = {fam.name: _needs(fam) for fam in read}
    await run_after(jobs, needs)
    return {fam.name: out[fam.name] for fam in read}


def _family(version: Version, name: str) -> Family:
    return next(f for f in families(version) if f.name == name)


def _needs(fam: Family) -> tuple[str, ...]:
    """The families whose documents ``fam`` is read per (its scope) or out of (``from``)."""
    return tuple(n for n in (fam.scope, (fam.source_from or {}).get("family")) if n)


def export_tenant(
    client: BlockingApiClient,
    directory: str,
    source: str,
    *,
    concurrency: int = 4,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Read the tenant and write it as a bundle into ``directory``; returns the manifest."""
    docs = read_tenant(client, concurrency=concurrency, progress=progress)
    return write_bundle(directory, client.version, docs, source)
