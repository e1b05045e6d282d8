"""Verify: read the target back and compare every migrated object with the bundle through the
tables (the request the import sends, the target's document: every field both hold must agree;
fields the tables declare lossy never reach the request). Counts per family as AWS DMS validation
reports them: source, target, matched, mismatched, missing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from translator.core.blocking import BlockingApiClient
from translator.errors import ApiCallError
from translator.migrate.bundle import Bundle
from translator.migrate.export import SCOPE
from translator.migrate.families import Family, families, masked
from translator.migrate.importer import Importer, target_family
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


def _count_children(result: Verification, imp: Importer, fam: Family, bundle: Bundle) -> None:
    """Objects created inside their parent (a channel's members): as many per parent."""
    per: dict[str, int] = {}
    for doc in bundle.docs(fam.name):
        per[str(doc.get(SCOPE))] = per.get(str(doc.get(SCOPE)), 0) + 1
    assert fam.scope is not None
    for scope, count in per.items():
        result.add(fam.name, "source", count)
        target = imp.lookup(fam.scope, scope)
        listed = len(imp.existing(fam, target)) if target is not None else 0
        result.add(fam.name, "target", listed)
        result.add(fam.name, "matched", min(count, listed))
        if listed != count:
            result.add(fam.name, "missing" if listed < count else "mismatched", abs(count - listed))
            problem = f"{count} in the bundle, {listed} on the target"
            result.differences.append(
                {"family": fam.name, "id": f"{fam.scope} {scope}", "field": "", "problem": problem}
            )


def verify(
    bundle: Bundle, client: BlockingApiClient, journal: Journal, *, project_id: str, instance_id: str
) -> Verification:
    result = Verification()
    imp = Importer(bundle, client, journal, project_id=project_id, instance_id=instance_id, dry_run=True)
    for fam in families(imp.source):
        if fam.with_parent and fam.skip is None:
            _count_children(result, imp, fam, bundle)
            continue
        if fam.skip is not None:
            continue
        tfam = target_family(fam, imp.target)
        skip = {fam.secrets.get("secret", ""), fam.secrets.get("key", "")} if fam.secrets else set()
        seen_scopes: set[str | None] = set()
        for doc in bundle.docs(fam.name):
            source_id = str(doc[fam.own_field])
            needs_secret = fam.secrets is not None and bool(fam.secrets.get("required"))
            left_behind = needs_secret and journal.step(fam.name, source_id) is None  # no secrets given
            if fam.excluded(doc) is not None or left_behind:
                result.add(fam.name, "not migrated")
                continue
            result.add(fam.name, "source")
            step = journal.step(fam.name, source_id)
            if step is None or step.state not in DONE or not step.target_id:
                result.add(fam.name, "missing")
                result.differences.append(
                    {"family": fam.name, "id": source_id, "field": "", "problem": "not migrated"}
                )
                continue
            try:
                req = to_target(
                    imp.source, source_request(fam, doc, imp.pub), imp.lookup, project_id, instance_id
                )
                scope_target = imp.lookup(fam.scope, str(doc.get(SCOPE))) if fam.scope else None
                if fam.find is not None:
                    found = imp._find(fam, req, scope_target)
                else:
                    if scope_target not in seen_scopes:
                        seen_scopes.add(scope_target)
                        result.add(fam.name, "target", len(imp.existing(fam, scope_target)))
                    found = next(
                        (
                            d
                            for d in imp.existing(fam, scope_target)
                            if str(d.get(tfam.own_field)) == step.target_id
                        ),
                        None,
                    )
                    if found is not None and fam.get and tfam.res.ops.get("get") and tfam.res.id_param:
                        found = {
                            **found,
                            **client.call(tfam.res.ops["get"], path={tfam.res.id_param: step.target_id}).body,
                        }
            except (ApiCallError, Blocked) as exc:
                found, req = None, None
                why = str(exc)
            else:
                why = "not on the target"
            if found is None or req is None:
                result.add(fam.name, "missing")
                result.differences.append({"family": fam.name, "id": source_id, "field": "", "problem": why})
                continue
            if fam.find is not None:
                result.add(fam.name, "target")
            diffs = compare(req.body, found, skip)
            result.add(fam.name, "mismatched" if diffs else "matched")
            for path, want, got in diffs:
                result.differences.append(
                    {
                        "family": fam.name,
                        "id": source_id,
                        "field": path,
                        "problem": f"expected {want!r}, found {got!r}",
                    }
                )
    return result
