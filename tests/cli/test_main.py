"""The command group: whole descriptions in its list, help text on every option of every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from helpers.cli import run

from translator.cli import main

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(main.commands)


def test_the_command_list_shows_whole_descriptions() -> None:
    ran = run("--help")
    assert ran.code == 0
    listed = " ".join(ran.out.split("Commands:")[1].split())
    for name in COMMANDS:
        short = main.commands[name].get_short_help_str(limit=1000)
        assert short and not short.endswith("..."), name
        assert " ".join(short.split()) in listed, name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    command = main.commands[name]
    assert command.help, name
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts}"
    assert run(name, "--help").code == 0


def test_python_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "translator.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0 and "convert" in done.stdout and "Usage: apig-translator" in done.stdout
