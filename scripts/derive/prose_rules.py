"""The prose pass: every request-side field's description -> ``"rules"`` on the field.

For the path parameters, query parameters and request body of every operation, each sentence of a
field's catalog description (``_description``, kept through the SDK merge) is read by
:mod:`.prose`; the rules are typed against the field, siblings named in words are resolved, and
what the table columns (``minimum``, ``max_length``, ``enum``, ``default`` ...) already say is not
repeated. A rule that contradicts a column is written only when an override decides for it
(``decide: prose``; ``decide: column`` keeps the column and drops the rule); an undecided one is
listed in DERIVATION.md. Sentences that look like rules but gave none are listed there too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .catalog_fields import convert_enum, convert_scalar
from .common import DerivationError, Field, Op
from .overrides import entry_ops, entry_paths
from .prose import Raw, looks_like_rule, read, sentences
from .report import Report

PARTS = ("path_params", "query", "request")
STRING_KINDS = ("pattern", "length", "format", "variables")
NUMBER_KINDS = ("range", "compare")
SCALARS = ("string", "integer", "number", "boolean")
COLUMN_KEYS = {"range": ("minimum", "maximum"), "length": ("min_length", "max_length")}


@dataclass
class Stats:
    """What the prose pass read in one version."""

    version: str
    fields: int = 0
    described: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    in_columns: int = 0
    unread: dict[str, list[tuple[str, Field]]] = field(default_factory=dict)

    def counts(self, version: str, ops: dict[str, Op]) -> dict[str, Any]:
        """Counts of the final data (after overrides) for DERIVATION.md."""
        kinds: dict[str, int] = {}
        for op in ops.values():
            for part in PARTS:
                for _, f, _ in part_fields(op, part):
                    for r in f.get("rules", []):
                        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        per_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        return {
            f"{version} prose rules": f"{sum(kinds.values())} on request-side fields ({per_kind})",
            f"{version} request-side fields (path, query, body; nested)": self.fields,
            f"{version} request-side fields with a description (catalog, else v2 seed page)": self.described,
            f"{version} rules read that a column already states (not repeated)": self.in_columns,
            f"{version} prose sentences not read": len(self.still_unread()),
            f"{version} prose sentences read by hand (rule overrides)": len(self.unread)
            - len(self.still_unread()),
        }

    def still_unread(self) -> dict[str, list[str]]:
        """The unread sentences no rule override has read by hand (a rule with it as source)."""
        out: dict[str, list[str]] = {}
        for sentence, hits in self.unread.items():
            wheres = [w for w, f in hits if not any(r["source"] == sentence for r in f.get("rules", []))]
            if wheres:
                out[sentence] = wheres
        return out

    def report_unread(self, report: Report) -> None:
        unread = self.still_unread()
        for sentence, hits in sorted(self.unread.items()):
            wheres = unread.get(sentence) or [w for w, _ in hits]
            shown = ", ".join(wheres[:3]) + (f" and {len(wheres) - 3} more" if len(wheres) > 3 else "")
            section = "Prose sentences not read" if sentence in unread else "Prose sentences read by hand"
            report.add(section, f"{self.version} `{sentence}` ({len(wheres)}): {shown}")


def walk(fields: list[Field], prefix: str = "") -> Iterator[tuple[str, Field, list[Field]]]:
    """``(path, field, siblings)`` for every field, depth first."""
    for f in fields:
        p = f"{prefix}{f['name']}" + ("[]" if f["type"] == "array" else "")
        yield p, f, fields
        if "children" in f:
            yield from walk(f["children"], p + ".")
        if "values" in f:
            yield from walk([f["values"]], p + ".")


def part_fields(op: Op, part: str) -> Iterator[tuple[str, Field, list[Field]]]:
    if part != "request":
        yield from walk(op[part])
        return
    body = op["request"]
    if body is None:
        return
    if body["shape"] == "array":
        yield "[]", body["item"], [body["item"]]
        yield from walk(body["item"].get("children", []), "[].")
    else:
        yield from walk(body["fields"])


def _norm(label: str) -> str:
    return re.sub(r"[的。：:，,\s]", "", label).lower()


def sibling(label: str, siblings: list[Field], me: Field) -> Field | None:
    """The sibling a rule names in words: by JSON name, else by its description's first clause."""
    for s in siblings:
        if s is not me and s["name"] == label:
            return s
    want = _norm(label)
    hits = [
        s
        for s in siblings
        if s is not me and _norm(re.split(r"[。：:，,\n]", s.get("_description", ""))[0]).startswith(want)
    ]
    return hits[0] if len(hits) == 1 else None


