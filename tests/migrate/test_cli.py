"""The commands end to end on loopback emulators: export (token from APIG_TOKEN), plan, import
(with its report files and progress bars), verify, rollback; export of the way back; credentials
from files (``--sk-file``, ``--credentials-file``), never echoed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from migrate.tenant import build_tenant

from translator.cli import main
from translator.core.blocking import BlockingApiClient
from translator.core.credentials import Credentials
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.migrate.bundle import read_bundle

TOKEN = "migrate-cli-test-token"


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[str, str, EmulatorConfig]]:
    v1 = EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "v1.db"), token=TOKEN)
    v2 = EmulatorConfig(api="v2", port=0, db=str(tmp_path / "v2.db"), token=TOKEN)
    with running(v1) as (url1, _), running(v2) as (url2, emu2):
        with BlockingApiClient(url1, "v1.0", credentials=Credentials.from_token(TOKEN)) as c:
            build_tenant(c, scale=1)
        yield url1, url2, emu2.config


def test_commands_end_to_end(
    servers: tuple[str, str, EmulatorConfig], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url1, url2, cfg = servers
    monkeypatch.setenv("APIG_TOKEN", TOKEN)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", cfg.project_id)
    run = CliRunner().invoke
    bundle, journal, report = tmp_path / "bundle", tmp_path / "j.db", tmp_path / "out" / "import"
    report.parent.mkdir()
    done = run(main, ["export", "--from", url1, "--out", str(bundle)])
    assert done.exit_code == 0, done.output
    assert "publication:" in done.output and (bundle / "manifest.json").exists()
    target = ["--instance-id", cfg.instance_id]
    planned = run(main, ["plan", str(bundle), "--to", url2, *target, "--format", "json"])
    assert planned.exit_code == 1  # the apps and signatures would get new secrets
    assert json.loads(planned.output)["new_secrets"]
    dry = run(main, ["import", str(bundle), "--to", url2, *target, "--journal", str(journal), "--dry-run"])
    assert dry.exit_code == 0 and "import (dry run): ok" in dry.output, dry.output
    assert not journal.exists()
    flags = ["--journal", str(journal), "--report", str(report), "--progress"]
    imported = run(main, ["import", str(bundle), "--to", url2, *target, *flags])
    assert imported.exit_code == 0, imported.output
    assert json.loads(report.with_suffix(".json").read_text())["ok"] is True
    assert "| api |" in report.with_suffix(".md").read_text()
    checked = run(main, ["verify", str(bundle), "--against", url2, *target, "--journal", str(journal)])
    assert checked.exit_code == 0, checked.output
    undone = run(main, ["rollback", "--journal", str(journal), "--to", url2, *target])
    assert undone.exit_code == 0, undone.output
    after = run(main, ["verify", str(bundle), "--against", url2, *target, "--journal", str(journal)])
    assert after.exit_code == 1 and "missing" in after.output


def test_the_way_back_exports_a_v2_tenant(servers: tuple[str, str, EmulatorConfig], tmp_path: Path) -> None:
    """export --api v2 reads back what an import made; import --api v1.0 is refused for now."""
    url1, url2, cfg = servers
    run = CliRunner(env={"APIG_TOKEN": TOKEN}).invoke
    assert run(main, ["export", "--from", url1, "--out", str(tmp_path / "b1")]).exit_code == 0
    target = ["--project-id", cfg.project_id, "--instance-id", cfg.instance_id]
    done = run(
        main, ["import", str(tmp_path / "b1"), "--to", url2, *target, "--journal", str(tmp_path / "j.db")]
    )
    assert done.exit_code == 0, done.output
    back = run(main, ["export", "--from", url2, "--api", "v2", *target, "--out", str(tmp_path / "b2")])
    assert back.exit_code == 0, back.output
    there = read_bundle(tmp_path / "b1").manifest["counts"]
    here = read_bundle(tmp_path / "b2").manifest["counts"]
    moved = set(there) - {"certificate"}  # left behind without the operator's secrets
    assert {f: here.get(f) for f in moved} == {f: there[f] for f in moved}
    journal = str(tmp_path / "back.db")  # the import back into v1.0: tests/migrate/test_wayback.py
    wrong = run(main, ["import", str(tmp_path / "b2"), "--to", url1, "--api", "v2", "--journal", journal])
    assert wrong.exit_code == 2 and "a v2 bundle goes to a v1.0 target" in wrong.output
    assert not os.path.exists(journal)


SK = "migrate-cli-test-secret-key-0123456789"


def test_credentials_from_files_never_shown(tmp_path: Path) -> None:
    """AK/SK-signed gateways: the SK from --sk-file or the SDK's credentials file (project id too);
    the SK never in an output or a report; an SK on the command line is warned about."""
    v1 = EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "v1.db"), ak="AKTEST", sk=SK)
    v2 = EmulatorConfig(api="v2", port=0, db=str(tmp_path / "v2.db"), ak="AKTEST", sk=SK)
    sk_file, ini = tmp_path / "sk", tmp_path / "credentials.ini"
    sk_file.write_text(SK + "\n")
    sk_file.chmod(0o600)
    with running(v1) as (url1, _), running(v2) as (url2, emu2):
        ini.write_text(f"[basic]\nak = AKTEST\nsk = {SK}\nproject_id = {emu2.config.project_id}\n")
        ini.chmod(0o600)
        with BlockingApiClient(url1, "v1.0", credentials=Credentials.from_aksk("AKTEST", SK)) as c:
            build_tenant(c, scale=1)
        run = CliRunner(env={"APIG_TOKEN": "", "HUAWEICLOUD_SDK_AK": "", "HUAWEICLOUD_SDK_SK": ""}).invoke
        bundle = str(tmp_path / "bundle")
        unsigned = run(main, ["export", "--from", url1, "--out", bundle])
        assert unsigned.exit_code == 2 and "Unauthorized" in unsigned.output
        done = run(
            main, ["export", "--from", url1, "--out", bundle, "--ak", "AKTEST", "--sk-file", str(sk_file)]
        )
        assert done.exit_code == 0, done.output
        report = tmp_path / "report"
        flags = ["--credentials-file", str(ini), "--instance-id", emu2.config.instance_id]
        imported = run(main, ["import", bundle, "--to", url2, *flags, "--journal", str(tmp_path / "j.db"),
                              "--report", str(report), "--no-progress"])  # fmt: skip
        assert imported.exit_code == 0, imported.output
        warned = run(main, ["verify", bundle, "--against", url2, "--journal", str(tmp_path / "j.db"),
                            "--instance-id", emu2.config.instance_id, "--project-id", emu2.config.project_id,
                            "--ak", "AKTEST", "--sk", SK])  # fmt: skip
        assert warned.exit_code == 0, warned.output
        assert "--sk on the command line is visible" in warned.output
        both = run(main, ["export", "--from", url1, "--out", bundle, "--sk", SK, "--sk-file", str(sk_file)])
        assert both.exit_code == 2 and "not both" in both.output
    texts = [r.output for r in (unsigned, done, imported, warned, both)]
    texts += [report.with_suffix(".json").read_text(), report.with_suffix(".md").read_text()]
    assert not any(SK in text for text in texts)
