"""Reports of every phase, as JSON and as Markdown. They hold counts, ids, field names and error
messages, never a body: no secret reaches a report."""

from __future__ import annotations

import dataclasses
import json
from typing import Any


def as_dict(result: Any, phase: str) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    data = {"phase": phase, "ok": bool(getattr(result, "ok", getattr(result, "clean", True))), **data}
    return data


def to_json(result: Any, phase: str) -> str:
    return json.dumps(as_dict(result, phase), indent=1, sort_keys=True, ensure_ascii=False)


def _table(counts: dict[str, dict[str, int]]) -> list[str]:
    if not counts:
        return ["(nothing)"]
    columns: list[str] = []
    for by in counts.values():
        columns += [c for c in by if c not in columns]
    lines = ["| family | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for family, by in counts.items():
        lines.append(f"| {family} | " + " | ".join(str(by.get(c, 0)) for c in columns) + " |")
    return lines


TITLES = {
    "new_secrets": "new secrets: no entry in the secrets file, so the target generates new ones",
    "changes": "changes on the way: the target gives these anew",
    "lossy": "fields lost on the way",
    "altered": "values the target takes only changed (the tables' policy, e.g. clamped into its range)",
}
"""Section titles that need more than the key's own words."""


def _title(key: str) -> str:
    return TITLES.get(key, key.replace("_", " "))


def _rows(title: str, rows: list[dict[str, str]]) -> list[str]:
    if not rows:
        return []
    out = ["", f"### {title} ({len(rows)})", ""]
    for r in rows[:200]:
        rest = ", ".join(f"{k}: {v}" for k, v in r.items() if k not in ("family", "id"))
        out.append(f"- {r.get('family', '')} `{r.get('id', '')}`" + (f" {rest}" if rest else ""))
    if len(rows) > 200:
        out.append(f"- ... and {len(rows) - 200} more (see the JSON report)")
    return out


def to_markdown(result: Any, phase: str) -> str:
    data = as_dict(result, phase)
    lines = [f"## {phase}: {'ok' if data['ok'] else 'NOT OK'}", ""]
    for key in ("counts", "removed", "kept"):
        if key in data and isinstance(data[key], dict):
            value = data[key]
            if value and all(isinstance(v, int) for v in value.values()):
                value = {k: {key: v} for k, v in value.items()}
            lines += ["", f"### {key}", "", *_table(value)]
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines += _rows(_title(key), value)
    for key in ("lossy", "not_migrated", "changes", "notes"):
        value = data.get(key)
        if value:
            lines += ["", f"### {_title(key)}", ""]
            for family, what in value.items():
                if isinstance(what, dict):
                    for path, why in what.items():
                        lines.append(f"- {family} `{path}`: {why}")
                elif isinstance(what, list):
                    lines += [f"- {family}: {w}" for w in what]
                else:
                    lines.append(f"- {family}: {what}")
    return "\n".join(lines) + "\n"
