"""The migration commands: ``export``, ``plan``, ``import``, ``verify``, ``rollback``."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from translator.cli.common import fail
from translator.core.blocking import BlockingApiClient
from translator.core.credentials import Credentials
from translator.errors import TranslatorError
from translator.migrate import report
from translator.migrate.bundle import BundleError, read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.plan import plan as make_plan
from translator.migrate.rollback import rollback as do_rollback
from translator.migrate.secrets import load_secrets
from translator.migrate.verify import verify as do_verify
from translator.types import Version


def _auth(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(
        [
            click.option("--token", default=None, help="IAM token (default: $APIG_TOKEN)."),
            click.option("--ak", default=None, help="Access key (default: $HUAWEICLOUD_SDK_AK)."),
            click.option("--sk", default=None, help="Secret key (default: $HUAWEICLOUD_SDK_SK)."),
            click.option("--security-token", default=None, help="Default: $HUAWEICLOUD_SDK_SECURITY_TOKEN."),
        ]
    ):
        fn = opt(fn)
    return fn


def _target(fn: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed(
        [
            click.option("--project-id", default=None, help="Default: $HUAWEICLOUD_SDK_PROJECT_ID."),
            click.option("--instance-id", required=True, help="The v2 gateway instance."),
        ]
    ):
        fn = opt(fn)
    return _auth(fn)


def credentials(
    token: str | None, ak: str | None, sk: str | None, security_token: str | None
) -> Credentials | None:
    """From the flags, else as the official SDK reads them, else a token from ``APIG_TOKEN``."""
    ak = ak or os.environ.get("HUAWEICLOUD_SDK_AK")
    sk = sk or os.environ.get("HUAWEICLOUD_SDK_SK")
    if token:
        return Credentials.from_token(token)
    if ak and sk:
        return Credentials.from_aksk(
            ak, sk, security_token or os.environ.get("HUAWEICLOUD_SDK_SECURITY_TOKEN")
        )
    if os.environ.get("APIG_TOKEN"):
        return Credentials.from_token(os.environ["APIG_TOKEN"])
    return None


def _project(project_id: str | None) -> str:
    value = project_id or os.environ.get("HUAWEICLOUD_SDK_PROJECT_ID")
    if not value:
        fail("--project-id (or $HUAWEICLOUD_SDK_PROJECT_ID) is required")
    return value


def _v2_client(url: str, project_id: str, instance_id: str, auth: dict[str, Any]) -> BlockingApiClient:
    """The client of the v2 target the command names (credentials from its auth flags)."""
    return BlockingApiClient(
        url, "v2", project_id=project_id, instance_id=instance_id, credentials=credentials(**auth)
    )


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=False, console=None) as bar:
        tasks: dict[str, Any] = {}

        def update(family: str, done: int, total: int) -> None:
            if family not in tasks:
                tasks[family] = bar.add_task(family, total=total)
            bar.update(tasks[family], completed=done, total=total)

        yield update


def _emit(result: Any, phase: str, report_path: str | None, fmt: str = "markdown") -> None:
    md, js = report.to_markdown(result, phase), report.to_json(result, phase)
    click.echo(js if fmt == "json" else md)
    if report_path:
        base = Path(report_path)
        base.with_suffix(".md").write_text(md, encoding="utf-8")
        base.with_suffix(".json").write_text(js, encoding="utf-8")


def _bundle(directory: str) -> Any:
    try:
        return read_bundle(directory)
    except BundleError as exc:
        fail(f"bundle refused: {exc}")


@click.command("export", short_help="Read every family of a tenant into a bundle (never a short one).")
@click.option("--from", "url", required=True, help="The source API's endpoint.")
@click.option(
    "--api",
    type=click.Choice(["v1.0", "v2"]),
    default="v1.0",
    show_default=True,
    help="The source API version.",
)
@click.option("--out", "out", required=True, help="Bundle directory (made 0700).")
@click.option(
    "--project-id", default=None, help="v2 source: its project (default: $HUAWEICLOUD_SDK_PROJECT_ID)."
)
@click.option("--instance-id", default=None, help="v2 source: its gateway instance.")
@click.option("--concurrency", type=int, default=4, show_default=True, help="Requests in flight at once.")
@_auth
def export(
    url: str,
    api: Version,
    out: str,
    project_id: str | None,
    instance_id: str | None,
    concurrency: int,
    **auth: Any,
) -> None:
    """Read every family of a tenant into a bundle (fails rather than write a short one)."""
    pid: str | None = None
    if api == "v2":  # the way back: a dedicated gateway's tenant (its import into v1.0: not yet)
        if not instance_id:
            fail("export --api v2 needs --instance-id")
        pid = _project(project_id)
    with BlockingApiClient(
        url, api, project_id=pid, instance_id=instance_id if pid else None, credentials=credentials(**auth)
    ) as client:
        try:
            manifest = export_tenant(client, out, url, concurrency=concurrency)
        except (TranslatorError, OSError) as exc:
            fail(f"export failed, no bundle written: {type(exc).__name__}: {exc}")
    click.echo(f"exported {sum(manifest['counts'].values())} objects to {out}")
    for family, count in manifest["counts"].items():
        click.echo(f"  {family}: {count}")


@click.command("plan", short_help="What an import would do and lose; exit 1 when it is not clean.")
@click.argument("directory")
@click.option("--to", "url", required=True, help="The target API's endpoint.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="How to print the plan.",
)
@click.option("--secrets", default=None, help="The operator's secrets file (JSON).")
@_target
def plan(
    directory: str,
    url: str,
    fmt: str,
    secrets: str | None,
    project_id: str | None,
    instance_id: str,
    **auth: Any,
) -> None:
    """What an import would create, adopt, conflict on, lose; exit 1 when it is not clean."""
    bundle = _bundle(directory)
    pid = _project(project_id)
    with _v2_client(url, pid, instance_id, auth) as c:
        result = make_plan(bundle, c, project_id=pid, instance_id=instance_id, secrets=load_secrets(secrets))
    _emit(result, "plan", None, "json" if fmt == "json" else "markdown")
    sys.exit(0 if result.clean else 1)


@click.command("import", short_help="Create the bundle on the target in dependency order (rerunnable).")
@click.argument("directory")
@click.option("--to", "url", required=True, help="The target API's endpoint.")
@click.option(
    "--api", type=click.Choice(["v1.0", "v2"]), default="v2", show_default=True, help="The target API."
)
@click.option("--journal", required=True, help="SQLite journal (and id map), created if missing.")
@click.option("--secrets", default=None, help="The operator's secrets file (JSON).")
@click.option("--concurrency", type=int, default=4, show_default=True, help="Creates in flight at once.")
@click.option("--dry-run", is_flag=True, help="Say what would be done; write nothing.")
@click.option(
    "--on-conflict",
    type=click.Choice(["fail", "skip", "adopt"]),
    default="fail",
    show_default=True,
    help="An object of the same name but other content on the target: stop, leave it, or use it.",
)
@click.option("--report", "report_path", default=None, help="Write the report as PATH.md and PATH.json.")
@click.option("--progress/--no-progress", default=None, help="Progress bars (default: on a terminal).")
@_target
def import_(
    directory: str,
    url: str,
    api: str,
    journal: str,
    secrets: str | None,
    concurrency: int,
    dry_run: bool,
    on_conflict: Any,
    report_path: str | None,
    progress: bool | None,
    project_id: str | None,
    instance_id: str,
    **auth: Any,
) -> None:
    """Create the bundle's objects on the target in dependency order (safe to rerun)."""
    if api != "v2":
        fail("import --api v1.0 (the way back) is not there yet")
    bundle = _bundle(directory)
    pid = _project(project_id)
    show = sys.stderr.isatty() if progress is None else progress
    scratch = tempfile.TemporaryDirectory()
    if dry_run and not Path(journal).exists():  # a dry run leaves no journal behind
        journal = str(Path(scratch.name) / "dry-run.db")
    with (
        scratch,
        _v2_client(url, pid, instance_id, auth) as c,
        Journal(journal, "v1.0", "v2") as j,
        _progress(show) as bar,
    ):
        imp = Importer(
            bundle,
            c,
            j,
            project_id=pid,
            instance_id=instance_id,
            secrets=load_secrets(secrets),
            on_conflict=on_conflict,
            concurrency=concurrency,
            dry_run=dry_run,
            progress=bar,
        )
        outcome = imp.run()
    _emit(outcome, "import (dry run)" if dry_run else "import", report_path)
    if outcome.new_secrets:
        click.echo(
            f"{len(outcome.new_secrets)} apps or signatures got new secrets (no --secrets entry)", err=True
        )
    sys.exit(0 if outcome.ok else 1)


