"""The derivation pipeline per version and the writing of the outputs; ``main``."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from .catalog_fields import CatalogConverter
from .catalog_ops import catalog_op, common_query_types
from .common import (
    OVERRIDES,
    PARTS,
    PREFIX,
    REPO,
    SAMPLES_DIR,
    SPEC_DIR,
    TYPES,
    VERSIONS,
    DerivationError,
    Json,
    Op,
)
from .fields import iter_body_fields, iter_fields, ordered_body, ordered_field
from .overrides import apply_override, entry_ops, entry_paths, load_overrides
from .paging import apply_paging_bounds
from .prose_rules import ProsePass, Stats, check_rules
from .report import Report, render_report
from .samples import SampleFixer, op_samples
from .sdk import Sdk, norm_path
from .sdk_merge import SDK_ONLY_OPS, SdkMerger, apply_sdk, sdk_only_op
from .seeds import Describer, parse
from .traps import verify_traps
from .validation import validate_body

DESCRIPTION = "Derive the translator's spec data from the vendor reference material and the official SDK."


def dump_json(path: Path, data: Json) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


class Deriver:
    def __init__(self, reference: Path) -> None:
        self.reference = reference
        self.report = Report()
        self.overrides = load_overrides(OVERRIDES)
        self.catalog = {
            v: json.loads((reference / "catalog" / f"{v}.json").read_text(encoding="utf-8")) for v in VERSIONS
        }
        self.sdk = Sdk()
        self.samples: dict[str, dict[str, dict[str, Any]]] = {v: {} for v in VERSIONS}
        self.sdk_matched: set[str] = set()
        self.prose: dict[str, Stats] = {}

    def overrides_for(self, version: str, stage: str) -> list[dict[str, Any]]:
        """Entries of one stage: ``catalog``, ``final``, or ``rules`` (the rule actions, applied
        after the prose pass has read the final fields); explain/decide entries are used elsewhere."""
        return [
            e
            for e in self.overrides
            if e["version"] == version
            and ("rules" if "rule" in e or "drop_rule" in e else e.get("stage", "final")) == stage
            and "explain" not in e
            and "decide" not in e
        ]

    def derive(self, version: str) -> dict[str, Op]:
        conv = CatalogConverter(version, self.report)
        qtypes = common_query_types(self.catalog[version])
        ops: dict[str, Op] = {}
        for cop in self.catalog[version]["operations"]:
            ops[cop["id"]] = catalog_op(cop, version, conv, self.report, qtypes)
            s = op_samples(cop)
            if s:
                self.samples[version][cop["id"]] = s
        for e in self.overrides_for(version, "catalog"):
            apply_override(ops, e, self.report)
        if version == "v2":
            self.merge_sdk(ops)
        fixer = SampleFixer(version, self.report)
        for op_id, s in sorted(self.samples[version].items()):
            fixer.fix(ops[op_id], s, structural=op_id not in self.sdk_matched)
        for e in self.overrides_for(version, "final"):
            apply_override(ops, e, self.report)
        apply_paging_bounds(version, ops, self.report)
        if version == "v2":
            for seed in sorted((self.reference / "seeds").glob("000_*.txt")):
                Describer(parse(seed.read_text(encoding="utf-8")), self.report).run(version, ops)
        decisions = [e for e in self.overrides if e["version"] == version and "decide" in e]
        self.prose[version] = ProsePass(version, self.report, decisions).run(ops)
        for e in self.overrides_for(version, "rules"):
            apply_override(ops, e, self.report)
        check_rules(version, ops)
        return dict(sorted(ops.items()))

    def merge_sdk(self, ops: dict[str, Op]) -> None:
        idx = self.sdk.index()
        merger = SdkMerger(self.report)
        for op_id, op in sorted(ops.items()):
            cands = idx.get((op["method"], norm_path(op["path"])), [])
            if not cands:
                self.report.add(
                    "SDK: catalog v2 operations without SDK operation",
                    f"v2 `{op_id}`: {op['method']} `{op['path']}`",
                )
                continue
            name = sorted(cands, key=lambda n: (not n.endswith("_v2"), n))[0]
            apply_sdk(op, self.sdk, name, merger, self.report)
            self.sdk_matched.add(op_id)
        for op_id, (sdk_name, family) in SDK_ONLY_OPS.items():
            if op_id in ops:
                continue
            if sdk_name not in self.sdk.ops:
                raise DerivationError(f"SDK has no `{sdk_name}` for required op `{op_id}`")
            info = self.sdk.ops[sdk_name]
            if any(o["sdk"] and o["sdk"]["method"] == sdk_name for o in ops.values()):
                raise DerivationError(f"`{sdk_name}` already matched a catalog op; cannot add `{op_id}`")
            ops[op_id] = sdk_only_op(op_id, self.sdk, sdk_name, family, self.report)
            self.sdk_matched.add(op_id)
            del info

    def validate(self, version: str, ops: dict[str, Op]) -> None:
        explains = [e for e in self.overrides if e["version"] == version and "explain" in e]
        used: set[int] = set()
        for op_id, s in sorted(self.samples[version].items()):
            for part in ("request", "response"):
                for n, value in enumerate(s.get(part, []), 1):
                    for viol in validate_body(value, ops[op_id][part], part == "request"):
                        line = (
                            f"{version} `{op_id}` {part} sample #{n} `{viol['path'] or '(body)'}`: "
                            f"{viol['kind']}: {viol['detail']}"
                        )
                        hit = next(
                            (
                                i
                                for i, e in enumerate(explains)
                                if op_id in entry_ops(e)
                                and e["part"] == part
                                and viol["path"] in entry_paths(e)
                            ),
                            None,
                        )
                        if hit is None:
                            self.report.add("Sample violations NOT explained", line)
                        else:
                            used.add(hit)
                            self.report.add(
                                "Sample violations explained",
                                f"{line} — {explains[hit]['explain']}",
                            )
        unused = [e for i, e in enumerate(explains) if i not in used]
        if unused:
            raise DerivationError(f"explain overrides matching no violation: {unused!r}")

    def check(self, version: str, ops: dict[str, Op]) -> None:
        for op in ops.values():
            for part in PARTS:
                fields = op[part] if part in ("path_params", "query") else None
                items = iter_fields(fields) if fields is not None else iter_body_fields(op[part])
                for path, f in items:
                    if f["type"] not in TYPES:
                        raise DerivationError(f"{version} `{op['id']}` {part} `{path}`: bad type {f['type']}")
            if "?" in op["path"]:
                raise DerivationError(f"{version} `{op['id']}`: query left in path")

    def run(self) -> None:
        out: dict[str, dict[str, Op]] = {}
        for v in VERSIONS:
            ops = self.derive(v)
            self.check(v, ops)
            self.validate(v, ops)
            out[v] = ops
        for v in VERSIONS:
            data = {
                "version": v,
                "prefix": PREFIX[v],
                "operations": {k: finalize_op(op, v) for k, op in out[v].items()},
            }
            dump_json(SPEC_DIR / f"{v}.json", data)
        errors = json.loads((self.reference / "catalog" / "errors.json").read_text(encoding="utf-8"))
        dump_json(
            SPEC_DIR / "errors.json",
            [
                {"status": int(r["status"]), "error_code": r["error_code"], "error_msg": r["error_msg"]}
                for r in errors
            ],
        )
        self.write_samples()
        self.write_pairing()
        verify_traps(out, self.report)
        for v in VERSIONS:
            for op_id, op in out[v].items():
                for part in PARTS:
                    items = (
                        iter_fields(op[part])
                        if part in ("path_params", "query")
                        else iter_body_fields(op[part])
                    )
                    for path, f in items:
                        if f.get("_guessed_enum") and "enum" in f:
                            self.report.group(
                                "Guessed enums kept (no sample contradicts them; review)",
                                f"{v} `{op_id}` {part}",
                                f"`{path}` {f['enum']!r}",
                            )
        self.report.flush_groups()
        for v in VERSIONS:
            self.prose[v].report_unread(self.report)
        self.report.counts = self.counts(out, errors)
        (SPEC_DIR / "DERIVATION.md").write_text(render_report(self.report), encoding="utf-8")

    def write_pairing(self) -> None:
        """The catalog's pairing as facts: v1.0 op -> v2 op and how well they match."""
        pairing = json.loads((self.reference / "catalog" / "pairing.json").read_text(encoding="utf-8"))
        rows = {
            p["v1"]: {"v2": p.get("v2"), "match": p["match"], "reason": p["reason"]}
            for p in sorted(pairing["pairs"], key=lambda p: p["v1"])
        }
        dump_json(SPEC_DIR / "pairing.json", rows)

    def write_samples(self) -> None:
        for v in VERSIONS:
            d = SAMPLES_DIR / v
            if d.exists():
                shutil.rmtree(d)
            explained = [
                e for e in self.overrides if e["version"] == v and "explain" in e and not e.get("sample_kept")
            ]
            for op_id, s in sorted(self.samples[v].items()):
                known = [
                    {"part": e["part"], "path": path, "why": e["explain"]}
                    for e in explained
                    if op_id in entry_ops(e)
                    for path in entry_paths(e)
                ]
                dump_json(d / f"{op_id}.json", {**s, "known_errors": known} if known else s)

    def counts(self, out: dict[str, dict[str, Op]], errors: list[Any]) -> dict[str, Any]:
        c: dict[str, Any] = {}
        for v in VERSIONS:
            nf = sum(
                1
                for op in out[v].values()
                for part in PARTS
                for _ in (
                    iter_fields(op[part]) if part in ("path_params", "query") else iter_body_fields(op[part])
                )
            )
            c[f"{v} operations"] = len(out[v])
            c[f"{v} fields (all parts, nested)"] = nf
            c[f"{v} operations with samples"] = len(self.samples[v])
        c["v2 operations matched to the SDK (catalog)"] = len(
            [
                k
                for k in self.sdk_matched
                if k not in SDK_ONLY_OPS or k in {c2["id"] for c2 in self.catalog["v2"]["operations"]}
            ]
        )
        c["v2 SDK-only operations added"] = len(
            [
                k
                for k in SDK_ONLY_OPS
                if k in out["v2"] and k not in {c2["id"] for c2 in self.catalog["v2"]["operations"]}
            ]
        )
        for v in VERSIONS:
            c.update(self.prose[v].counts(v, out[v]))
        c["error codes"] = len(errors)
        c["overrides (entries)"] = len(self.overrides)
        for s in Report.SECTIONS:
            n = self.report.items.get(s)
            c[f"{s}"] = f"{n} items in {len(self.report.lines[s])} lines" if n else len(self.report.lines[s])
        return c


def finalize_op(op: Op, version: str) -> Op:
    out: Op = {k: op[k] for k in ("id", "family", "title", "method", "path")}
    out["path_params"] = [ordered_field(f) for f in op["path_params"]]
    out["query"] = [ordered_field(f) for f in op["query"]]
    out["request"] = ordered_body(op["request"])
    out["response"] = ordered_body(op["response"])
    out["success_status"] = op["success_status"]
    if version == "v2":
        out["sdk"] = op["sdk"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=DESCRIPTION)
    ap.add_argument(
        "--reference",
        type=Path,
        default=REPO.parent / "shared" / "reference",
        help="the reference folder (default: ../shared/reference next to the repo)",
    )
    args = ap.parse_args(argv)
    try:
        Deriver(args.reference.resolve()).run()
    except DerivationError as exc:
        print(f"derive_spec: {exc}", file=sys.stderr)
        return 1
    return 0
