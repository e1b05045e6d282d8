"""The whole cycle on the fixture tenant: export, plan, import, verify, rerun, roll back."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from emulator.certs import CERT, DOMAIN, KEY
from migrate.conftest import Side, Tenant, snapshot

from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.plan import plan
from translator.migrate.report import to_json, to_markdown
from translator.migrate.rollback import rollback
from translator.migrate.verify import verify
from translator.models import rules as rules_mod
from translator.spec import Rule, load_spec


def _import(tenant: Tenant, side: Side, journal: Path, **kw: object) -> Importer:
    with side.client() as c, Journal(journal, "v1.0", "v2") as j:
        imp = Importer(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id, **kw)  # type: ignore[arg-type]
        imp.run()
    return imp


def test_bundle_holds_every_family_of_the_tenant(tenant: Tenant) -> None:
    counts = tenant.bundle.manifest["counts"]
    made = dict(tenant.made)
    made["env"] += 1  # RELEASE
    assert counts == made
    assert (tenant.bundle_dir.stat().st_mode & 0o777) == 0o700
    assert {p.stat().st_mode & 0o777 for p in tenant.bundle_dir.iterdir()} == {0o600}


def test_whole_cycle(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path) -> None:
    side = v2()
    with side.client() as c:
        before = snapshot(c)
        planned = plan(tenant.bundle, c, project_id=side.project_id, instance_id=side.instance_id)
    assert not planned.conflicts and not planned.rejections and not planned.blocked, planned
    assert {"api_version", "config"} <= set(planned.not_migrated)
    secret_families = ("app", "signature", "certificate")
    assert len(planned.new_secrets) == sum(tenant.made[f] for f in secret_families)
    assert sum(planned.counts["publication"].values()) == tenant.made["publication"]

    journal = tmp_path / "journal.db"
    first = _import(tenant, side, journal)
    assert first.outcome.ok, first.outcome.failures
    with side.client() as c:
        after = snapshot(c)
        with Journal(journal, "v1.0", "v2") as j:
            checked = verify(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id)
    assert checked.ok, checked.differences[:5]
    assert checked.counts["vpc_member"]["matched"] == tenant.made["vpc_member"]  # inside their channels
    assert checked.counts["certificate"]["not migrated"] == 1  # no --secrets: left behind, said so
    for family, made in tenant.made.items():
        if family in ("vpc_member", "certificate"):
            continue
        assert checked.counts[family]["matched"] == made + (1 if family == "env" else 0), family
        assert len(after[family]) == made + (1 if family == "env" else 0), family

    again = _import(tenant, side, journal)  # a rerun: nothing new
    assert again.outcome.ok
    with side.client() as c:
        assert snapshot(c) == after

    with side.client() as c, Journal(journal, "v1.0", "v2") as j:
        undone = rollback(c, j, "v1.0")
        assert undone.ok, undone.failures
        assert snapshot(c) == before
        assert rollback(c, j, "v1.0").removed == {}  # resumable: nothing left to do


def test_rerun_with_a_new_journal_adopts_by_name(
    tenant: Tenant, v2: Callable[..., Side], tmp_path: Path
) -> None:
    side = v2()
    _import(tenant, side, tmp_path / "one.db")
    with side.client() as c:
        after = snapshot(c)
    second = _import(tenant, side, tmp_path / "two.db")
    assert second.outcome.ok, second.outcome.failures[:3]
    assert "created" not in {s for by in second.outcome.counts.values() for s in by}
    with side.client() as c:
        assert snapshot(c) == after


def test_secrets_carried_and_never_reported(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path) -> None:
    apps = tenant.bundle.docs("app")
    signs = tenant.bundle.docs("signature")
    secrets = {
        "apps": {
            a["id"]: {"key": f"key{i:030d}", "secret": f"Secret-{i}-0123456789abcdefABCDEF"}
            for i, a in enumerate(apps)
        },
        "signatures": {s["id"]: {"secret": f"Sign-{i}-0123456789abcdefABCDEF"} for i, s in enumerate(signs)},
        "certificates": {DOMAIN: {"secret": "", "cert_content": CERT, "private_key": KEY}},
    }
    side = v2()
    imp = _import(tenant, side, tmp_path / "j.db", secrets=secrets)
    assert imp.outcome.ok and imp.outcome.new_secrets == []
    with side.client() as c:
        got = {a["name"]: a for a in c.list_all("app.list")}
        assert {got[a["name"]]["app_key"] for a in apps} == {v["key"] for v in secrets["apps"].values()}
        shown = [d for g in c.list_all("api_group.list") for d in g.get("url_domains") or []]
        assert [d["ssl_name"] for d in shown if d["domain"] == DOMAIN] == ["cert_one"]
        with Journal(tmp_path / "j.db", "v1.0", "v2") as j:
            checked = verify(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id)
        assert checked.ok and checked.counts["certificate"]["matched"] == 1, checked.differences[:3]
    reports = to_json(imp.outcome, "import") + to_markdown(imp.outcome, "import")
    bundle_text = "".join(p.read_text() for p in tenant.bundle_dir.iterdir())
    values = [v.get("secret") or v["private_key"] for s in secrets.values() for v in s.values()]
    journal_text = (tmp_path / "j.db").read_bytes()
    for value in values:
        assert value not in reports and value not in bundle_text and value.encode() not in journal_text
    json.loads(to_json(imp.outcome, "import"))


def test_plan_finds_what_v2_would_refuse(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path) -> None:
    """A quota the target lacks, an app of the marketplace, and the secrets given: what is left."""
    side = v2()
    with side.client() as c:  # the target's environments nearly used up (10 allowed)
        for n in range(9):
            c.call("env.create", body={"name": f"OTHER_{n}"})
    apps = tenant.bundle.docs("app")
    market = dict(tenant.bundle.families)
    market["app"] = [{**apps[0], "creator": "MARKET"}, *apps[1:]]
    bundle = type(tenant.bundle)(tenant.bundle.api, market, tenant.bundle.manifest)
    secrets = {
        "apps": {a["id"]: {"key": f"k{i:031d}", "secret": f"S{i:031d}"} for i, a in enumerate(apps)},
        "signatures": {
            s["id"]: {"secret": f"G{i:031d}"} for i, s in enumerate(tenant.bundle.docs("signature"))
        },
        "certificates": {DOMAIN: {"cert_content": CERT, "private_key": KEY}},
    }
    with side.client() as c:
        planned = plan(bundle, c, project_id=side.project_id, instance_id=side.instance_id, secrets=secrets)
    assert not planned.clean
    assert planned.new_secrets == []
    assert [q["family"] for q in planned.quotas] == ["env"]
    assert [o["id"] for o in planned.not_migrated_objects] == [apps[0]["id"]]
    assert planned.changes == {
        "api_group": {"sl_domain": "the debug subdomain: v2 assigns each group its own"}
    }
    # the marketplace app's authorizations and its special throttle cannot come across
    assert {b["family"] for b in planned.blocked} <= {"app_auth", "throttle_special", "app_code"}
    text = to_markdown(planned, "plan")
    assert "ENVIRONMENT_NUM_LIMIT" in text and not any(v["secret"] in text for v in secrets["apps"].values())


class _Crash(Exception):
    pass


def test_rollback_interrupted_then_resumed(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path) -> None:
    side = v2()
    with side.client() as c:
        before = snapshot(c)
    journal = tmp_path / "j.db"
    _import(tenant, side, journal)
    with side.client() as c, Journal(journal, "v1.0", "v2") as j:
        real, calls = c.call, [0]

        def dying(op_id: str, **kw: Any) -> Any:
            calls[0] += 1
            if calls[0] > 15:
                raise _Crash
            return real(op_id, **kw)

        c.call = dying  # type: ignore[method-assign]
        with pytest.raises(_Crash):
            rollback(c, j, "v1.0")
        c.call = real  # type: ignore[method-assign]
        done = rollback(c, j, "v1.0")
        assert done.ok and sum(done.removed.values()) > 0
        assert snapshot(c) == before


def test_a_secret_the_target_refuses_is_not_in_the_report(
    tenant: Tenant, v2: Callable[..., Side], tmp_path: Path
) -> None:
    app = tenant.bundle.docs("app")[0]
    bad = "x" * 300  # longer than v2 allows
    side = v2()
    imp = _import(tenant, side, tmp_path / "j.db", secrets={"apps": {app["id"]: {"key": bad, "secret": bad}}})
    assert [f["family"] for f in imp.outcome.failures if f["id"] == app["id"]] == ["app"]
    text = to_json(imp.outcome, "import") + to_markdown(imp.outcome, "import")
    assert bad not in text


def test_a_vpc_backed_api_keeps_its_channel_remapped(
    tenant: Tenant, v2: Callable[..., Side], tmp_path: Path
) -> None:
    """An API whose web backend uses a VPC channel: the export holds the channel (v1.0 answers the
    object), the import names the channel's new v2 id, verify agrees."""
    v1_channels = {ch["name"]: ch["id"] for ch in tenant.bundle.docs("vpc_channel")}
    exported = {a["name"]: a for a in tenant.bundle.docs("api")}
    for s in range(2):
        info = exported[f"api_{s}_2"]["backend_api"]["vpc_info"]
        assert info == {"vpc_id": v1_channels[f"vpc_{s}"], "vpc_proxy_host": f"backend{s}.internal"}
    side = v2()
    journal = tmp_path / "j.db"
    assert _import(tenant, side, journal).outcome.ok
    with side.client() as c:
        v2_channels = {ch["name"]: ch["id"] for ch in c.list_all("vpc_channel.list")}
        apis = {a["name"]: a for a in c.list_all("api.list")}
        for s in range(2):
            got = c.call("api.get", path={"api_id": apis[f"api_{s}_2"]["id"]}).body["backend_api"]
            assert got["vpc_channel_status"] == 1
            assert got["vpc_channel_info"]["vpc_channel_id"] == v2_channels[f"vpc_{s}"]
            assert got["vpc_channel_info"]["vpc_channel_id"] != v1_channels[f"vpc_{s}"]
            assert got["vpc_channel_info"]["vpc_channel_proxy_host"] == f"backend{s}.internal"
        with Journal(journal, "v1.0", "v2") as j:
            checked = verify(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id)
    assert checked.ok, checked.differences[:5]


