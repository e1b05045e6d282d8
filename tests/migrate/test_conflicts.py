"""A target that holds objects of the same names already: each ``--on-conflict`` mode, and a
rollback that leaves what was there before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from migrate.conftest import Side, Tenant, snapshot

from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.rollback import rollback


def _preexisting(side: Side, tenant: Tenant) -> tuple[str, str]:
    """A group named as one of the tenant's with other content, and an ACL identical to one."""
    group = tenant.bundle.docs("api_group")[0]
    acl = tenant.bundle.docs("acl")[0]
    with side.client() as c:
        made = c.call("api_group.create", body={"name": group["name"], "remark": "made on the target"}).body
        same = {k: acl[k] for k in ("acl_name", "acl_type", "acl_value", "entity_type")}
        acl_made = c.call("acl.create", body=same).body
    return str(made["id"]), str(acl_made["id"])


@pytest.mark.parametrize("mode", ["fail", "skip", "adopt"])
def test_on_conflict(tenant: Tenant, v2: Callable[..., Side], tmp_path: Path, mode: str) -> None:
    side = v2()
    group_id, acl_id = _preexisting(side, tenant)
    source_group = str(tenant.bundle.docs("api_group")[0]["id"])
    with side.client() as c:
        before = snapshot(c)
    journal = tmp_path / "j.db"
    with side.client() as c, Journal(journal, "v1.0", "v2") as j:
        imp = Importer(
            tenant.bundle,
            c,
            j,
            project_id=side.project_id,
            instance_id=side.instance_id,
            on_conflict=mode,  # type: ignore[arg-type]
        )
        out = imp.run()
        assert out.counts["acl"].get("adopted") == 1  # same content: adopted in every mode
        step = j.step("api_group", source_group)
        assert step is not None
        if mode == "fail":
            assert step.state == "failed"
            assert any(f["kind"] == "conflict" for f in out.failures)
            assert out.counts["api"].get("failed", 0) > 0  # its APIs have no group to go in
            assert out.counts["api"].get("created", 0) > 0  # the rest goes on
        elif mode == "skip":
            assert step.state == "skipped" and j.target("api_group", source_group) is None
        else:
            assert step.state == "adopted" and j.target("api_group", source_group) == group_id
            assert out.ok, out.failures[:3]
        undone = rollback(c, j, "v1.0")
        assert undone.ok, undone.failures[:3]
        assert snapshot(c) == before
        ids = {g["id"] for g in c.list_all("api_group.list")} | {a["id"] for a in c.list_all("acl.list")}
        assert {group_id, acl_id} <= ids
