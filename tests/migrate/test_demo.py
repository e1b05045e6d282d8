"""``apig-translator demo``: the fixture tenant moved between loopback emulators, all verified, and
legacy calls with the old ids answered by the shim."""

from __future__ import annotations

from click.testing import CliRunner

from translator.cli import main
from translator.demo.run import run_demo, summary
from translator.demo.tenant import fixture


def test_demo_moves_the_fixture_tenant() -> None:
    lines: list[str] = []
    result = run_demo("small", say=lines.append)
    assert result.ok, (result.failures[:3], result.differences[:3])
    assert sum(result.exported.values()) >= 250
    assert set(result.exported) >= {
        "api_group",
        "env_variable",
        "vpc_channel",
        "api",
        "publication",
        "app_auth",
    }
    assert result.replayed >= 20 and result.replay_failures == []  # old ids through the shim
    text = summary(result)
    assert "result: OK" in text and "******" not in "".join(lines)


def test_demo_command_is_registered() -> None:
    assert "demo" in main.commands
    assert CliRunner().invoke(main, ["demo", "--help"]).exit_code == 0
    assert fixture("small")["steps"]
