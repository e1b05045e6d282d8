"""The ``apig-translator`` command line: one module per part; each command parses its flags and
calls one function."""

from __future__ import annotations

import click

from translator.cli.convert import convert
from translator.cli.demo import demo
from translator.cli.emulator import emulator
from translator.cli.migrate import COMMANDS as MIGRATE_COMMANDS
from translator.cli.ops import ops
from translator.cli.roundtrip import roundtrip
from translator.cli.route import route
from translator.cli.shim import shim


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="apig-translator", help="Show the version and exit.")
def main() -> None:
    """Move API Gateway tenants from the shared v1.0 API to the dedicated v2 API."""


for command in (demo, convert, route, ops, roundtrip, emulator, shim, *MIGRATE_COMMANDS):
    main.add_command(command)
