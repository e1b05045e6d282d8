"""The ``emulator`` command."""

from __future__ import annotations

import click
from click.core import ParameterSource

from translator.cli.common import note
from translator.core.bodies import DEFAULT_LIMITS

_SECRETS = (
    "Secrets stay off the command line if you like (there every local user sees them in ps): each "
    "is also read from its environment variable, from a file holding it alone (--token-file, "
    "--sk-file), or from an SDK credentials file (--credentials-file: an INI file whose [basic] "
    "section holds ak, sk, project_id and, here, token, as the official SDK reads "
    "~/.huaweicloud/credentials). A flag on the command line wins over a file, a file over the "
    "environment."
)


def _quotas(values: tuple[str, ...]) -> dict[str, int]:
    """``NAME=N`` flags as a mapping; a malformed one is a usage error naming it."""
    out: dict[str, int] = {}
    for item in values:
        name, _, number = item.partition("=")
        if not name.strip() or not number.strip().isdigit() or len(number.strip()) > 12:
            raise click.BadParameter(f"{item!r}: expected NAME=N with N a whole number", param_hint="--quota")
        out[name.strip()] = int(number)
    return out


def _setting(
    ctx: click.Context, name: str, value: str | None, profile: dict[str, str], file: str | None = None
) -> str | None:
    """``name`` from the command line, its own file, the credentials file or the environment."""
    from translator.core.secrets import SecretFileError, read_secret

    flag = f"--{name.replace('_', '-')}"
    if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE:
        if file is not None:
            raise click.BadParameter(f"give {flag} or {flag}-file, not both", param_hint=flag)
        if name in ("token", "sk"):
            note(f"{flag} on the command line is visible to every local user (ps); see --help for other ways")
        return value
    if file is not None:
        try:
            return read_secret(file)
        except SecretFileError as exc:
            raise click.BadParameter(str(exc), param_hint=f"{flag}-file") from None
    return profile.get(name, value)


@click.command(
    short_help="Run a local emulator of the v1.0 or v2 management API (prints where it listens).",
    epilog=_SECRETS,
)
@click.option("--api", type=click.Choice(["v1.0", "v2"]), required=True, help="Which API to emulate.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="The TCP port to listen on; 0 picks a free one (the URL printed at start names it).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite file holding the state, kept after exit (default: a temporary one, removed on exit).",
)
@click.option(
    "--project-id",
    envvar=["APIG_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"],
    show_envvar=True,
    default=None,
    help="v2: the project id served (default: a fixed one, printed at start).",
)
@click.option(
    "--instance-id",
    envvar="APIG_INSTANCE_ID",
    show_envvar=True,
    default=None,
    help="v2: the gateway instance id served (default: a fixed one, printed at start).",
)
@click.option(
    "--token", envvar="APIG_TOKEN", show_envvar=True, default=None, help="Accept this X-Auth-Token."
)
@click.option(
    "--token-file", type=click.Path(dir_okay=False), default=None, help="Read --token from this file."
)
@click.option(
    "--ak",
    envvar=["APIG_EMULATOR_AK", "HUAWEICLOUD_SDK_AK"],
    show_envvar=True,
    default=None,
    help="Accept AK/SK signatures with this access key (needs --sk).",
)
@click.option(
    "--sk",
    envvar=["APIG_EMULATOR_SK", "HUAWEICLOUD_SDK_SK"],
    show_envvar=True,
    default=None,
    help="The secret key of --ak.",
)
@click.option("--sk-file", type=click.Path(dir_okay=False), default=None, help="Read --sk from this file.")
@click.option(
    "--credentials-file",
    envvar="APIG_EMULATOR_CREDENTIALS_FILE",
    show_envvar=True,
    type=click.Path(dir_okay=False),
    default=None,
    help="An SDK credentials file ([basic] ak, sk, project_id, token) to take what is not given otherwise.",
)
@click.option(
    "--faults",
    default="",
    help="Inject faults, e.g. 'rate=0.1,status=429|500|503,retry_after=1,latency_ms=20,seed=7' "
    "(latency_ms at most 60000, retry_after at most 3600); also settable at PUT /_emulator/faults.",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**63 - 1),
    default=None,
    help="Make generated ids and secrets reproducible.",
)
@click.option(
    "--quota",
    "quotas",
    multiple=True,
    metavar="NAME=N",
    help="Replace a documented quota, e.g. vpc_channel=100 (repeatable).",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(1024, 1024**3),
    default=DEFAULT_LIMITS.max_bytes,
    show_default=True,
    help="The largest request body taken (413 beyond it); the real gateway's default is 12 MiB.",
)
@click.pass_context
def emulator(
    ctx: click.Context,
    api: str,
    host: str,
    port: int,
    db: str | None,
    project_id: str | None,
    instance_id: str | None,
    token: str | None,
    token_file: str | None,
    ak: str | None,
    sk: str | None,
    sk_file: str | None,
    credentials_file: str | None,
    faults: str,
    seed: int | None,
    quotas: tuple[str, ...],
    max_body_bytes: int,
) -> None:
    """Run a local emulator of the v1.0 or v2 management API until Ctrl-C or SIGTERM.

    At start it prints the URL it listens on, the API version and, for v2, the project and
    instance ids. Without --token or --ak/--sk it accepts any caller. The control endpoint
    /_emulator/faults takes the same credentials as the API.
    """
    from dataclasses import replace

    from translator.core.secrets import SecretFileError, read_credentials
    from translator.emulator.config import DEFAULT_INSTANCE_ID, DEFAULT_PROJECT_ID, EmulatorConfig
    from translator.emulator.faults import FaultSpec
    from translator.emulator.serve import ListenError, serve
    from translator.emulator.store_errors import StoreError

    try:
        profile = read_credentials(credentials_file) if credentials_file else {}
    except SecretFileError as exc:
        raise click.BadParameter(str(exc), param_hint="--credentials-file") from None
    token = _setting(ctx, "token", token, profile, token_file)
    sk = _setting(ctx, "sk", sk, profile, sk_file)
    ak = _setting(ctx, "ak", ak, profile)
    project_id = _setting(ctx, "project_id", project_id, profile)
    try:
        FaultSpec.parse(faults)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None
    try:
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
        config = replace(config, limits=replace(config.limits, max_bytes=max_body_bytes))
        serve(config)  # a bad quota name, host, port or database is found before anything is served
    except ListenError as exc:
        raise click.BadParameter(str(exc), param_hint="--host/--port") from None
    except StoreError as exc:
        raise click.BadParameter(str(exc), param_hint="--db") from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
