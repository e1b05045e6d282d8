"""Crash safety: an import killed (SIGKILL) at random instants and run again ends in the same
state as an uninterrupted run, with no duplicate and nothing missing, both ways (v1.0 -> v2, and
a v2 tenant back to v1.0); the same under injected 429/503 faults."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from migrate.conftest import BASE, Side, Tenant, make_side, snapshot
from migrate.tenant import build_tenant

from translator.core.blocking import BlockingApiClient
from translator.core.retry import RetryPolicy
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.migrate.bundle import read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.verify import verify
from translator.types import Version

ROOT = Path(__file__).resolve().parents[2]
CLI = "from translator.cli import main; main()"


def _tenant(where: Path, scale: int) -> Tenant:
    side = make_side(where / "v1.db", "v1.0")
    with side.client() as c:
        made = build_tenant(c, scale=scale)
        export_tenant(c, str(where / "bundle"), BASE)
    side.emu.store.close()
    return Tenant(where / "bundle", read_bundle(where / "bundle"), made)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    """A tenant of about 260 objects (10 x each family)."""
    return _tenant(tmp_path_factory.mktemp("big"), 10)


def _returning(where: Path, tenant: Tenant) -> Tenant:
    """``tenant`` imported into v2 and exported from there: a bundle for the way back."""
    side = make_side(where / "v2.db", "v2")
    with side.client() as c, Journal(where / "forward.db", "v1.0", "v2") as j:
        assert (
            Importer(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id).run().ok
        )
        export_tenant(c, str(where / "back"), BASE)
    side.emu.store.close()
    return Tenant(where / "back", read_bundle(where / "back"), tenant.made)


@pytest.fixture(scope="module")
def big_back(big: Tenant, tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    """``big`` as a v2 tenant, exported for the way back."""
    return _returning(tmp_path_factory.mktemp("big_back"), big)


@pytest.fixture(scope="module")
def bigger(tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    """A tenant of about 520 objects."""
    tenant = _tenant(tmp_path_factory.mktemp("bigger"), 20)
    assert tenant.bundle.total >= 500
    return tenant


def _command(bundle: Path, url: str, cfg: EmulatorConfig, journal: Path) -> list[str]:
    """The import command line into the emulator ``cfg`` (a v1.0 one takes no project or instance)."""
    target = ["--project-id", cfg.project_id, "--instance-id", cfg.instance_id] if cfg.api == "v2" else []
    return [
        sys.executable, "-c", CLI, "import", str(bundle), "--to", url, "--api", cfg.api, *target,
        "--journal", str(journal), "--concurrency", "4", "--no-progress",
    ]  # fmt: skip


def _client(url: str, cfg: EmulatorConfig) -> BlockingApiClient:
    if cfg.api == "v2":
        return BlockingApiClient(url, "v2", project_id=cfg.project_id, instance_id=cfg.instance_id)
    return BlockingApiClient(url, "v1.0")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _duplicates(state: dict[str, list[tuple[str, ...]]]) -> dict[str, int]:
    """Per family, how many objects share their whole key (and scope) with another."""
    return {
        family: len(keys) - len(set(keys)) for family, keys in state.items() if len(set(keys)) != len(keys)
    }


def _run_killed(
    big: Tenant, tmp_path: Path, points: int, seed: int, target: Version = "v2"
) -> dict[str, int]:
    rng = random.Random(seed)
    source: Version = "v1.0" if target == "v2" else "v2"
    ref_cfg = EmulatorConfig(api=target, port=0, db=str(tmp_path / "ref.db"))
    with running(ref_cfg) as (url, emu):
        started = time.monotonic()
        command = _command(big.bundle_dir, url, emu.config, tmp_path / "ref.j")
        done = subprocess.run(command, env=_env(), cwd=ROOT, capture_output=True, timeout=300)
        took = time.monotonic() - started
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        with _client(url, emu.config) as c:
            reference = snapshot(c)
    cfg = EmulatorConfig(api=target, port=0, db=str(tmp_path / "crash.db"))
    journal = tmp_path / "crash.j"
    with running(cfg) as (url, emu):
        command = _command(big.bundle_dir, url, emu.config, journal)
        kills = 0
        for _ in range(points):
            proc = subprocess.Popen(
                command, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.05, took * 0.9))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=60)
        final = subprocess.run(command, env=_env(), cwd=ROOT, capture_output=True, timeout=300)
        assert final.returncode == 0, final.stdout[-3000:] + final.stderr[-3000:]
        with _client(url, emu.config) as c, Journal(journal, source, target) as j:
            state = snapshot(c)
            keyed = snapshot(c, with_ids=True)
            checked = verify(
                big.bundle, c, j, project_id=emu.config.project_id, instance_id=emu.config.instance_id
            )
    assert kills > 0
    assert _duplicates(keyed) == {}
    assert state == reference
    assert checked.ok, checked.differences[:5]
    missing = sum(by["missing"] for by in checked.counts.values())
    assert missing == 0
    return {"kills": kills, "objects": sum(len(v) for v in state.values()), "took_ms": int(took * 1000)}


def test_kill_9_at_random_points_then_rerun(big: Tenant, tmp_path: Path) -> None:
    _run_killed(big, tmp_path, points=5, seed=12)


def test_kill_9_during_the_way_back_then_rerun(big_back: Tenant, tmp_path: Path) -> None:
    """A v2 tenant returning to v1.0, killed at 4 random instants, then run to the end."""
    _run_killed(big_back, tmp_path, points=4, seed=7, target="v1.0")


@pytest.mark.slow
def test_kill_9_at_15_points_of_the_way_back_then_rerun(big_back: Tenant, tmp_path: Path) -> None:
    _run_killed(big_back, tmp_path, points=15, seed=15, target="v1.0")


@pytest.mark.slow
def test_kill_9_at_20_random_points_then_rerun(bigger: Tenant, tmp_path: Path) -> None:
    _run_killed(bigger, tmp_path, points=20, seed=20)


def test_import_under_injected_faults(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path) -> None:
    clean, faulty = v2(), v2(faults="rate=0.1,status=429|503,retry_after=0,seed=7")
    with clean.client() as c, Journal(tmp_path / "a.db", "v1.0", "v2") as j:
        Importer(tenant.bundle, c, j, project_id=clean.project_id, instance_id=clean.instance_id).run()
        reference = snapshot(c)
    retry = RetryPolicy.fast(attempts=8)
    with faulty.client(retry=retry) as c, Journal(tmp_path / "b.db", "v1.0", "v2") as j:
        out = Importer(
            tenant.bundle, c, j, project_id=faulty.project_id, instance_id=faulty.instance_id
        ).run()
        assert out.ok, out.failures[:3]
        assert faulty.emu.faults.spec.rate == 0.1
        checked = verify(tenant.bundle, c, j, project_id=faulty.project_id, instance_id=faulty.instance_id)
        assert checked.ok, checked.differences[:3]
        assert snapshot(c) == reference
