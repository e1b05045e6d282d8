"""The compatibility matrix: every v1.0 operation with its v2 counterpart and translation status."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from translator.mapping.load import load_mappings
from translator.mapping.probes import COLUMN
from translator.mapping.strictness import by_operation
from translator.spec import load_spec

NO_TABLE = "no mapping table covers this operation yet"


@dataclass(frozen=True, slots=True)
class MatrixRow:
    v1_id: str
    v1_method: str
    v1_uri: str
    status: str
    """``translated`` (nothing lost), ``partial`` (declared lossy fields) or ``unsupported``."""
    v2_id: str | None = None
    v2_method: str | None = None
    v2_uri: str | None = None
    lossy: dict[str, dict[str, str]] = field(default_factory=dict)
    reason: str | None = None
    table: str | None = None
    stricter: list[dict[str, object]] = field(default_factory=list)
    """Fields whose target rule refuses a value the source takes (``translator.mapping.strictness``):
    ``{field, target_field, direction, part, rule, kind, source, handled}`` each."""


def _topmost(fields: dict[str, str]) -> dict[str, str]:
    """Lossy fields without those inside a lossy object (everything in it is lost with it)."""
    return {
        path: reason
        for path, reason in fields.items()
        if not any(path.startswith((other + ".", other + "[].")) for other in fields if other != path)
    }


def compatibility_matrix() -> list[MatrixRow]:
    """One row per v1.0 operation of the spec, sorted by operation id."""
    mappings = load_mappings()
    stricter = by_operation()
    rows: list[MatrixRow] = []
    for op_id, op in sorted(load_spec("v1.0").operations.items()):
        pair = mappings.pairs.get(op_id)
        if pair is None:
            table, reason = mappings.unsupported.get(op_id, (None, NO_TABLE))
            rows.append(
                MatrixRow(
                    op_id, op.method, op.path, "unsupported", reason=" ".join(reason.split()), table=table
                )
            )
            continue
        lossy = {part: _topmost(fields) for part, fields in pair.lossy.items() if fields}
        rows.append(
            MatrixRow(
                op_id,
                op.method,
                op.path,
                "partial" if lossy else "translated",
                v2_id=pair.v2.id,
                v2_method=pair.v2.method,
                v2_uri=pair.v2.path,
                lossy=lossy,
                reason=pair.note,
                table=pair.source,
                stricter=[s.as_json() for s in stricter.get(op_id, ())],
            )
        )
    return rows


def as_json(rows: list[MatrixRow]) -> list[dict[str, object]]:
    return [asdict(r) for r in rows]


def lossy_count(row: MatrixRow) -> int:
    """How many fields the row's translation loses (in every part and version)."""
    return sum(len(fields) for fields in row.lossy.values())


def stricter_count(row: MatrixRow) -> int:
    """How many (field, direction, rule) the target holds stricter than the source."""
    return len(row.stricter)


def _stricter_lines(row: MatrixRow) -> list[str]:
    lines = ["- stricter:"]
    for s in row.stricter:
        handled = f"; the table's out_of_range: {s['handled']}" if s["handled"] else ""
        source = _cell(str(s["source"]))
        said = f" ({source})" if source.startswith(COLUMN) else f" (the docs: '{source}')" if source else ""
        lines.append(
            f"  - `{s['field']}` -> `{s['target_field']}` ({s['direction']}, {s['part']}): "
            f"{_cell(str(s['rule']))}{said}{handled}"
        )
    return lines


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def as_markdown(rows: list[MatrixRow]) -> str:
    """A summary table (operation, status, v2 operation, lossy field count), then one section per
    operation that loses something, has no counterpart or holds a field stricter on one side: the
    lossy fields with their reasons, the stricter fields with the target's rule."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    lines = [
        "# v1.0 -> v2 compatibility matrix",
        "",
        ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())),
        "",
        "| v1.0 operation | status | v2 operation | lossy fields |",
        "|---|---|---|---|",
    ]
    for r in rows:
        lossy = lossy_count(r)
        detailed = lossy or r.stricter or r.status == "unsupported"
        name = f"[{r.v1_id}](#{_anchor(r.v1_id)})" if detailed else r.v1_id
        lines.append(f"| {name} | {r.status} | {r.v2_id or ''} | {lossy or ''} |")
    lines += ["", "## Details", ""]
    for r in rows:
        if not (lossy_count(r) or r.stricter or r.status == "unsupported"):
            continue
        lines += [f"### {r.v1_id}", ""]
        v2 = f" -> `{r.v2_method} {r.v2_uri}` ({r.v2_id})" if r.v2_id else ""
        lines += [f"`{r.v1_method} {r.v1_uri}`{v2}", ""]
        if r.reason:
            lines += [_cell(r.reason), ""]
        for part, fields in r.lossy.items():
            lines += [f"- {part}:"]
            lines += [f"  - `{path}`: {_cell(reason)}" for path, reason in sorted(fields.items())]
        if r.stricter:
            lines += _stricter_lines(r)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _anchor(op_id: str) -> str:
    """The GitHub-style anchor of a ``### op_id`` heading."""
    return "".join(c for c in op_id.lower() if c.isalnum() or c in "-_ ").replace(" ", "-")