def test_plan_lists_every_rule_a_translated_body_breaks(
    tenant: Tenant, v2: Callable[..., Side], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule of the target the tenant's values break (one made here: the tenant keeps the real
    ones) is a rejection naming the object, field, rule, value and the docs' sentence."""
    spec = load_spec("v2")
    op = spec.operation("api_group.create")
    assert op.request is not None
    taken = Rule("forbidden", "分组名称不能为group_0。", values=("group_0",))
    fields = tuple(replace(f, rules=(*f.rules, taken)) if f.name == "name" else f for f in op.request.fields)
    ruled = replace(op, request=replace(op.request, fields=fields))
    fake = replace(spec, operations={**spec.operations, op.id: ruled})
    monkeypatch.setattr(
        rules_mod, "load_spec", lambda version: fake if version == "v2" else load_spec(version)
    )
    rules_mod._plan.cache_clear()
    side = v2()
    try:
        with side.client() as c:
            planned = plan(tenant.bundle, c, project_id=side.project_id, instance_id=side.instance_id)
    finally:
        rules_mod._plan.cache_clear()
    group = next(d for d in tenant.bundle.docs("api_group") if d["name"] == "group_0")
    [row] = [r for r in planned.rejections if r.get("rule")]
    assert row == {
        "family": "api_group",
        "id": group["id"],
        "error": "name: breaks a rule of the target",
        "field": "name",
        "rule": "not group_0",
        "value": "'group_0'",
        "source": "分组名称不能为group_0。",
    }
    assert not planned.clean


def test_a_publication_keeps_its_remark(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path) -> None:
    """The remark given when an API was published goes over with the publication, and verify reads
    it back from the version list (the runtime definition shows the API's own remark)."""
    remarked = [p for p in tenant.bundle.docs("publication") if p.get("remark")]
    assert remarked, "the fixture publishes with remarks"
    pub = remarked[0]
    side = v2()
    journal = tmp_path / "j.db"
    assert _import(tenant, side, journal).outcome.ok
    with side.client() as c, Journal(journal, "v1.0", "v2") as j:
        api = j.step("api", str(pub["api_id"]))
        env = j.step("env", str(pub["env_id"]))
        assert api is not None and env is not None
        versions = c.call("api.version.list", path={"api_id": api.target_id}).body["api_versions"]
        assert pub["remark"] in {v.get("remark") for v in versions if v["status"] == 1}
        assert verify(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id).ok
        again = {"action": "online", "api_id": api.target_id, "env_id": env.target_id, "remark": "by hand"}
        c.call("api.publish_or_offline", body=again)  # published again with another remark
        checked = verify(tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id)
    assert not checked.ok
    assert [d["field"] for d in checked.differences if "by hand" in d["problem"]] == ["remark"]
