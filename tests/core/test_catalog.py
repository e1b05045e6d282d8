"""The resource catalog: loading rejects bad entries by name, the emulators are covered by it, the
dependency orders respect every edge, and the id locations of operations are right by value."""

from __future__ import annotations

import copy
import fnmatch
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from translator.core import catalog
from translator.core.catalog import CatalogError, IdLocation, build_catalog, read_catalog
from translator.core.catalog_ids import PARTS, part_index
from translator.emulator.registry import registry_for
from translator.spec import load_spec
from translator.types import VERSIONS, Version

Edit = Callable[[dict[str, Any]], None]


def _bad(edit: Edit) -> str:
    """The error a copy of the real catalog fails with once ``edit`` changed it."""
    data = copy.deepcopy(read_catalog())
    edit(data)
    with pytest.raises(CatalogError) as exc:
        build_catalog(data)
    return str(exc.value)


def _set(version: str, resource: str, key: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[version][resource][key] = value

    return edit


def _add(version: str, resource: str, key: str, name: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[version][resource].setdefault(key, {})[name] = value

    return edit


BAD = [
    # (what is wrong, the edit, the entry and the problem the message names)
    ("unknown operation", _add("v2", "api", "ops", "create", "api.make"), "v2.api.ops.create: no operation"),
    ("unknown special op", _add("v1.0", "app", "special", "rotate", "app.rotate"), "v1.0.app.special.rotate"),
    ("unknown role", _add("v2", "api", "ops", "publish", "api.publish_or_offline"), "v2.api.ops.publish"),
    (
        "op owned twice",
        _add("v2", "env", "special", "grab", "api.get"),
        "v2.env.special.grab: api.get already",
    ),
    ("unknown key", _set("v2", "api", "colour", "red"), "v2.api.colour"),
    (
        "unknown resource in a reference",
        _add("v2", "api", "references", "group_id", "apigroup"),
        "v2.api.references.group_id: names no resource",
    ),
    (
        "reference matching no field",
        _add("v2", "api", "references", "nowhere_id", "api_group"),
        "v2.api.references.nowhere_id: matches no field",
    ),
    (
        "shown id matching no field",
        _add("v1.0", "api", "shows", "nowhere_id", "env"),
        "v1.0.api.shows.nowhere_id: matches no field",
    ),
    ("alias matching no field", _set("v2", "acl", "aliases", ["acl_ident"]), "v2.acl.aliases.acl_ident"),
    (
        "id_param not in the path",
        _set("v2", "api", "id_param", "id"),
        "v2.api.id_param: 'id' is not a path parameter of api.get",
    ),
    ("id ops without id_param", _set("v1.0", "env", "id_param", None), "v1.0.env.id_param: missing"),
    (
        "parent naming no resource",
        _set("v1.0", "domain", "parent", {"resource": "group", "field": "group_id", "param": "group_id"}),
        "v1.0.domain.parent: names no resource",
    ),
    (
        "parent param in no path",
        _set("v2", "domain", "parent", {"resource": "api_group", "field": "group_id", "param": "grp"}),
        "v2.domain.parent.param",
    ),
    (
        "parent field in no body",
        _set("v2", "env_variable", "parent", {"resource": "api_group", "field": "grp"}),
        "v2.env_variable.parent.field: matches no field",
    ),
    (
        "undocumented not-found code",
        _set("v2", "acl", "not_found", "APIG.3999"),
        "v2.acl.not_found: APIG.3999 is not a documented",
    ),
    ("malformed code", _set("v2", "acl", "not_found", "3006"), "v2.acl.not_found"),
    (
        "delete_first field naming nothing",
        _set(
            "v2", "env", "delete_first", [{"resource": "publication", "field": "api_id", "code": "APIG.3418"}]
        ),
        "v2.env.delete_first.publication: 'api_id' is not a field of publication naming env",
    ),
    (
        "condition without its sibling",
        _add(
            "v1.0",
            "throttle_special",
            "references",
            "instance_id",
            {"resource": "app", "when": {"object_kind": "APP"}},
        ),
        "v1.0.throttle_special.references.instance_id",
    ),
    (
        "override of a missing field",
        _add("v2", "acl", "fields", "acl.get", {"response": {"acl_ids[]": "own"}}),
        "v2.acl.fields.acl.get.response.acl_ids[]: no such field",
    ),
    (
        "override of another's op",
        _add("v2", "acl", "fields", "api.get", {"response": {"id": "own"}}),
        "v2.acl.fields.api.get: not one of the resource's operations",
    ),
    ("items that are no array", _add("v2", "acl", "items", "acl.get", ["name[]"]), "v2.acl.items.acl.get"),
    ("unknown version", lambda d: d.update({"v3": {}}), "catalog.yaml: v3: not a version"),
]


@pytest.mark.parametrize(("edit", "expected"), [(e, m) for _, e, m in BAD], ids=[w for w, _, _ in BAD])
def test_a_bad_entry_is_an_error_naming_it(edit: Edit, expected: str) -> None:
    message = _bad(edit)
    assert message.startswith("catalog.yaml: ")
    assert expected in message, message


def test_a_dependency_cycle_is_an_error() -> None:
    def edit(data: dict[str, Any]) -> None:
        group = data["v1.0"]["api_group"]
        group["references"] = {"url_domains[].id": "domain"}  # the domain is the group's child
        del group["shows"]["url_domains[].id"]

    assert "v1.0: dependency cycle: api_group needs ['domain']" in _bad(edit)


def test_the_catalog_loads_and_names_resources_in_both_versions() -> None:
    for version in VERSIONS:
        names = set(catalog.resources(version))
        assert {"api_group", "api", "env", "publication", "acl_binding", "app_auth"} <= names
        for res in catalog.resources(version).values():
            assert res.version == version and res.label
    assert "vpc_member_group" in catalog.resources("v2") and "app_quota" in catalog.resources("v2")
    assert catalog.resource("v2", "api").id_param == "api_id"
    assert catalog.resource("v1.0", "api").id_param == "id"
    with pytest.raises(KeyError, match="no resource 'nothing'"):
        catalog.resource("v2", "nothing")


@pytest.mark.parametrize("version", VERSIONS)
def test_every_served_operation_has_a_catalog_resource(version: Version) -> None:
    registry = registry_for(version)
    for op_id in registry.handlers:
        res = catalog.resource_of_op(version, op_id)
        assert res is not None, f"{version} {op_id} is served but belongs to no catalog resource"
        assert res.role_of(op_id) is not None
    for name, declared in registry.resources.items():
        assert declared.entry is catalog.resource(version, name)


UNOWNED = {
    "v1.0": {"marketplace"},
    "v2": {"gateway_response", "feature", "tag", "instance.available_zones"},
}
"""Families the catalog leaves out (see the head of catalog.yaml)."""


@pytest.mark.parametrize("version", VERSIONS)
def test_only_the_documented_families_are_left_out(version: Version) -> None:
    left = {op for op in load_spec(version).operations if catalog.resource_of_op(version, op) is None}
    assert {o for o in left if not any(o.startswith(f + ".") for f in UNOWNED[version])} == set()
    assert all(any(o.startswith(f + ".") for o in left) for f in UNOWNED[version])


def _edges(version: Version) -> set[tuple[str, str]]:
    """(first, then): ``first`` must be created before ``then``."""
    out = set()
    for res in catalog.resources(version).values():
        out |= {(dep, res.name) for dep in res.dependencies}
        out |= {(res.name, d.resource) for d in res.delete_first}
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_create_order_puts_parents_and_references_first(version: Version) -> None:
    order = catalog.create_order(version)
    assert sorted(order) == sorted(catalog.resources(version))
    place = {name: n for n, name in enumerate(order)}
    edges = _edges(version)
    assert edges, "no dependency at all"
    for first, then in edges:
        assert place[first] < place[then], f"{version}: {first} must be created before {then}"
    for res in catalog.resources(version).values():
        if res.parent is not None:
            assert place[res.parent.resource] < place[res.name]


@pytest.mark.parametrize("version", VERSIONS)
def test_delete_order_is_the_reverse_with_delete_first_respected(version: Version) -> None:
    order = catalog.delete_order(version)
    assert sorted(order) == sorted(catalog.resources(version))
    place = {name: n for n, name in enumerate(order)}
    for first, then in _edges(version):
        assert place[then] < place[first], f"{version}: {then} must be deleted before {first}"
    blocks = [(d.resource, r.name) for r in catalog.resources(version).values() for d in r.delete_first]
    assert ("publication", "api") in blocks and ("api", "api_group") in blocks
    for blocker, blocked in blocks:
        assert place[blocker] < place[blocked]


def test_dependency_depth() -> None:
    v1, v2 = catalog.depth("v1.0"), catalog.depth("v2")
    assert v1["api_group"] == 0 and v1["api"] == 1 and v1["publication"] == 2 and v1["acl_binding"] == 3
    assert v2["vpc_member_group"] == 1 and v2["api"] == 2 and v2["acl_binding"] == 4


def _at(version: Version, op_id: str, part: str, path: str) -> IdLocation:
    found = [loc for loc in catalog.id_locations(version, op_id) if (loc.part, loc.path) == (part, path)]
    assert len(found) == 1, (version, op_id, part, path, catalog.id_locations(version, op_id))
    return found[0]


def test_id_locations_by_value() -> None:
    assert _at("v1.0", "api.create", "request", "group_id") == IdLocation(
        "request", "group_id", "api_group", "reference"
    )
    assert _at("v1.0", "api.create", "request", "backend_api.vpc_info.vpc_id").resource == "vpc_channel"
    assert _at("v1.0", "api.create", "response", "id") == IdLocation("response", "id", "api", "own")
    assert _at("v1.0", "api.list", "response", "apis[].id").kind == "own"
    assert _at("v1.0", "api.list", "response", "apis[].run_env_id").resource == "env"
    assert _at("v2", "acl.binding.create", "request", "publish_ids[]") == IdLocation(
        "request", "publish_ids[]", "publication", "reference"
    )
    assert _at("v2", "acl.binding.create", "response", "acl_bindings[].id").kind == "own"
    assert _at("v2", "acl.binding.delete", "path", "acl_bindings_id") == IdLocation(
        "path", "acl_bindings_id", "acl_binding", "own"
    )
    assert _at("v1.0", "acl.binding.create", "response", "[].acl_id").resource == "acl"
    special = _at("v1.0", "throttle.special.create", "request", "instance_id")
    assert (special.resource, special.when) == ("app", (("instance_type", "APP"),))
    assert _at("v2", "throttle.special.create", "path", "throttle_id").resource == "throttle"
    assert _at("v2", "throttle.special.update", "path", "strategy_id").kind == "own"
    assert _at("v2", "api.get", "response", "run_env_id").joined == "|"
    assert _at("v2", "api.create", "request", "policy_https[].member_group_url_infos[].member_group_id") == (
        IdLocation(
            "request",
            "policy_https[].member_group_url_infos[].member_group_id",
            "vpc_member_group",
            "reference",
        )
    )
    cert = catalog.id_locations("v1.0", "domain.certificate.create")
    assert {(loc.part, loc.path, loc.resource, loc.kind) for loc in cert} == {
        ("path", "group_id", "api_group", "reference"),
        ("path", "domain_id", "domain", "reference"),
        ("response", "id", "domain", "reference"),
        ("response", "ssl_id", "certificate", "own"),
    }
    member = catalog.id_locations("v1.0", "vpc_channel.member.delete")
    assert [(loc.path, loc.resource, loc.kind) for loc in member] == [
        ("id", "vpc_channel", "reference"),
        ("inst_id", "vpc_member", "own"),
    ]
    assert _at("v1.0", "openapi.export_apis", "request", "[]").resource == "api"
    assert _at("v2", "vpc_channel.member.batch_enable", "request", "member_ids[]").kind == "own"
    assert not [
        loc for loc in catalog.id_locations("v2", "api.get") if loc.path in ("project_id", "instance_id")
    ]
    assert not [
        loc for loc in catalog.id_locations("v2", "vpc_channel.health_check.update") if loc.path == "id"
    ]
    assert catalog.id_locations("v2", "tag.list") == ()


def _id_like(path: str) -> bool:
    leaf = path.rsplit(".", 1)[-1].removesuffix("[]")
    return leaf in ("id", "") or leaf.endswith(("_id", "_ids"))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_id_like_field_is_located_or_declared_not_an_id(version: Version) -> None:
    """No id field goes unaccounted for: a new one must be located or named in ``not_ids``."""
    spec = load_spec(version)
    patterns = catalog.load_catalog().not_ids
    used: set[str] = set()
    missing = []
    for op in spec.operations.values():
        res = catalog.resource_of_op(version, op.id)
        if res is None:
            continue
        located = {(loc.part, loc.path) for loc in catalog.id_locations(version, op.id)}
        nulled = {
            (p, f) for p, by in res.overrides.get(op.id, {}).items() for f, r in by.items() if r is None
        }
        for part in PARTS:
            index = part_index(op, part, skip=spec.prefix_params)
            for path, field in index.items():
                if field.type == "object" or (
                    field.type == "array" and (field.children or f"{path}[]" in index)
                ):
                    continue
                if not _id_like(path) or (part, path) in located | nulled:
                    continue
                hits = [p for p in patterns if fnmatch.fnmatchcase(path, p)]
                used.update(hits)
                if not hits:
                    missing.append(f"{op.id} {part} {path}")
    assert missing == []
    assert used, "no not_ids pattern used"


def test_every_not_ids_pattern_is_used() -> None:
    paths = set()
    for version in VERSIONS:
        for op in load_spec(version).operations.values():
            for part in PARTS:
                paths |= set(part_index(op, part))
    dead = [p for p in catalog.load_catalog().not_ids if not any(fnmatch.fnmatchcase(x, p) for x in paths)]
    assert dead == []


def test_the_catalog_imports_no_part() -> None:
    code = (
        "import sys, translator.core.catalog as c; c.load_catalog(); "
        "parts = {'emulator', 'shim', 'migrate', 'cli'}; "
        "bad = [m for m in sys.modules if m.startswith('translator.') and m.split('.')[1] in parts]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_field_name_is_spelled_in_the_catalog_code() -> None:
    """Field names live in the YAML: the loader's modules quote none of the catalog's names."""
    import translator.core.catalog_ids as ids_module

    names = {"group_id", "publish_id", "api_id", "strategy_id", "instance_type", "acl_bindings_id"}
    for module in (catalog, ids_module):
        assert module.__file__ is not None
        with open(module.__file__, encoding="utf-8") as fh:
            text = fh.read()
        spelled = {n for n in names if re.search(rf"[\"']{n}[\"']", text)}
        assert spelled == set(), (module.__name__, spelled)
