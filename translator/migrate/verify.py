"""Verify: read the target back and compare every migrated object with the bundle through the
tables (the request the import sends, the target's document: every field both hold must agree;
fields the tables declare lossy never reach the request). Counts per family as AWS DMS validation
reports them: source, target, matched, mismatched, missing."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
from anyio import CapacityLimiter as Limiter

from translator.core.blocking import BlockingApiClient
from translator.core.tasks import map_bounded, run_after
from translator.errors import ApiCallError
from translator.migrate.bundle import Bundle
from translator.migrate.export import SCOPE
from translator.migrate.families import Family, families, masked
from translator.migrate.importer import Importer
from translator.migrate.journal import DONE, Journal
from translator.migrate.requests import Blocked, source_request, to_target


@dataclass
class Verification:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    differences: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def add(self, family: str, what: str, n: int = 1) -> None:
        by = self.counts.setdefault(
            family, {"source": 0, "target": 0, "matched": 0, "mismatched": 0, "missing": 0}
        )
        by[what] = by.get(what, 0) + n


def _leaves(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{prefix}[{i}]")
    else:
        yield prefix, value


def _get(doc: Any, path: str) -> tuple[bool, Any]:
    node = doc
    for part in path.replace("]", "").replace("[", ".").split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def compare(body: Any, found: dict[str, Any], skip: set[str]) -> list[tuple[str, Any, Any]]:
    """Fields of ``body`` that ``found`` shows with another value: (path, expected, actual)."""
    out: list[tuple[str, Any, Any]] = []
    hidden = masked()
    for path, want in _leaves(body):
        if path.split(".")[0] in skip:
            continue
        present, got = _get(found, path)
        if present and got != hidden and got != want:
            out.append((path, want, got))
    return out


async def _count_children(
    result: Verification, imp: Importer, fam: Family, bundle: Bundle, concurrency: int, limiter: Limiter
) -> None:
    """Objects created inside their parent (a channel's members): as many per parent."""
    per: dict[str, int] = {}
    for doc in bundle.docs(fam.name):
        per[str(doc.get(SCOPE))] = per.get(str(doc.get(SCOPE)), 0) + 1
    assert fam.scope is not None
    scope_family = fam.scope

    async def count_in(item: tuple[str, int]) -> None:
        scope, count = item
        result.add(fam.name, "source", count)
        target = imp.lookup(scope_family, scope)
        listed = len(await imp.existing(fam, target)) if target is not None else 0
        result.add(fam.name, "target", listed)
        result.add(fam.name, "matched", min(count, listed))
        if listed != count:
            result.add(fam.name, "missing" if listed < count else "mismatched", abs(count - listed))
            problem = f"{count} in the bundle, {listed} on the target"
            result.differences.append(
                {"family": fam.name, "id": f"{scope_family} {scope}", "field": "", "problem": problem}
            )

    await map_bounded(count_in, list(per.items()), concurrency, limiter=limiter)


def verify(
    bundle: Bundle,
    client: BlockingApiClient,
    journal: Journal,
    *,
    project_id: str,
    instance_id: str,
    concurrency: int = 8,
) -> Verification:
    """Every object of the bundle against the target, up to ``concurrency`` reads in flight
    (on the client's event loop)."""
    result = Verification()
    imp = Importer(bundle, client, journal, project_id=project_id, instance_id=instance_id, dry_run=True)
    checker = _Checker(result, imp, journal)

    limiter = anyio.CapacityLimiter(max(1, concurrency))
    checked = [fam for fam in families(imp.source) if fam.skip is None]

    async def check_family(fam: Family) -> None:
        if fam.with_parent:
            await _count_children(result, imp, fam, bundle, concurrency, limiter)
            return
        check = functools.partial(checker.check, fam)
        await map_bounded(check, bundle.docs(fam.name), concurrency, limiter=limiter)

    async def run() -> None:  # the families side by side: reads only, none waits for another
        await run_after({fam.name: functools.partial(check_family, fam) for fam in checked}, {})

    client.run(run)
    order = {fam.name: n for n, fam in enumerate(families(imp.source))}
    result.counts = dict(sorted(result.counts.items(), key=lambda item: order.get(item[0], len(order))))
    result.differences.sort(key=lambda d: order.get(d["family"], len(order)))
    return result


class _Checker:
    """Compares one document with what the target holds (tasks of one event loop)."""

    def __init__(self, result: Verification, imp: Importer, journal: Journal) -> None:
        self.result, self.imp, self.journal = result, imp, journal
        self._by_id: dict[tuple[str, str | None], dict[str, dict[str, Any]]] = {}

    def add(self, family: str, what: str, n: int = 1) -> None:
        self.result.add(family, what, n)

    def differ(self, family: str, source_id: str, field: str, problem: str) -> None:
        difference = {"family": family, "id": source_id, "field": field, "problem": problem}
        self.result.differences.append(difference)

    async def listed(self, fam: Family, scope_target: str | None) -> dict[str, dict[str, Any]]:
        """The target's objects of ``fam`` per scope, by id (counted once as the target's)."""
        key = (fam.name, scope_target)
        if key in self._by_id:
            return self._by_id[key]
        own = self.imp.target_of(fam).own_field
        docs = await self.imp.existing(fam, scope_target)
        if key not in self._by_id:
            self._by_id[key] = {str(d.get(own)): d for d in docs}
            self.result.add(fam.name, "target", len(docs))
        return self._by_id[key]

    async def check(self, fam: Family, doc: dict[str, Any]) -> None:
        imp = self.imp
        source_id = str(doc[fam.own_field])
        step = self.journal.step(fam.name, source_id)
        needs_secret = fam.secrets is not None and bool(fam.secrets.get("required"))
        if fam.excluded(doc) is not None or (needs_secret and step is None):  # left behind, said so
            self.add(fam.name, "not migrated")
            return
        self.add(fam.name, "source")
        if step is None or step.state not in DONE or not step.target_id:
            self.add(fam.name, "missing")
            self.differ(fam.name, source_id, "", "not migrated")
            return
        tfam = imp.target_of(fam)
        why = "not on the target"
        found: dict[str, Any] | None = None
        req = None
        try:
            req = to_target(
                imp.source, source_request(fam, doc, imp.pub), imp.lookup, imp.project_id, imp.instance_id
            )
            scope_target = imp.lookup(fam.scope, str(doc.get(SCOPE))) if fam.scope else None
            if fam.find is not None:
                found = await imp._find(fam, req, scope_target)
                if found is not None:
                    self.add(fam.name, "target")
            else:
                found = (await self.listed(fam, scope_target)).get(step.target_id)
                get = tfam.res.ops.get("get")
                if found is not None and fam.get and get and tfam.res.id_param:
                    detail = await imp.api.call(get, path={tfam.res.id_param: step.target_id})
                    found = {**found, **detail.body}
        except (ApiCallError, Blocked) as exc:
            found, why = None, str(exc)
        if found is None or req is None:
            self.add(fam.name, "missing")
            self.differ(fam.name, source_id, "", why)
            return
        skip = {fam.secrets.get("secret", ""), fam.secrets.get("key", "")} if fam.secrets else set()
        diffs = compare(req.body, found, skip)
        self.add(fam.name, "mismatched" if diffs else "matched")
        for path, want, got in diffs:
            self.differ(fam.name, source_id, path, f"expected {want!r}, found {got!r}")
