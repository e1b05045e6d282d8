"""The way back, as an operator runs it: the fixture tenant loaded into v1.0 and migrated to v2,
then ``export --api v2`` and ``import --api v1.0`` into a fresh shared gateway; plan, verify, a
rerun and a rollback there. And what cannot go back: v2-only objects, values v1.0 refuses."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from emulator.certs import CERT, DOMAIN, KEY
from migrate.conftest import BASE, SECRETS, Side, Tenant, make_side, snapshot

from translator.cli import main
from translator.core.blocking import BlockingApiClient
from translator.core.credentials import Credentials
from translator.core.retry import RetryPolicy
from translator.demo.tenant import fixture, load
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.migrate.bundle import read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.plan import plan
from translator.migrate.rollback import rollback

TOKEN = "wayback-test-token"
V1 = Credentials.from_token(TOKEN)


@dataclass
class Returning:
    """A tenant that went v1.0 -> v2 (through the CLI) and is exported from v2 for the way back."""

    original: dict[str, list[tuple[str, ...]]]
    """The first v1.0 side's objects (``snapshot``)."""
    forward: dict[str, int]
    back: Path
    """The bundle exported from v2."""
    secrets: Path
    """The operator's file for the way back (the certificate, by its domain)."""
    credentials: Path
    """An SDK credentials file holding the token (the way back's commands use it)."""


def _cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner(env={"APIG_TOKEN": TOKEN, **(env or {})}).invoke(main, list(args))


@pytest.fixture(scope="module")
def returning(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Returning]:
    where = tmp_path_factory.mktemp("wayback")
    v1 = EmulatorConfig(api="v1.0", port=0, db=str(where / "v1.db"), token=TOKEN)
    v2 = EmulatorConfig(api="v2", port=0, db=str(where / "v2.db"), token=TOKEN)
    secrets = where / "secrets.json"
    secrets.write_text(json.dumps({"certificates": {DOMAIN: {"cert_content": CERT, "private_key": KEY}}}))
    secrets.chmod(0o600)
    credentials = where / "credentials.ini"
    credentials.write_text(f"[basic]\ntoken = {TOKEN}\n")
    credentials.chmod(0o600)
    with running(v1) as (url1, _), running(v2) as (url2, emu2):
        with BlockingApiClient(url1, "v1.0", credentials=V1) as c:
            load(c, fixture("small"))
            group = c.list_all("api_group.list")[0]["id"]
            dom = c.call("domain.create", path={"group_id": group}, body={"url_domain": DOMAIN}).body
            cert = {"name": "cert_one", "cert_content": CERT, "private_key": KEY}
            c.call("domain.certificate.create", path={"group_id": group, "domain_id": dom["id"]}, body=cert)
            original = snapshot(c)
        target = ["--project-id", emu2.config.project_id, "--instance-id", emu2.config.instance_id]
        assert _cli("export", "--from", url1, "--out", str(where / "b1")).exit_code == 0
        there = _cli(
            "import", str(where / "b1"), "--to", url2, *target, "--journal", str(where / "forward.db"),
            "--secrets", str(secrets), "--no-progress",
        )  # fmt: skip
        assert there.exit_code == 0, there.output
        out = _cli("export", "--from", url2, "--api", "v2", *target, "--out", str(where / "b2"))
        assert out.exit_code == 0, out.output
    forward = dict(read_bundle(where / "b1").manifest["counts"])
    yield Returning(original, forward, where / "b2", secrets, credentials)


@pytest.fixture
def v1_back(tmp_path: Path) -> Iterator[str]:
    """A fresh shared gateway (v1.0) for the tenant to return to."""
    with running(EmulatorConfig(api="v1.0", port=0, db=str(tmp_path / "back.db"), token=TOKEN)) as (url, _):
        yield url