@click.command("verify", short_help="Compare the target with the bundle; exit 1 on any difference.")
@click.argument("directory")
@click.option("--against", "url", required=True, help="The target API's endpoint.")
@click.option("--journal", required=True, help="The import's SQLite journal (and id map).")
@click.option("--report", "report_path", default=None, help="Write the report as PATH.md and PATH.json.")
@_target
def verify(
    directory: str,
    url: str,
    journal: str,
    report_path: str | None,
    project_id: str | None,
    instance_id: str,
    **auth: Any,
) -> None:
    """Read the target back and compare it with the bundle; exit 1 on any difference."""
    bundle = _bundle(directory)
    pid = _project(project_id)
    if not Path(journal).exists():
        fail(f"{journal}: no such journal")
    with (
        _v2_client(url, pid, instance_id, auth) as c,
        Journal(journal, "v1.0", "v2") as j,
    ):
        result = do_verify(bundle, c, j, project_id=pid, instance_id=instance_id)
    _emit(result, "verify", report_path)
    sys.exit(0 if result.ok else 1)


@click.command("rollback", short_help="Delete what the import created, nothing else; resumable.")
@click.option("--journal", required=True, help="The import's SQLite journal (and id map).")
@click.option("--to", "url", required=True, help="The target API's endpoint.")
@click.option("--report", "report_path", default=None, help="Write the report as PATH.md and PATH.json.")
@_target
def rollback(
    journal: str, url: str, report_path: str | None, project_id: str | None, instance_id: str, **auth: Any
) -> None:
    """Delete what the import created (reverse order), nothing that was there before; resumable."""
    pid = _project(project_id)
    if not Path(journal).exists():
        fail(f"{journal}: no such journal")
    with (
        _v2_client(url, pid, instance_id, auth) as c,
        Journal(journal, "v1.0", "v2") as j,
    ):
        result = do_rollback(c, j, "v1.0")
    _emit(result, "rollback", report_path)
    sys.exit(0 if result.ok else 1)


COMMANDS = (export, plan, import_, verify, rollback)
