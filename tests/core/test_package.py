"""The shared core sits under the parts: no module of translator.core imports one of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import translator.core

CORE = Path(translator.core.__file__).parent
PARTS = ("translator.emulator", "translator.shim", "translator.migrate", "translator.cli")


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


@pytest.mark.parametrize("path", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_imports_no_part(path: Path) -> None:
    bad = sorted(m for m in _imports(path) if m.startswith(PARTS))
    assert not bad, f"{path.name} imports {bad}"