def test_the_whole_way_back(returning: Returning, v1_back: str, tmp_path: Path) -> None:
    url, bundle = v1_back, str(returning.back)
    creds = ["--credentials-file", str(returning.credentials)]
    no_env = {"APIG_TOKEN": ""}  # the credentials file alone
    with BlockingApiClient(url, "v1.0", credentials=V1) as c:
        empty = snapshot(c)
    planned = _cli(
        "plan",
        bundle,
        "--to",
        url,
        *creds,
        "--secrets",
        str(returning.secrets),
        "--format",
        "json",
        env=no_env,
    )
    assert planned.exit_code == 0, planned.output  # clean: nothing refused, no secret new
    shown = json.loads(planned.output)
    assert shown["new_secrets"] == [] and shown["rejections"] == [] and shown["conflicts"] == []
    assert {"vpc_member_group", "app_quota", "app_quota_binding"} <= set(read_bundle(bundle).families)
    assert "api_version" in shown["not_migrated"] and "instance" in shown["not_migrated"]
    assert "min_ssl_version" in shown["changes"]["domain"]
    assert "members[].member_group_name" in shown["lossy"]["vpc_channel"]  # lossy fields said

    journal, report = tmp_path / "back.j", tmp_path / "back-report"
    flags = ["--journal", str(journal), "--secrets", str(returning.secrets), "--no-progress"]
    dry = _cli("import", bundle, "--to", url, "--api", "v1.0", *creds, *flags, "--dry-run", env=no_env)
    assert dry.exit_code == 0 and not journal.exists(), dry.output
    done = _cli(
        "import", bundle, "--to", url, "--api", "v1.0", *creds, *flags, "--report", str(report), env=no_env
    )
    assert done.exit_code == 0, done.output
    counts = json.loads(report.with_suffix(".json").read_text())["counts"]
    moved = {family: by.get("created", 0) for family, by in counts.items()}
    expected = dict(returning.forward)
    expected["env"] -= 1  # RELEASE: mapped, never created
    expected.pop("vpc_member")  # inside their channels
    assert moved == expected
    assert counts["env"]["fixed"] == 1

    with BlockingApiClient(url, "v1.0", credentials=V1) as c:
        back = snapshot(c)
        apps = {a["name"]: a["app_key"] for a in c.list_all("app.list")}
    assert back == returning.original  # every family, by name, as it was before the round trip
    v2_keys = {a["name"]: a["app_key"] for a in read_bundle(bundle).docs("app")}
    assert apps == v2_keys  # app keys (and secrets) carried from v2, which answers them

    checked = _cli("verify", bundle, "--against", url, "--journal", str(journal), *creds, env=no_env)
    assert checked.exit_code == 0, checked.output
    again = _cli("import", bundle, "--to", url, *creds, *flags, env=no_env)  # a rerun: nothing new
    assert again.exit_code == 0, again.output
    with BlockingApiClient(url, "v1.0", credentials=V1) as c:
        assert snapshot(c) == back

    undone = _cli("rollback", "--journal", str(journal), "--to", url, *creds, env=no_env)
    assert undone.exit_code == 0, undone.output
    with BlockingApiClient(url, "v1.0", credentials=V1) as c:
        assert snapshot(c) == empty
    assert _cli("rollback", "--journal", str(journal), "--to", url, *creds, env=no_env).exit_code == 0
    after = _cli("verify", bundle, "--against", url, "--journal", str(journal), *creds, env=no_env)
    assert after.exit_code == 1 and "missing" in after.output


def test_the_way_back_refuses_a_mismatched_direction(
    returning: Returning, v1_back: str, tmp_path: Path
) -> None:
    bundle, journal = str(returning.back), str(tmp_path / "j.db")
    wrong = _cli("import", bundle, "--to", v1_back, "--api", "v2", "--journal", journal)
    assert wrong.exit_code == 2 and "a v2 bundle goes to a v1.0 target" in wrong.output
    assert not Path(journal).exists()
    done = _cli("import", bundle, "--to", v1_back, "--journal", journal, "--no-progress")
    assert done.exit_code == 0, done.output
    other = _cli("rollback", "--journal", journal, "--to", v1_back, "--api", "v2")
    assert other.exit_code == 2 and "v2 -> v1.0" in other.output


def _v2_only_tenant(side: Side) -> dict[str, str]:
    """A v2 tenant with a member group, a member weight, a channel of more members and a backend
    timeout than v1.0 allows."""
    with side.client() as c:
        group = c.call("api_group.create", body={"name": "kept_group"}).body["id"]
        ok = {"name": "ok_vpc", "type": 2, "port": 80, "balance_strategy": 1, "member_type": "ecs",
              "members": [{"ecs_id": "ecs-1", "ecs_name": "one", "weight": 5}]}  # fmt: skip
        kept = c.call("vpc_channel.create", body=ok).body["id"]
        heavy = {
            **ok,
            "name": "heavy_vpc",
            "members": [{"ecs_id": "ecs-2", "ecs_name": "two", "weight": 500}],
        }
        clamped = c.call("vpc_channel.create", body=heavy).body["id"]
        crowd = [{"ecs_id": f"ecs-m{i}", "ecs_name": f"m{i}", "weight": 5} for i in range(11)]
        c.call("vpc_channel.create", body={**ok, "name": "crowded_vpc", "members": crowd})
        grouped = c.call(
            "vpc_channel.member_group.create",
            path={"vpc_channel_id": kept},
            body={"member_groups": [{"member_group_name": "blue", "member_group_weight": 10}]},
        ).body["member_groups"][0]["member_group_id"]
        slow = {
            "group_id": group, "name": "slow_api", "type": 1, "req_protocol": "HTTPS", "req_method": "GET",
            "req_uri": "/slow", "auth_type": "NONE", "backend_type": "HTTP",
            "backend_api": {"req_protocol": "HTTPS", "req_method": "GET", "req_uri": "/b",
                            "url_domain": "backend.example.com", "timeout": 100000},
        }  # fmt: skip
        api = c.call("api.create", body=slow).body["id"]
        c.call("api.publish_or_offline", body={"action": "online", "api_id": api, "env_id": RELEASE})
    return {"heavy_vpc": clamped, "kept_vpc": kept, "member_group": grouped, "slow_api": api}


RELEASE = "DEFAULT_ENVIRONMENT_RELEASE_ID"


