"""Draft golden conversions for paired operations that have none yet (a starting point for review).

NOT part of the test path: it proposes entries for ``fixtures/golden/<family>.yaml`` with every
documented field filled with a distinct value (inside both versions' ranges), the v2 side taken
from the correspondence the tables declare. Each drafted entry must then be checked by hand against
the two versions' doc pages (field tables) before it is kept: a wrong row in a table would otherwise
be copied into its own golden. Existing entries are never overwritten (but the family file is
rewritten, so comments in it are not kept).

    python scripts/golden_bootstrap.py [--op vpc_channel.get] [--dry-run]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "tests")]

from helpers.golden import check, golden_from  # noqa: E402

from translator.mapping import engine, paths  # noqa: E402
from translator.mapping.compiled import PartPlan, Report  # noqa: E402
from translator.mapping.load import CONFIGURED_PATH_PARAMS, OperationPair, load_mappings  # noqa: E402
from translator.models import problems  # noqa: E402
from translator.spec import FieldSpec, walk  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "fixtures" / "golden"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


class Values:
    """Distinct values: every string, number and map key is used once per body."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)
        self.used: set[Any] = set()
        self.rotation: dict[tuple[Any, ...], int] = {}
        self.small: dict[tuple[Any, ...], list[str]] = {}
        """Fields with few possible values (booleans, enums), by their value set: for variants."""

    def text(self, stem: str, lo: int | None, hi: int | None, time_like: bool) -> str:
        while True:
            n = next(self.counter)
            if time_like:
                value = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:{n % 59:02d}Z"
            else:
                value = f"{stem.replace('_', '-')}-{n}"
            if hi is not None and len(value) > hi:
                value = f"{stem[: max(1, hi - len(str(n)) - 1)]}-{n}"[:hi]
            if lo is not None and len(value) < lo:
                value = value + "x" * (lo - len(value))
            if ("s", value) not in self.used:
                self.used.add(("s", value))
                return value

    def number(self, lo: float | None, hi: float | None, integer: bool) -> int | float:
        low = int(lo) if lo is not None else 1
        high = int(hi) if hi is not None else 10**6
        start = low + 1 if high - low >= 2 else low
        if high - low > 1000:
            start = low + 100 + next(self.counter)
        for candidate in itertools.chain(range(start, high + 1), range(low, start)):
            value: int | float = candidate if integer else candidate + 0.5
            if (integer or hi is None or value <= hi) and ("n", value) not in self.used:
                self.used.add(("n", value))
                return value
        return low

    def pick(self, options: tuple[Any, ...], where: str) -> Any:
        """An option no other field holds yet if there is one, else the next in rotation."""
        self.small.setdefault(options, []).append(where)
        for option in options:
            key = ("s" if isinstance(option, str) else "n", option)
            if not isinstance(option, bool) and key not in self.used:
                self.used.add(key)
                return option
        i = self.rotation.get(options, 0)
        self.rotation[options] = i + 1
        return options[i % len(options)]


def _bounds(f: FieldSpec, g: FieldSpec | None, lo: str, hi: str) -> tuple[Any, Any]:
    los = [x for x in (getattr(f, lo), getattr(g, lo) if g else None) if x is not None]
    his = [x for x in (getattr(f, hi), getattr(g, hi) if g else None) if x is not None]
    return (max(los) if los else None), (min(his) if his else None)


def _enum_options(f: FieldSpec, g: FieldSpec | None) -> tuple[Any, ...]:
    assert f.enum is not None
    both = tuple(v for v in f.enum if g is None or g.enum is None or v in g.enum)
    return both or tuple(f.enum)


