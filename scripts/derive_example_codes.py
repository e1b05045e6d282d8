#!/usr/bin/env python3
"""Derive the error codes the docs' examples give for a bad parameter value, per operation and field.

Input: ``fixtures/samples/<version>/<op_id>.json`` (the doc samples, from ``scripts/derive_spec.py``),
each sample's ``errors["400"]``: an example such as ``APIG.2012 "Invalid parameter value,
parameterName:name"`` says which of the two codes of a value that breaks a rule (APIG.2011
"参数规则不匹配", APIG.2012 "参数匹配到不期望匹配的规则") the operation answers for that field.

Output: ``translator/spec/example_codes.json``: ``{version: {op_id: {field: code}}}`` (only those two
codes, only examples naming a field). ``translator.models.codes`` reads it. Deterministic; run it
again when the samples change (``tests/spec/test_example_codes.py`` checks it is up to date).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "fixtures" / "samples"
OUT = ROOT / "translator" / "spec" / "example_codes.json"
CODES = ("APIG.2011", "APIG.2012")
_NAMED = re.compile(r"parameterName:([A-Za-z_][\w.\[\]]*?)\.?(?:\s|$)")


def derive(samples: Path = SAMPLES) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    for version_dir in sorted(p for p in samples.iterdir() if p.is_dir()):
        by_op: dict[str, dict[str, str]] = {}
        for file in sorted(version_dir.glob("*.json")):
            example: Any = (json.loads(file.read_text(encoding="utf-8")).get("errors") or {}).get("400")
            if not isinstance(example, dict) or example.get("error_code") not in CODES:
                continue
            named = _NAMED.search(str(example.get("error_msg", "")))
            if named:
                by_op[file.stem] = {named.group(1): str(example["error_code"])}
        out[version_dir.name] = by_op
    return out


def render(data: dict[str, dict[str, dict[str, str]]]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    OUT.write_text(render(derive()), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