def test_what_v1_cannot_take_is_said_and_left_behind(v2: Callable[..., Side], tmp_path: Path) -> None:
    source = v2()
    made = _v2_only_tenant(source)
    with source.client() as c:
        export_tenant(c, str(tmp_path / "b"), BASE)
    bundle = read_bundle(tmp_path / "b")
    target = make_side(tmp_path / "v1.db", "v1.0")
    try:
        with target.client() as c:
            planned = plan(bundle, c, project_id="", instance_id="")
            assert not planned.clean
            left = {o["id"]: o["why"] for o in planned.not_migrated_objects}
            assert "v1.0 has no member groups" in left[made["member_group"]]
            refused = {r["id"]: r["error"] for r in planned.rejections}
            assert set(refused) == {made["slow_api"]} and "60000" in refused[made["slow_api"]], refused
            altered = [(a["id"], a["field"], a["change"]) for a in planned.altered]
            assert altered == [(made["heavy_vpc"], "members[].weight", "500 -> 100")], altered
            assert [(q["family"], q["id"]) for q in planned.quotas] == [
                ("vpc_member", "VPC_INSTANCE_NUM_LIMIT")
            ]
            assert "needs 11" in planned.quotas[0]["error"]
            with Journal(tmp_path / "j.db", "v2", "v1.0") as j:
                out = Importer(bundle, c, j, project_id="", instance_id="").run()
            failed = {f["id"]: f["kind"] for f in out.failures}
            assert failed == {made["slow_api"]: "refused", **failed}
            assert out.counts["publication"] == {"failed": 1}  # its API did not come across
            assert [o["id"] for o in out.not_migrated] == [made["member_group"]]
            assert c.list_all("api.list") == []  # the rest came across:
            assert [g["name"] for g in c.list_all("api_group.list")] == ["kept_group"]
            vpcs = {v["name"]: v["id"] for v in c.list_all("vpc_channel.list")}
            assert {"ok_vpc", "heavy_vpc"} <= set(vpcs)  # (the v1.0 emulator takes 11 members still)
            members = c.list_all("vpc_channel.member.list", path={"id": vpcs["heavy_vpc"]})
            assert [m["weight"] for m in members] == [100]
    finally:
        target.emu.store.close()


def _back(bundle: Tenant, side: Side, journal: Path, **kw: Any) -> Importer:
    retry = kw.pop("retry", None)
    with side.client(retry) as c, Journal(journal, "v2", "v1.0") as j:
        imp = Importer(bundle.bundle, c, j, project_id="", instance_id="", secrets=SECRETS, **kw)
        imp.run()
    return imp


def test_a_second_way_back_with_a_new_journal_adopts_by_name(
    back: Tenant, v1: Callable[..., Side], tmp_path: Path
) -> None:
    side = v1()
    assert _back(back, side, tmp_path / "one.db").outcome.ok
    with side.client() as c:
        after = snapshot(c)
    second = _back(back, side, tmp_path / "two.db")
    assert second.outcome.ok, second.outcome.failures[:3]
    states = {s for by in second.outcome.counts.values() for s in by}
    assert states == {"adopted", "fixed"}  # app secrets shown masked by v1.0: still the same content
    with side.client() as c:
        assert snapshot(c) == after


@pytest.mark.parametrize("mode", ["fail", "skip", "adopt"])
def test_the_way_back_on_conflict(back: Tenant, v1: Callable[..., Side], tmp_path: Path, mode: str) -> None:
    group = back.bundle.docs("api_group")[0]
    side = v1()
    with side.client() as c:
        before = snapshot(c)
        theirs = c.call("api_group.create", body={"name": group["name"], "remark": "already here"}).body["id"]
    imp = _back(back, side, tmp_path / "j.db", on_conflict=mode)
    with Journal(tmp_path / "j.db", "v2", "v1.0") as j:
        step = j.step("api_group", str(group["id"]))
        assert step is not None
        assert step.state == {"fail": "failed", "skip": "skipped", "adopt": "adopted"}[mode]
        assert (j.target("api_group", str(group["id"])) == theirs) == (mode == "adopt")
        if mode == "adopt":
            assert imp.outcome.ok
        else:  # its domains, variables and APIs stay behind with it; the rest goes on
            assert imp.outcome.counts["api"].get("created", 0) > 0
        with side.client() as c:
            assert rollback(c, j, "v2").ok
            assert snapshot(c) == {**before, "api_group": [(group["name"],)]}
            assert [g["id"] for g in c.list_all("api_group.list")] == [theirs]


def test_the_way_back_under_injected_faults(back: Tenant, v1: Callable[..., Side], tmp_path: Path) -> None:
    clean, faulty = v1(), v1(faults="rate=0.1,status=429|503,retry_after=0,seed=11")
    assert _back(back, clean, tmp_path / "a.db").outcome.ok
    with clean.client() as c:
        reference = snapshot(c)
    out = _back(back, faulty, tmp_path / "b.db", retry=RetryPolicy.fast(attempts=8)).outcome
    assert out.ok, out.failures[:3]
    assert faulty.emu.faults.spec.rate == 0.1
    with faulty.client() as c:
        assert snapshot(c) == reference
