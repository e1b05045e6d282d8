"""The ``emulator`` command."""

from __future__ import annotations

import click

from translator.cli.common import fail


def _quotas(values: tuple[str, ...]) -> dict[str, int]:
    """``NAME=N`` flags as a mapping; a malformed one is a ``ValueError`` naming it."""
    out: dict[str, int] = {}
    for item in values:
        name, _, number = item.partition("=")
        if not name or not number.strip().isdigit():
            raise ValueError(f"--quota {item!r}: expected NAME=N with N a whole number")
        out[name.strip()] = int(number)
    return out


@click.command()
@click.option("--api", type=click.Choice(["v1.0", "v2"]), required=True, help="Which API to emulate.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8080, show_default=True)
@click.option("--db", default=None, help="SQLite file holding the state (default: a new temporary file).")
@click.option("--project-id", default=None, help="v2: the project id served.")
@click.option("--instance-id", default=None, help="v2: the instance id served.")
@click.option("--token", default=None, help="Accept this X-Auth-Token.")
@click.option("--ak", default=None, help="Accept AK/SK signatures with this access key (needs --sk).")
@click.option("--sk", default=None, help="The secret key of --ak.")
@click.option(
    "--faults", default="", help="e.g. 'rate=0.1,status=429|500|503,retry_after=1,latency_ms=20,seed=7'."
)
@click.option("--seed", type=int, default=None, help="Make generated ids and secrets reproducible.")
@click.option(
    "--quota",
    "quotas",
    multiple=True,
    metavar="NAME=N",
    help="Replace a documented quota, e.g. vpc_channel=100 (repeatable).",
)
def emulator(
    api: str,
    host: str,
    port: int,
    db: str | None,
    project_id: str | None,
    instance_id: str | None,
    token: str | None,
    ak: str | None,
    sk: str | None,
    faults: str,
    seed: int | None,
    quotas: tuple[str, ...],
) -> None:
    """Run a local emulator of the v1.0 or v2 management API."""
    from translator.emulator.config import DEFAULT_INSTANCE_ID, DEFAULT_PROJECT_ID, EmulatorConfig
    from translator.emulator.faults import FaultSpec
    from translator.emulator.serve import serve

    try:
        FaultSpec.parse(faults)
        config = EmulatorConfig(
            api="v1.0" if api == "v1.0" else "v2",
            host=host,
            port=port,
            db=db,
            project_id=project_id or DEFAULT_PROJECT_ID,
            instance_id=instance_id or DEFAULT_INSTANCE_ID,
            token=token,
            ak=ak,
            sk=sk,
            faults=faults,
            seed=seed,
            quotas=_quotas(quotas),
        )
        serve(config)  # a bad quota name is found before anything is served
    except ValueError as exc:
        fail(str(exc))