class Filler:
    """Fill every documented field of one side, constrained by the mapped field of the other side."""

    def __init__(self, values: Values, other: dict[str, FieldSpec], mapping: dict[str, str]) -> None:
        self.values = values
        self.other = other
        self.mapping = mapping

    def scalar(self, f: FieldSpec, g: FieldSpec | None, path: str, kind: str | None = None) -> Any:
        kind = kind or f.type
        if f.enum is not None:
            return self.values.pick(_enum_options(f, g), path)
        if g is not None and g.enum is not None:  # documented values on the other side only
            return self.values.pick(tuple(g.enum), path)
        if kind == "boolean":
            return self.values.pick((True, False), path)
        if kind == "string" and g is not None and g.type in ("integer", "number"):  # convert: "12" <-> 12
            return str(self.values.number(g.minimum, g.maximum, g.type == "integer"))
        if kind in ("integer", "number"):
            lo, hi = _bounds(f, g, "minimum", "maximum")
            return self.values.number(lo, hi, kind == "integer")
        lo, hi = _bounds(f, g, "min_length", "max_length")
        stem = paths.last_key(path).replace("[]", "") or "item"
        if path.startswith(paths.PATH_PARAMS + ".") and path in self.mapping:
            stem = paths.last_key(self.mapping[path])  # name path values after the v2 parameter
        return self.values.text(stem, lo, hi, stem.endswith("_time") or stem == "time")

    def field(self, f: FieldSpec, path: str) -> Any:
        g = self.other.get(self.mapping.get(path, ""))
        if f.type == "object" and f.values is not None:
            return {self.values.text("key", None, None, False): self.field(f.values, path)}
        if f.type == "object":
            if path in (paths.PATH_PARAMS, paths.QUERY_PARAMS):
                return self.obj(f.children, path, False)
            if not f.children:
                return {
                    self.values.text("key", None, None, False): self.values.text("val", None, None, False)
                }
            return self.obj(f.children, path, False)
        if f.type == "array":
            if f.children:
                return [self.obj(f.children, path, True)]
            return [self.scalar(f, g, path, f.items or "string")]
        if f.type == "any":
            return self.values.text(paths.last_key(path), None, None, False)
        return self.scalar(f, g, path)

    def obj(self, fields: tuple[FieldSpec, ...], parent: str | None, is_array: bool) -> dict[str, Any]:
        return {f.name: self.field(f, paths.child_path(parent, is_array, f.name)) for f in fields}

    def complete(self, fields: tuple[FieldSpec, ...], node: Any, parent: str | None, is_array: bool) -> None:
        """Add the documented fields ``node`` lacks (the other side's lossy ones)."""
        if not isinstance(node, dict):
            return
        for f in fields:
            path = paths.child_path(parent, is_array, f.name)
            if f.name not in node:
                node[f.name] = self.field(f, path)
            elif f.type == "object" and f.children:
                self.complete(f.children, node[f.name], path, False)
            elif f.type == "array" and f.children and isinstance(node[f.name], list):
                for item in node[f.name]:
                    self.complete(f.children, item, path, True)


def _tree(pair: OperationPair, version: str, part: str) -> tuple[FieldSpec, ...]:
    op = pair.v1 if version == "v1.0" else pair.v2
    body = op.part(part) or ()
    if part == "response":
        return body
    params = tuple(p for p in op.path_params if p.name not in CONFIGURED_PATH_PARAMS)
    return (
        *body,
        FieldSpec(name=paths.PATH_PARAMS, type="object", children=params),
        FieldSpec(name=paths.QUERY_PARAMS, type="object", children=op.query),
    )


def _topmost(found: set[str]) -> list[str]:
    return sorted(p for p in found if not any(p.startswith(q + ".") or p.startswith(q + "[]") for q in found))


def _present(message: Any, path: str) -> bool:
    node = message
    for key in path.replace("[]", "").split("."):
        if isinstance(node, list):
            node = node[0] if node else None
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _golden_path(path: str, part: str) -> str:
    if part == "response":
        return path
    for prefix, section in ((paths.PATH_PARAMS, "path"), (paths.QUERY_PARAMS, "query")):
        if path.startswith(prefix + "."):
            return f"{section}:{path[len(prefix) + 1 :]}"
    return f"body:{path}"


def _side(message: dict[str, Any], part: str, has_body: bool = True) -> Any:
    if part == "response":
        if not has_body and not message:
            return None
        return message.get("", message) if "" in message else message
    out: dict[str, Any] = {}
    body = {k: v for k, v in message.items() if k not in (paths.PATH_PARAMS, paths.QUERY_PARAMS)}
    if message.get(paths.PATH_PARAMS):
        out["path"] = message[paths.PATH_PARAMS]
    if message.get(paths.QUERY_PARAMS):
        out["query"] = message[paths.QUERY_PARAMS]
    if body:
        out["body"] = body.get("", body) if "" in body else body
    return out


