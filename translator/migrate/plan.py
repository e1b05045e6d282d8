"""Plan: what an import would do, read only. Per family what it would create, adopt (already
there with the same content) or conflict on (same key, other content); which fields the tables
drop and why; which requests the target would reject before anything is sent (its models, and
every value rule of the docs a translated body breaks: field, rule, value, the docs' sentence);
what is not migrated; which app and signature secrets would be new."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.core.blocking import BlockingApiClient
from translator.core.catalog import resource
from translator.errors import ApiCallError, ValidationFailed
from translator.mapping.load import load_mappings
from translator.migrate.bundle import Bundle
from translator.migrate.export import SCOPE
from translator.migrate.families import families
from translator.migrate.importer import Importer, Outcome
from translator.migrate.journal import Journal
from translator.models import validate
from translator.models.rules import breaches
from translator.redact import shown
from translator.spec.paging import paging
from translator.types import Version


@dataclass
class Plan:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    rejections: list[dict[str, str]] = field(default_factory=list)
    blocked: list[dict[str, str]] = field(default_factory=list)
    lossy: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    not_migrated: dict[str, str] = field(default_factory=dict)
    new_secrets: list[dict[str, str]] = field(default_factory=list)
    not_migrated_objects: list[dict[str, str]] = field(default_factory=list)
    changes: dict[str, dict[str, str]] = field(default_factory=dict)
    quotas: list[dict[str, str]] = field(default_factory=list)
    altered: list[dict[str, str]] = field(default_factory=list)
    """Values the target takes only changed (a v2 member weight over v1.0's 100: clamped)."""

    @property
    def clean(self) -> bool:
        refused = self.conflicts or self.rejections or self.blocked or self.quotas
        return not (refused or self.new_secrets or self.altered)


def _lossy(version: Version, op_id: str, constants: Any) -> dict[str, str]:
    """The request fields of source operation ``op_id`` the tables drop, and why (a v2 operation
    shared by several v1.0 ones: the pair its ``constants`` select)."""
    try:
        mappings = load_mappings()
        pair = mappings.pair(op_id) if version == "v1.0" else mappings.pair_for_v2(op_id, constants or {})
    except Exception:  # an operation without a table pair: nothing declared
        return {}
    return dict(pair.lossy.get(f"request.{version}", {}))


def plan(
    bundle: Bundle,
    client: BlockingApiClient,
    *,
    project_id: str,
    instance_id: str,
    secrets: dict[str, Any] | None = None,
    journal_path: str | None = None,
) -> Plan:
    """The plan of importing ``bundle`` into the target ``client`` reaches (nothing is written
    there; a journal given is read, not written)."""
    out = Plan()
    with tempfile.TemporaryDirectory() as tmp:
        path = journal_path if journal_path and Path(journal_path).exists() else str(Path(tmp) / "plan.db")
        with Journal(path, "v1.0" if bundle.api == "v1.0" else "v2", client.version) as journal:
            imp = Importer(
                bundle,
                client,
                journal,
                project_id=project_id,
                instance_id=instance_id,
                secrets=secrets,
                dry_run=True,
                concurrency=4,
            )
            outcome: Outcome = imp.run()
    out.counts = outcome.counts
    out.notes = outcome.notes
    out.new_secrets = outcome.new_secrets
    out.not_migrated_objects = outcome.not_migrated
    out.altered = outcome.altered
    for f in outcome.failures:
        kind = f["kind"]
        into = out.conflicts if kind == "conflict" else out.rejections if kind == "refused" else out.blocked
        into.append(f)
    for row in imp.planned:
        if row["state"] != "created":
            continue
        try:
            validate(client.version, row["op"], "request", row["body"])
        except ValidationFailed as exc:
            out.rejections.append({"family": row["family"], "id": row["id"], "error": str(exc)})
        for breach in breaches(client.version, row["op"], "request", row["body"]):
            out.rejections.append(
                {
                    "family": row["family"],
                    "id": row["id"],
                    "error": f"{breach.field}: breaks a rule of the target",
                    "field": breach.field,
                    "rule": breach.rule.describe(),
                    "value": imp.redact(shown(breach.field, breach.value)),
                    "source": breach.rule.source,
                }
            )
    for fam in families(imp.source):
        if fam.skip is not None:
            out.not_migrated[fam.name] = fam.skip
            continue
        if fam.changes and bundle.docs(fam.name):
            out.changes[fam.name] = dict(fam.changes)
        op = fam.create["op"] if fam.create else fam.res.ops.get("create")
        if op and bundle.docs(fam.name):
            lost = _lossy(imp.source, str(op), (fam.create or {}).get("body"))
            if lost:
                out.lossy[fam.name] = lost
    out.quotas = _quotas(bundle, client, imp)
    return out


def _limits(client: BlockingApiClient) -> dict[str, tuple[int, int | None]]:
    """The target's configured limits: name -> (value, used; None: the target does not say)."""
    op = resource(client.version, "config").ops.get("list")
    if op is None:
        return {}
    try:
        rows = client.list_all(op) if paging(client.version, op) is not None else []
    except ApiCallError:
        return {}
    out: dict[str, tuple[int, int | None]] = {}
    for row in rows:
        try:
            used = row.get("used")
            out[str(row.get("config_name"))] = (
                int(str(row.get("config_value"))),
                None if used is None else int(used),
            )
        except (TypeError, ValueError):
            continue  # a switch, not a number
    return out


def _quotas(bundle: Bundle, client: BlockingApiClient, imp: Importer) -> list[dict[str, str]]:
    """The families whose creates would go beyond a limit of the target (objects created inside
    their parent count with the parent)."""
    limits = _limits(client)
    created = {(r["family"], r["id"]) for r in imp.planned if r["state"] == "created"}
    out: list[dict[str, str]] = []
    for fam in families(imp.source):
        if fam.quota is None or str(fam.quota["name"]) not in limits:
            continue
        name = str(fam.quota["name"])
        limit, used = limits[name]
        if fam.with_parent and fam.scope is not None:
            docs = [d for d in bundle.docs(fam.name) if (fam.scope, str(d.get(SCOPE))) in created]
        else:
            docs = [d for d in bundle.docs(fam.name) if (fam.name, str(d.get(fam.own_field))) in created]
        per = fam.quota.get("per")
        if per is None:
            if used is None:  # the target says no use (v1.0): what it lists of the family
                used = len(client.run(imp.existing, fam, None)) if fam.scope is None else 0
            need = used + len(docs)
        else:
            counts = Counter(str(d.get(per)) for d in docs)
            need = max(counts.values(), default=0)
        if need > limit:
            where = f"per {per}" if per else f"{used} used"
            out.append(
                {
                    "family": fam.name,
                    "id": name,
                    "error": f"needs {need} ({where}), the target allows {limit}",
                }
            )
    return out
