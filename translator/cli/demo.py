"""The ``demo`` command: the main job on the embedded default."""

from __future__ import annotations

import sys

import click


@click.command(short_help="Move a fixture tenant between local emulators and check it, with the shim.")
@click.option("--tenant", default="small", show_default=True, help="A fixtures/tenants/ name or a JSON file.")
@click.option("--concurrency", type=int, default=4, show_default=True, help="Requests in flight at once.")
def demo(tenant: str, concurrency: int) -> None:
    """Move a fixture tenant from a local v1.0 emulator to a local v2 emulator and check it."""
    from translator.demo.run import run_demo, summary

    result = run_demo(tenant, say=lambda line: click.echo(line), concurrency=concurrency)
    click.echo(summary(result))
    sys.exit(0 if result.ok else 1)
