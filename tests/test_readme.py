"""The README's commands work as written (from the repository's root)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from helpers.cli import run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
COMMANDS = [
    line.split("  #")[0].strip().rstrip("\\").strip()
    for block in BLOCKS
    for line in block.splitlines()
    if line.startswith("apig-translator ")
]
RUNNABLE = {"convert", "route", "ops", "roundtrip"}
"""The commands that run as written offline and at once (the others serve, or need a gateway)."""
LINES = [line for line in COMMANDS if line.split()[1] in RUNNABLE]


def test_the_readme_shows_the_commands() -> None:
    from translator.cli import main

    shown = {line.split()[1] for line in COMMANDS}
    assert shown <= set(main.commands), shown - set(main.commands)
    assert {shlex.split(line)[1] for line in LINES} == RUNNABLE
    assert "python -m pytest" in README.splitlines()


@pytest.mark.parametrize("line", LINES)
def test_a_readme_command_runs_as_written(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    ran = run(*shlex.split(line)[1:])
    assert ran.code == 0 and ran.exception is None, (line, ran.err)
    assert ran.out and "error:" not in ran.err
