"""What the migration commands share: the credential and target options, the client of the side a
command names, the direction (a v1.0 bundle goes to v2, a v2 bundle back to v1.0), the journal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from translator.cli.common import fail, note
from translator.errors import IdMapError
from translator.migrate.bundle import Bundle, BundleError, read_bundle
from translator.migrate.journal import Journal, journal_versions
from translator.migrate.secrets import load_secrets
from translator.types import Version

if TYPE_CHECKING:  # the clients load when a command calls a side, not when the command line starts
    from translator.core.blocking import BlockingApiClient
    from translator.core.credential_sources import Access

CREDENTIALS_HELP = (
    "Credentials, first found wins: --token; --ak with --sk or --sk-file; --credentials-file (the "
    "SDK's INI file, [basic] with ak, sk, project_id, token); $HUAWEICLOUD_SDK_AK and "
    "$HUAWEICLOUD_SDK_SK (with $HUAWEICLOUD_SDK_SECURITY_TOKEN); $APIG_TOKEN. Keep secrets off the "
    "command line, where every local user sees them (ps): a file or a variable."
)
API_CHOICE = click.Choice(["v1.0", "v2"])


def auth_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(
        [
            click.option("--token", default=None, help="IAM token (better: a file or $APIG_TOKEN)."),
            click.option("--ak", default=None, help="Access key (default: $HUAWEICLOUD_SDK_AK)."),
            click.option("--sk", default=None, help="Secret key (better: --sk-file or $HUAWEICLOUD_SDK_SK)."),
            click.option("--sk-file", default=None, help="A file holding the secret key alone."),
            click.option(
                "--credentials-file", default=None, help="The SDK's credentials file ([basic]: ak, sk, ...)."
            ),
            click.option("--security-token", default=None, help="Default: $HUAWEICLOUD_SDK_SECURITY_TOKEN."),
        ]
    ):
        fn = opt(fn)
    return fn


def target_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = auth_options(fn)
    for opt in reversed(
        [
            click.option(
                "--api",
                "target_api",
                type=API_CHOICE,
                default=None,
                help="Target API (default: v2 for a v1.0 bundle, v1.0 for a v2 one; rollback: the journal's)",
            ),
            click.option(
                "--project-id", default=None, help="A v2 target's project (or from the credentials)."
            ),
            click.option("--instance-id", default=None, help="A v2 target's gateway instance."),
        ]
    ):
        fn = opt(fn)
    return fn


def access(auth: dict[str, Any], project_id: str | None) -> Access:
    """The credentials the flags name (a one-line error exit on a bad file)."""
    from translator.core.credential_sources import CredentialsError, resolve_access

    for flag in ("sk", "token"):
        if auth.get(flag):
            note(f"--{flag} on the command line is visible to every local user (ps); see --help")
    try:
        return resolve_access(project_id=project_id, **auth)
    except CredentialsError as exc:
        fail(str(exc))


def other(version: str) -> Version:
    return "v1.0" if version == "v2" else "v2"


@dataclass(frozen=True)
class Side:
    """The side a command calls: its version, client and (v2) project and instance."""

    version: Version
    client: BlockingApiClient
    project_id: str
    instance_id: str


@contextmanager
def side(
    url: str, version: Version, project_id: str | None, instance_id: str | None, auth: dict[str, Any]
) -> Iterator[Side]:
    """The client of ``url`` speaking ``version`` (v2: the project and instance are required)."""
    from translator.core.blocking import BlockingApiClient

    found = access(auth, project_id)
    pid, iid = found.project_id or "", instance_id or ""
    if version == "v2":
        if not iid:
            fail("a v2 side needs --instance-id")
        if not pid:
            fail("a v2 side needs --project-id (or $HUAWEICLOUD_SDK_PROJECT_ID, or the credentials file)")
    kw: dict[str, Any] = {"project_id": pid, "instance_id": iid} if version == "v2" else {}
    with BlockingApiClient(url, version, credentials=found.credentials, **kw) as client:
        yield Side(version, client, pid, iid)


def bundle_of(directory: str) -> Bundle:
    try:
        return read_bundle(directory)
    except BundleError as exc:
        fail(f"bundle refused: {exc}")


def direction(bundle: Bundle, target_api: str | None) -> tuple[Version, Version]:
    """(source, target) of moving ``bundle``: to the other version (``--api`` may only confirm it)."""
    source: Version = "v1.0" if bundle.api == "v1.0" else "v2"
    target = other(source)
    if target_api is not None and target_api != target:
        fail(f"a {source} bundle goes to a {target} target, not {target_api}")
    return source, target


def versions_of(path: str, target_api: str | None = None) -> tuple[Version, Version]:
    """The (source, target) versions an existing journal records (``--api`` must agree)."""
    if not Path(path).exists():
        fail(f"{path}: no such journal")
    try:
        source, target = journal_versions(path)
    except IdMapError as exc:
        fail(str(exc))
    if target_api is not None and target_api != target:
        fail(f"{path}: a journal of a {source} -> {target} import, not of a {target_api} target")
    return source, target


@contextmanager
def journal(path: str, source: Version, target: Version) -> Iterator[Journal]:
    try:
        opened = Journal(path, source, target)
    except IdMapError as exc:
        fail(str(exc))
    with opened:
        yield opened


def secrets_of(path: str | None) -> dict[str, Any]:
    try:
        return load_secrets(path)
    except (OSError, ValueError) as exc:
        fail(f"secrets file refused: {type(exc).__name__}: {path}")