def value_type(f: Field) -> str:
    return str(f.get("items") if f["type"] == "array" else f["type"])


class ProsePass:
    def __init__(self, version: str, report: Report, decisions: list[dict[str, Any]]) -> None:
        self.version = version
        self.report = report
        self.decisions = decisions
        self.used: set[int] = set()
        self.stats = Stats(version)

    def run(self, ops: dict[str, Op]) -> Stats:
        for op_id, op in sorted(ops.items()):
            for part in PARTS:
                for path, f, sibs in part_fields(op, part):
                    self.stats.fields += 1
                    self.field(op_id, part, path, f, sibs)
        unused = [d for i, d in enumerate(self.decisions) if i not in self.used]
        if unused:
            raise DerivationError(f"rule decisions matching no disagreement: {unused!r}")
        return self.stats

    def field(self, op_id: str, part: str, path: str, f: Field, sibs: list[Field]) -> None:
        desc = f.get("_description") or ""
        if not desc:
            return
        self.stats.described += 1
        where = f"{self.version} `{op_id}` {part} `{path}`"
        rules: list[Raw] = []
        for s in sentences(desc):
            raws = read(s)
            typed = [r for r in (self.typed(raw, f, sibs, where) for raw in raws) if r is not None]
            if not raws and looks_like_rule(s):
                self.stats.unread.setdefault(s, []).append((where, f))
            elif raws and not typed:
                self.stats.unread.setdefault(s, []).append(
                    (f"{where} (read, but fits neither the {f['type']} field nor its siblings)", f)
                )
            for r in typed:
                r = self.against_columns(r, f, op_id, part, path, where)
                self.stats.in_columns += r is None
                if r is not None and not any(_same(r, x) for x in rules):
                    _add(rules, r)
        if rules:
            f["rules"] = rules
            for r in rules:
                self.stats.kinds[r["kind"]] = self.stats.kinds.get(r["kind"], 0) + 1

    def typed(self, raw: Raw, f: Field, sibs: list[Field], where: str) -> Raw | None:
        kind = raw["kind"]
        vt = value_type(f)
        if kind in STRING_KINDS and f["type"] != "string":
            return None
        if kind in NUMBER_KINDS and f["type"] not in ("integer", "number"):
            return None
        r = {k: v for k, v in raw.items() if not k.startswith("_")}
        if kind == "enum":
            if vt not in SCALARS or vt == "boolean":
                return None
            kept, dropped = convert_enum(raw["values"], vt)
            if dropped or not kept:
                return None
            r["values"] = kept
        if kind == "default":
            value = convert_scalar(raw["value"], vt) if vt in SCALARS and f["type"] != "array" else None
            if value is None:
                return None
            r["value"] = value
        if "_label" in raw or kind == "required_if":
            other = sibling(raw.get("_label") or raw.get("other") or "", sibs, f)
            if other is None:
                return None
            r["other"] = other["name"]
            if kind == "required_if":
                values = self.sibling_values(raw["values"], other)
                if values is None:
                    return None
                r["values"] = values
        elif kind == "compare" and not any(s["name"] == raw["other"] for s in sibs if s is not f):
            return None
        return r

    @staticmethod
    def sibling_values(raws: list[str], other: Field) -> list[Any] | None:
        vt = value_type(other)
        out: list[Any] = []
        for raw in raws:
            enum = other.get("enum") or []
            hit = next((e for e in enum if str(e).lower() == raw.lower()), None)
            value = hit if hit is not None else convert_scalar(raw, vt) if vt in SCALARS else None
            if value is None or (enum and value not in enum):
                return None
            out.append(value)
        return out

    def against_columns(self, r: Raw, f: Field, op_id: str, part: str, path: str, where: str) -> Raw | None:
        """Drop what a column already says; a contradiction goes by the override's decision."""
        kind = r["kind"]
        clash: list[str] = []
        if kind in COLUMN_KEYS:
            r = dict(r)
            for key in COLUMN_KEYS[kind]:
                if key in r and key in f:
                    if r[key] == f[key]:
                        del r[key]
                    else:
                        clash.append(f"{key} {f[key]!r} vs prose {r[key]!r}")
            if not any(k in r for k in COLUMN_KEYS[kind]):
                return None
        column = {"enum": "enum", "default": "default", "pattern": "pattern"}.get(kind)
        if column and column in f:
            mine = r["values"] if kind == "enum" else r.get("value" if kind == "default" else "pattern")
            same = (
                sorted(map(str, mine)) == sorted(map(str, f[column])) if kind == "enum" else mine == f[column]
            )
            if same:
                return None
            clash.append(f"{column} {f[column]!r} vs prose {mine!r}")
        if not clash:
            return r
        return self.decide(r, f, op_id, part, path, where, clash)

    def decide(
        self, r: Raw, f: Field, op_id: str, part: str, path: str, where: str, clash: list[str]
    ) -> Raw | None:
        line = f"{where} {r['kind']}: {'; '.join(clash)} (`{r['source']}`)"
        for i, d in enumerate(self.decisions):
            if (
                op_id in entry_ops(d)
                and d["part"] == part
                and path in entry_paths(d)
                and d["kind"] == r["kind"]
            ):
                self.used.add(i)
                self.report.add(
                    "Prose rules contradicting a column (decided)", f"{line} -> {d['decide']} — {d['reason']}"
                )
                if d["decide"] == "column":
                    return None
                kind = r["kind"]
                for key in [k for k in COLUMN_KEYS[kind] if k in r] if kind in COLUMN_KEYS else [kind]:
                    f.pop(key, None)
                return copy.deepcopy(r)
        self.report.add("Prose rules contradicting a column (undecided: column kept)", line)
        return None


