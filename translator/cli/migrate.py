"""The migration commands: ``export``, ``plan``, ``import``, ``verify``, ``rollback``, both ways: a
v1.0 bundle goes to a v2 gateway, a v2 bundle (``export --api v2``) back to the shared gateway."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from translator.cli.common import fail
from translator.cli.migrate_options import (
    API_CHOICE,
    CREDENTIALS_HELP,
    auth_options,
    bundle_of,
    direction,
    journal,
    secrets_of,
    side,
    target_options,
    versions_of,
)
from translator.errors import TranslatorError
from translator.types import Version


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
    from translator.migrate import report

    md, js = report.to_markdown(result, phase), report.to_json(result, phase)
    click.echo(js if fmt == "json" else md)
    if report_path:
        base = Path(report_path)
        base.with_suffix(".md").write_text(md, encoding="utf-8")
        base.with_suffix(".json").write_text(js, encoding="utf-8")


@click.command(
    "export",
    short_help="Read every family of a tenant into a bundle (never a short one).",
    epilog=CREDENTIALS_HELP,
)
@click.option("--from", "url", required=True, help="The source API's endpoint.")
@click.option("--api", type=API_CHOICE, default="v1.0", show_default=True, help="The source API version.")
@click.option("--out", "out", required=True, help="Bundle directory (made 0700).")
@click.option("--project-id", default=None, help="v2 source: its project (or from the credentials).")
@click.option("--instance-id", default=None, help="v2 source: its gateway instance.")
@click.option("--concurrency", type=int, default=4, show_default=True, help="Requests in flight at once.")
@auth_options
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
    from translator.migrate.export import export_tenant

    with side(url, api, project_id, instance_id, auth) as source:
        try:
            manifest = export_tenant(source.client, out, url, concurrency=concurrency)
        except (TranslatorError, OSError) as exc:
            fail(f"export failed, no bundle written: {type(exc).__name__}: {exc}")
    click.echo(f"exported {sum(manifest['counts'].values())} objects to {out}")
    for family, count in manifest["counts"].items():
        click.echo(f"  {family}: {count}")


@click.command(
    "plan",
    short_help="What an import would do and lose; exit 1 when it is not clean.",
    epilog=CREDENTIALS_HELP,
)
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
@target_options
def plan(
    directory: str,
    url: str,
    fmt: str,
    secrets: str | None,
    target_api: str | None,
    project_id: str | None,
    instance_id: str | None,
    **auth: Any,
) -> None:
    """What an import would create, adopt, conflict on, lose, and what the target would refuse;
    exit 1 when it is not clean."""
    from translator.migrate.plan import plan as make_plan

    bundle = bundle_of(directory)
    _, version = direction(bundle, target_api)
    given = secrets_of(secrets)
    with side(url, version, project_id, instance_id, auth) as t:
        result = make_plan(
            bundle, t.client, project_id=t.project_id, instance_id=t.instance_id, secrets=given
        )
    _emit(result, "plan", None, "json" if fmt == "json" else "markdown")
    sys.exit(0 if result.clean else 1)


@click.command(
    "import",
    short_help="Create the bundle on the target in dependency order (rerunnable).",
    epilog=CREDENTIALS_HELP,
)
@click.argument("directory")
@click.option("--to", "url", required=True, help="The target API's endpoint.")
@click.option(
    "--journal", "journal_path", required=True, help="SQLite journal (and id map), created if missing."
)
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
@target_options
def import_(
    directory: str,
    url: str,
    journal_path: str,
    secrets: str | None,
    concurrency: int,
    dry_run: bool,
    on_conflict: Any,
    report_path: str | None,
    progress: bool | None,
    target_api: str | None,
    project_id: str | None,
    instance_id: str | None,
    **auth: Any,
) -> None:
    """Create the bundle's objects on the target in dependency order (safe to rerun)."""
    from translator.migrate.importer import Importer

    bundle = bundle_of(directory)
    source, version = direction(bundle, target_api)
    given = secrets_of(secrets)
    show = sys.stderr.isatty() if progress is None else progress
    scratch = tempfile.TemporaryDirectory()
    if dry_run and not Path(journal_path).exists():  # a dry run leaves no journal behind
        journal_path = str(Path(scratch.name) / "dry-run.db")
    with (
        scratch,
        side(url, version, project_id, instance_id, auth) as t,
        journal(journal_path, source, version) as j,
        _progress(show) as bar,
    ):
        imp = Importer(
            bundle,
            t.client,
            j,
            project_id=t.project_id,
            instance_id=t.instance_id,
            secrets=given,
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


@click.command(
    "verify",
    short_help="Compare the target with the bundle; exit 1 on any difference.",
    epilog=CREDENTIALS_HELP,
)
@click.argument("directory")
@click.option("--against", "url", required=True, help="The target API's endpoint.")
@click.option("--journal", "journal_path", required=True, help="The import's SQLite journal (and id map).")
@click.option("--report", "report_path", default=None, help="Write the report as PATH.md and PATH.json.")
@target_options
def verify(
    directory: str,
    url: str,
    journal_path: str,
    report_path: str | None,
    target_api: str | None,
    project_id: str | None,
    instance_id: str | None,
    **auth: Any,
) -> None:
    """Read the target back and compare it with the bundle; exit 1 on any difference."""
    from translator.migrate.verify import verify as do_verify

    bundle = bundle_of(directory)
    source, version = direction(bundle, target_api)
    if versions_of(journal_path, version) != (source, version):
        fail(f"{journal_path}: the journal of another direction than this bundle's ({source} -> {version})")
    with (
        side(url, version, project_id, instance_id, auth) as t,
        journal(journal_path, source, version) as j,
    ):
        result = do_verify(bundle, t.client, j, project_id=t.project_id, instance_id=t.instance_id)
    _emit(result, "verify", report_path)
    sys.exit(0 if result.ok else 1)


@click.command(
    "rollback", short_help="Delete what the import created, nothing else; resumable.", epilog=CREDENTIALS_HELP
)
@click.option("--journal", "journal_path", required=True, help="The import's SQLite journal (and id map).")
@click.option("--to", "url", required=True, help="The target API's endpoint.")
@click.option("--report", "report_path", default=None, help="Write the report as PATH.md and PATH.json.")
@target_options
def rollback(
    journal_path: str,
    url: str,
    report_path: str | None,
    target_api: str | None,
    project_id: str | None,
    instance_id: str | None,
    **auth: Any,
) -> None:
    """Delete what the import created (reverse order), nothing that was there before; resumable.
    The journal says which way the import went (--api, if given, must agree)."""
    from translator.migrate.rollback import rollback as do_rollback

    source, version = versions_of(journal_path, target_api)
    with (
        side(url, version, project_id, instance_id, auth) as t,
        journal(journal_path, source, version) as j,
    ):
        result = do_rollback(t.client, j, source)
    _emit(result, "rollback", report_path)
    sys.exit(0 if result.ok else 1)


COMMANDS = (export, plan, import_, verify, rollback)
