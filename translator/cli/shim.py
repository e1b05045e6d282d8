"""The ``shim`` command."""

from __future__ import annotations

import click

from translator.cli.common import fail


def _keys(values: tuple[str, ...]) -> dict[str, str] | None:
    """``AK:SK`` flags as a mapping (None when none was given)."""
    out: dict[str, str] = {}
    for item in values:
        ak, sep, sk = item.partition(":")
        if not sep or not ak or not sk:
            raise ValueError("--caller-key expects AK:SK")
        out[ak] = sk
    return out or None


@click.command(short_help="Serve the v1.0 API on top of a v2 backend, for legacy clients.")
@click.option("--backend", default=None, help="The v2 API's base URL (the only place the shim calls).")
@click.option("--project-id", default=None, help="The v2 project id.")
@click.option("--instance-id", default=None, help="The v2 dedicated gateway instance id.")
@click.option("--host", default=None, help="Listen address [default: 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Listen port [default: 8090].")
@click.option("--id-map", default=None, help="A migration's id map: v1.0 ids keep working.")
@click.option("--config", "config_file", default=None, help="A TOML file with the same settings (flags win).")
@click.option("--workers", type=int, default=None, help="uvicorn worker processes [default: 1].")
@click.option(
    "--backend-ak",
    default=None,
    envvar="HUAWEICLOUD_SDK_AK",
    show_envvar=True,
    help="Sign backend calls with this AK (needs --backend-sk).",
)
@click.option(
    "--backend-sk",
    default=None,
    envvar="HUAWEICLOUD_SDK_SK",
    show_envvar=True,
    help="The secret key of --backend-ak (keep it off the command line: the variable, or the TOML file).",
)
@click.option(
    "--backend-token",
    default=None,
    envvar="APIG_TOKEN",
    show_envvar=True,
    help="Send this X-Auth-Token on backend calls.",
)
@click.option(
    "--caller-key",
    "caller_keys",
    multiple=True,
    metavar="AK:SK",
    help="Accept v1.0 requests signed with this pair (repeatable; default: the backend's pair).",
)
@click.option("--max-body", type=int, default=None, help="Largest request body in bytes [default: 4 MiB].")
@click.option("--connect-timeout", type=float, default=None, help="Seconds to connect to the backend.")
@click.option("--read-timeout", type=float, default=None, help="Seconds to wait for a backend answer.")
@click.option(
    "--matrix", "show_matrix", is_flag=True, help="Print how each v1.0 operation is served, and exit."
)
def shim(config_file: str | None, caller_keys: tuple[str, ...], show_matrix: bool, **flags: object) -> None:
    """Serve the v1.0 API on top of a v2 backend, so that legacy clients keep working unchanged."""
    from translator.errors import IdMapError
    from translator.shim.app import open_id_map
    from translator.shim.config import build_config
    from translator.shim.multicall import calls_matrix
    from translator.shim.serve import serve

    if show_matrix:
        rows = calls_matrix()
        counts: dict[str, int] = {}
        for _, how, _ in rows:
            counts[how] = counts.get(how, 0) + 1
        click.echo(", ".join(f"{how}: {n}" for how, n in sorted(counts.items())))
        for op_id, how, why in rows:
            click.echo(f"{how:<14} {op_id:<45} {why}".rstrip())
        return

    try:
        config = build_config({**flags, "caller_keys": _keys(caller_keys)}, config_file)
        if config.id_map:  # checked here: with several workers each opens it on its own
            open_id_map(config.id_map).close()
    except (ValueError, IdMapError) as exc:
        fail(str(exc))
    serve(config)