def draft(pair: OperationPair, part: str) -> tuple[dict[str, Any], list[str]]:
    """A drafted golden entry for one part and the problems found while drafting it."""
    plan: PartPlan = getattr(pair, part)
    values = Values()
    idx1, idx2 = dict(walk(_tree(pair, "v1.0", part))), dict(walk(_tree(pair, "v2", part)))
    back = {v: k for k, v in plan.mapping.items()}
    v1 = Filler(values, idx2, plan.mapping).obj(_tree(pair, "v1.0", part), None, False)
    for keys, value in plan.v2_to_v1.constants:  # a v1.0 constant can only have its one value
        v1[keys[0]] = value
    query_action = plan.v1_to_v2.actions.get(paths.QUERY_PARAMS) if part == "request" else None
    paging = query_action.child.paging if query_action is not None and query_action.child else None
    if paging is not None:  # page 3 of 40: a v2 offset of 80, on a page boundary both ways
        query = v1.setdefault(paths.QUERY_PARAMS, {})
        query[paging.page_no], query[paging.page_size] = 3, 40
    issues: list[str] = []
    report: Report = []
    v2 = engine.run(plan.v1_to_v2, v1, report)
    issues += [f"v1->v2 note {r}" for r in report if r[1] != "dropped"]
    Filler(values, idx1, back).complete(_tree(pair, "v2", part), v2, None, False)
    only_v1 = {p for p in plan.lossy_v1 if _present(v1, p)}
    only_v2 = {p for p in plan.lossy_v2 if _present(v2, p)}
    for version, op, message in (("v1.0", pair.v1, v1), ("v2", pair.v2, v2)):
        side = _side(message, part)
        body = side.get("body") if part == "request" else side
        if (op.request if part == "request" else op.response) is not None:
            issues += [f"{version} invalid: {p}" for p in problems(op.version, op.id, part, body)]  # type: ignore[arg-type]
    entry: dict[str, Any] = {
        "v1": _side(v1, part, pair.v1.response is not None),
        "v2": _side(v2, part, pair.v2.response is not None),
    }
    if only_v1:
        entry["only_v1"] = [_golden_path(p, part) for p in _topmost(only_v1)]
    if only_v2:
        entry["only_v2"] = [_golden_path(p, part) for p in _topmost(only_v2)]
    for direction, lossy in (("v1_to_v2", plan.lossy_v2), ("v2_to_v1", plan.lossy_v1)):
        blocked = [p for p in lossy if p.startswith(paths.PATH_PARAMS + ".")]
        if blocked:
            entry.setdefault("unroutable", {})[direction] = " ".join(lossy[blocked[0]].split())
    issues += check(load_mappings(), golden_from(pair.v1.id, part, "", entry))
    small = {k: v for k, v in values.small.items() if len(v) > len(k)}
    if small:
        entry["_small_domains"] = {str(list(k)): v for k, v in small.items()}
    return entry, issues


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--op", action="append", help="only these v1.0 operation ids")
    parser.add_argument("--dry-run", action="store_true", help="print the drafts, write nothing")
    args = parser.parse_args(argv)
    mappings = load_mappings()
    by_file: dict[str, dict[str, Any]] = {}
    for op_id, pair in sorted(mappings.pairs.items()):
        if args.op and op_id not in args.op:
            continue
        family = pair.source.removesuffix(".yaml")
        path = GOLDEN / f"{family}.yaml"
        data = by_file.setdefault(family, yaml.safe_load(path.read_text()) if path.exists() else {})
        goldens = data.setdefault("goldens", {})
        entry = goldens.setdefault(op_id, {})
        for part in ("request", "response"):
            if part in entry:
                continue
            if part == "response" and pair.v1.response is None and pair.v2.response is None:
                continue
            drafted, issues = draft(pair, part)
            entry[part] = drafted
            for issue in issues:
                print(f"{op_id} {part}: {issue}", file=sys.stderr)
    if args.dry_run:
        print(yaml.dump(by_file, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110))
        return 0
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for family, data in by_file.items():
        text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
        (GOLDEN / f"{family}.yaml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