def _add(rules: list[Raw], r: Raw) -> None:
    """Add a rule; a range or length whose other bound an earlier sentence gave joins that rule."""
    keys = COLUMN_KEYS.get(r["kind"])
    for i, x in enumerate(rules):
        if keys and x["kind"] == r["kind"] and not any(k in x and k in r for k in keys):
            merged = {**x, **{k: r[k] for k in keys if k in r}}
            merged["source"] = f"{x['source']}。{r['source']}"
            rules[i] = {k: merged[k] for k in ("kind", *keys, "source") if k in merged}
            return
    rules.append(r)


def _same(a: Raw, b: Raw) -> bool:
    return {k: v for k, v in a.items() if k != "source"} == {k: v for k, v in b.items() if k != "source"}


def check_rules(version: str, ops: dict[str, Op]) -> None:
    """Every rule written loads (``translator.spec.rules``) and names a sibling that exists."""
    from translator.errors import SpecError
    from translator.spec.rules import parse_rules

    for op_id, op in ops.items():
        for part in PARTS:
            for path, f, sibs in part_fields(op, part):
                where = f"{version} `{op_id}` {part} `{path}`"
                try:
                    rules = parse_rules(f.get("rules"), where)
                except SpecError as exc:
                    raise DerivationError(str(exc)) from None
                names = {s["name"] for s in sibs if s is not f}
                for r in rules:
                    if r.other is not None and r.other not in names:
                        raise DerivationError(f"{where}: {r.kind} rule names {r.other!r}, not a sibling")
