"""The shim's settings (TOML and flags, flags win; secrets never shown) and its CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translator.cli import main
from translator.shim.config import build_config

TOML = """
backend = "http://127.0.0.1:9"
project_id = "p1"
instance-id = "i1"
port = 9100
backend_ak = "AKFROMFILE"
backend_sk = "secret-from-file"
[caller_keys]
CALLERAK = "caller-secret"
"""


def test_toml_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "shim.toml"
    path.write_text(TOML, encoding="utf-8")
    config = build_config({"port": 9200, "host": None}, str(path))
    assert (config.backend, config.project_id, config.instance_id, config.port) == (
        "http://127.0.0.1:9",
        "p1",
        "i1",
        9200,
    )
    assert config.accepted_keys == {"CALLERAK": "caller-secret"}
    assert "secret" not in repr(config)


def test_bad_settings(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('backend = "http://x"\nbogus = 1\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bogus"):
        build_config({}, str(path))
    with pytest.raises(ValueError, match="project-id"):
        build_config({"backend": "http://x"})
    with pytest.raises(ValueError, match="http"):
        build_config({"backend": "ftp://x", "project_id": "p", "instance_id": "i"})


def test_cli() -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["shim", "--matrix"])
    assert shown.exit_code == 0
    assert shown.output.splitlines()[0] == "one call: 98, several calls: 8, unsupported: 3"
    missing = runner.invoke(main, ["shim", "--project-id", "p", "--instance-id", "i"])
    assert missing.exit_code == 2 and "--backend" in missing.output
