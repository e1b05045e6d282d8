"""Bundles refused with a clear message, and nothing written to the target or the journal."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from migrate.conftest import Tenant, make_side
from migrate.tenant import build_tenant

from translator.cli import main
from translator.core.retry import RetryPolicy
from translator.errors import ApiCallError
from translator.migrate.bundle import FORMAT, MANIFEST, BundleError, read_bundle, write_bundle
from translator.migrate.export import export_tenant


def _copy(tenant: Tenant, tmp_path: Path) -> Path:
    out = tmp_path / "b"
    shutil.copytree(tenant.bundle_dir, out)
    return out


def _manifest(where: Path) -> dict[str, object]:
    data = json.loads((where / MANIFEST).read_text())
    assert isinstance(data, dict)
    return data


def _tamper(where: Path) -> None:
    path = where / "api.json"
    docs = json.loads(path.read_text())
    docs[0]["name"] = "changed"
    path.write_text(json.dumps(docs))


def _remove(where: Path) -> None:
    (where / "app.json").unlink()


def _malformed(where: Path) -> None:
    (where / MANIFEST).write_text("{not json")


def _other_version(where: Path) -> None:
    data = _manifest(where)
    data["format"] = "apig-translator bundle 0"
    (where / MANIFEST).write_text(json.dumps(data))


def _no_manifest(where: Path) -> None:
    (where / MANIFEST).unlink()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_tamper, "sha256 mismatch"),
        (_remove, "missing"),
        (_malformed, "malformed JSON"),
        (_other_version, "bundle format"),
        (_no_manifest, "no manifest.json"),
    ],
)
def test_damaged_bundle_refused_and_nothing_written(
    tenant: Tenant, tmp_path: Path, damage: Callable[[Path], None], says: str
) -> None:
    where = _copy(tenant, tmp_path)
    damage(where)
    with pytest.raises(BundleError, match=says):
        read_bundle(where)
    journal = tmp_path / "j.db"
    args = ["import", str(where), "--to", "http://127.0.0.1:9", "--project-id", "p", "--instance-id", "i"]
    result = CliRunner().invoke(main, [*args, "--journal", str(journal)])
    assert result.exit_code == 2 and says in result.output, result.output
    assert not journal.exists()
    plan = CliRunner().invoke(
        main, ["plan", str(where), "--to", "http://127.0.0.1:9", "--project-id", "p", "--instance-id", "i"]
    )
    assert plan.exit_code == 2 and "bundle refused" in plan.output


def test_empty_bundle_refused(tmp_path: Path) -> None:
    write_bundle(tmp_path / "e", "v1.0", {"api": [], "app": []}, "http://x")
    with pytest.raises(BundleError, match="empty"):
        read_bundle(tmp_path / "e")
    assert _manifest(tmp_path / "e")["format"] == FORMAT


def test_an_export_that_fails_midway_writes_no_bundle(tmp_path: Path) -> None:
    side = make_side(tmp_path / "v1.db", "v1.0")
    with side.client() as c:
        build_tenant(c, scale=1)
    side.emu.faults.update("rate=0.3,status=503,seed=3")
    with side.client(retry=RetryPolicy.never()) as c, pytest.raises(ApiCallError):
        export_tenant(c, str(tmp_path / "b"), "http://x")
    side.emu.store.close()
    assert not (tmp_path / "b").exists()
