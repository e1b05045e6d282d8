"""Field paths: parents, scopes and joins, including bare arrays and request pseudo-objects."""

from __future__ import annotations

import pytest

from translator.mapping import paths


@pytest.mark.parametrize(
    ("path", "parent"),
    [
        ("name", None),
        ("vpc_health_config.timeout", "vpc_health_config"),
        ("members[].ecs_id", "members"),
        ("a[].b[].c", "a[].b"),
        ("[].auth_result", "[]"),
        ("@path.api_id", "@path"),
    ],
)
def test_parent_field(path: str, parent: str | None) -> None:
    assert paths.parent_field(path) == parent


@pytest.mark.parametrize(
    ("path", "scope", "keys"),
    [
        ("name", "", ("name",)),
        ("members[].ecs_id", "members[]", ("ecs_id",)),
        ("a[].b.c", "a[]", ("b", "c")),
        ("[].id", "[]", ("id",)),
        ("[]", "", ("",)),
    ],
)
def test_scope_and_relative_keys(path: str, scope: str, keys: tuple[str, ...]) -> None:
    assert paths.scope_of(path) == scope
    assert paths.relative_keys(path) == keys


def test_child_and_join_build_the_same_paths() -> None:
    assert paths.child_path(None, False, "") == "[]"
    assert paths.child_path("[]", True, "id") == "[].id"
    assert paths.child_path("members", True, "ecs_id") == "members[].ecs_id"
    assert paths.child_path("cfg", False, "timeout") == "cfg.timeout"
    assert paths.join("vpcs[]", "member_type") == "vpcs[].member_type"
    assert paths.join("vpcs[]", "") == "vpcs"
    assert paths.join("[]", "id") == "[].id"
    assert paths.join("", "name") == "name"
    assert paths.last_key("a[].b") == "b" and paths.last_key("[]") == ""
