"""The demo run: emulators on free loopback ports with temporary databases, the fixture tenant
loaded into v1.0 through its API, then export, plan, import, verify; then the shim on the v2
emulator with the import's journal as its id map, and legacy v1.0 calls replayed through it with
the old ids; a short report."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.core.blocking import BlockingApiClient
from translator.core.catalog import resources
from translator.demo.tenant import fixture, load
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.migrate.bundle import read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.plan import plan
from translator.migrate.verify import verify
from translator.redact import MASK
from translator.shim.config import ShimConfig
from translator.shim.serve import running as shim_running

REPLAYED_PER_FAMILY = 3
"""Objects per family read back through the shim by their old v1.0 ids."""


@dataclass
class DemoResult:
    loaded: dict[str, int] = field(default_factory=dict)
    exported: dict[str, int] = field(default_factory=dict)
    imported: dict[str, dict[str, int]] = field(default_factory=dict)
    verified: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    differences: list[dict[str, Any]] = field(default_factory=list)
    not_migrated: dict[str, str] = field(default_factory=dict)
    new_secrets: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    shim: str = "not run"
    replayed: int = 0
    replay_failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.differences and not self.replay_failures


def run_demo(
    tenant: str = "small", *, say: Callable[[str], None] = print, concurrency: int = 4
) -> DemoResult:
    out = DemoResult()
    with tempfile.TemporaryDirectory(prefix="apig-demo-") as tmp:
        work = Path(tmp)
        v1_cfg = EmulatorConfig(api="v1.0", port=0, db=str(work / "v1.db"))
        v2_cfg = EmulatorConfig(api="v2", port=0, db=str(work / "v2.db"))
        with running(v1_cfg) as (v1_url, _), running(v2_cfg) as (v2_url, v2_emu):
            pid, iid = v2_emu.config.project_id, v2_emu.config.instance_id
            say(f"v1.0 emulator on {v1_url}, v2 emulator on {v2_url}")
            t = time.monotonic()
            with BlockingApiClient(v1_url, "v1.0") as v1:
                out.loaded = dict(load(v1, fixture(tenant)))
                say(f"loaded the {tenant!r} tenant into v1.0: {sum(out.loaded.values())} calls")
                out.seconds["load"] = time.monotonic() - t
                t = time.monotonic()
                manifest = export_tenant(v1, str(work / "bundle"), v1_url, concurrency=concurrency)
            out.exported = dict(manifest["counts"])
            out.seconds["export"] = time.monotonic() - t
            say(f"exported {sum(out.exported.values())} objects")
            bundle = read_bundle(work / "bundle")
            with BlockingApiClient(v2_url, "v2", project_id=pid, instance_id=iid) as v2:
                t = time.monotonic()
                planned = plan(bundle, v2, project_id=pid, instance_id=iid)
                out.not_migrated = planned.not_migrated
                out.seconds["plan"] = time.monotonic() - t
                say(
                    f"plan: {sum(sum(by.values()) for by in planned.counts.values())} objects, "
                    f"{len(planned.conflicts)} conflicts, {len(planned.rejections)} rejections"
                )
                t = time.monotonic()
                with Journal(work / "journal.db", "v1.0", "v2") as journal:
                    imp = Importer(
                        bundle, v2, journal, project_id=pid, instance_id=iid, concurrency=concurrency
                    )
                    outcome = imp.run()
                    out.imported, out.failures = outcome.counts, outcome.failures
                    out.new_secrets = len(outcome.new_secrets)
                    out.seconds["import"] = time.monotonic() - t
                    say(f"imported: {len(outcome.failures)} failures")
                    t = time.monotonic()
                    checked = verify(bundle, v2, journal, project_id=pid, instance_id=iid)
                    out.verified, out.differences = checked.counts, checked.differences
                    out.seconds["verify"] = time.monotonic() - t
                    say(f"verified: {len(checked.differences)} differences")
            shim_cfg = ShimConfig(
                backend=v2_url,
                project_id=pid,
                instance_id=iid,
                port=0,
                id_map=str(work / "journal.db"),
                access_log=False,
            )
            with shim_running(shim_cfg) as shim_url, BlockingApiClient(shim_url, "v1.0") as legacy:
                say(f"shim on {shim_url} (v1.0 over the v2 emulator, the journal as its id map)")
                out.replayed, out.replay_failures = replay_legacy_calls(legacy, bundle.families)
                out.shim = f"{out.replayed} legacy calls with old ids, {len(out.replay_failures)} failed"
                say(f"shim: {out.shim}")
    return out


def replay_legacy_calls(
    legacy: BlockingApiClient, families: dict[str, list[dict[str, Any]]]
) -> tuple[int, list[str]]:
    """Legacy v1.0 calls through the shim with the ids the objects had in v1.0: each exported object
    with a get operation of its own (a few per family) is read back by its old id and must answer
    with that id; each family's list must show the old ids."""
    calls, failures = 0, []
    for name, res in resources("v1.0").items():
        docs = families.get(name, [])
        get_op, list_op = res.ops.get("get"), res.ops.get("list")
        if not docs or get_op is None or res.id_param is None or res.parent is not None:
            continue
        for doc in docs[:REPLAYED_PER_FAMILY]:
            old = str(doc[res.id_field])
            calls += 1
            got = legacy.call(get_op, path={res.id_param: old}, check=False)
            if not got.ok or not isinstance(got.body, dict) or got.body.get(res.id_field) != old:
                failures.append(f"{get_op} {old}: {got.status}")
        if list_op is not None:
            calls += 1
            listed = {str(row.get(res.id_field)) for row in legacy.list_all(list_op)}
            missing = {str(d[res.id_field]) for d in docs} - listed
            if missing:
                failures.append(f"{list_op}: {len(missing)} old ids not listed")
    return calls, failures


def summary(result: DemoResult) -> str:
    lines = ["", "| family | exported | imported | matched on v2 |", "|---|---|---|---|"]
    for family, count in result.exported.items():
        imported = result.imported.get(family, {})
        done = sum(v for k, v in imported.items() if k in ("created", "adopted", "fixed"))
        matched = result.verified.get(family, {}).get("matched", "-")
        lines.append(f"| {family} | {count} | {done if imported else '-'} | {matched} |")
    lines.append("")
    for family, why in result.not_migrated.items():
        lines.append(f"not migrated: {family}: {why}")
    if result.new_secrets:
        lines.append(
            f"{result.new_secrets} apps and signatures got new secrets (v1.0 answers them as {MASK}; "
            "give them with --secrets to keep them)"
        )
    lines.append(f"shim: {result.shim}")
    lines.extend(f"shim: {failure}" for failure in result.replay_failures)
    lines.append("time: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items()))
    lines.append(
        "result: "
        + (
            "OK"
            if result.ok
            else f"{len(result.failures)} failures, {len(result.differences)} differences, "
            f"{len(result.replay_failures)} legacy calls failed"
        )
    )
    return "\n".join(lines)
