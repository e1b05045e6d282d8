"""The demo run: emulators on free loopback ports with temporary databases, the fixture tenant
loaded into v1.0 through its API, then export, plan, import, verify; a short report."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.core.blocking import BlockingApiClient
from translator.demo.tenant import fixture, load
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.migrate.bundle import read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.plan import plan
from translator.migrate.verify import verify


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
    shim: str = "not run: the shim has not landed"

    @property
    def ok(self) -> bool:
        return not self.failures and not self.differences


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
    return out


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
            f"{result.new_secrets} apps and signatures got new secrets (v1.0 answers them as ******; "
            "give them with --secrets to keep them)"
        )
    lines.append(f"shim: {result.shim}")
    lines.append("time: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items()))
    lines.append(
        "result: "
        + ("OK" if result.ok else f"{len(result.failures)} failures, {len(result.differences)} differences")
    )
    return "\n".join(lines)
