"""Adopt or conflict: an object found by its key holds the content the import would create, or
other content (an empty source value against a set target value included)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from migrate.conftest import Side, Tenant

from translator.migrate.bundle import Bundle
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.matching import empty_fields, same_content
from translator.redact import MASK


def test_same_content_compares_what_the_request_sets() -> None:
    found = {"name": "g", "remark": "x", "secret": MASK, "extra": 1}
    assert same_content({"name": "g", "remark": "x"}, found)
    assert not same_content({"name": "g", "remark": "y"}, found)
    assert same_content({"name": "g", "secret": "s3cret"}, found)  # masked: cannot differ
    assert same_content({"name": "g", "absent": "v"}, found)  # a field the target does not show


def test_an_empty_source_value_against_a_set_target_value_is_other_content() -> None:
    body = {"name": "g"}
    empty = empty_fields({"name": "g", "remark": "", "tags": [], "count": 0}, body)
    assert empty == {"remark", "tags"}  # 0 is a value
    assert not same_content(body, {"name": "g", "remark": "set on the target"}, empty)
    assert not same_content(body, {"name": "g", "tags": ["t"]}, empty)
    assert same_content(body, {"name": "g", "remark": "", "tags": []}, empty)
    assert same_content(body, {"name": "g"}, empty)  # the target does not show it


def test_a_group_without_remark_conflicts_with_one_that_has_one(
    tenant: Tenant, v2: Callable[..., Side], tmp_path: Path
) -> None:
    group = {**tenant.bundle.docs("api_group")[0], "remark": ""}
    families = {**tenant.bundle.families, "api_group": [group, *tenant.bundle.docs("api_group")[1:]]}
    bundle = Bundle(tenant.bundle.api, families, tenant.bundle.manifest)
    side = v2()
    with side.client() as c:
        c.call("api_group.create", body={"name": group["name"], "remark": "made on the target"})
    with side.client() as c, Journal(tmp_path / "j.db", "v1.0", "v2") as j:
        out = Importer(bundle, c, j, project_id=side.project_id, instance_id=side.instance_id).run()
        step = j.step("api_group", str(group["id"]))
    assert step is not None and step.state == "failed"
    assert [f["kind"] for f in out.failures if f["id"] == group["id"]] == ["conflict"]
    assert out.counts["api_group"]["created"] == len(families["api_group"]) - 1
