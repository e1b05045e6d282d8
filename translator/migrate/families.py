"""Each family's migration rules (``translator/migrate/families.yaml``) and what the catalog says of it:
its list operation, the family it is listed per (its scope), where a document holds its own id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as package_files
from typing import Any

import yaml

from translator.core.catalog import Resource, create_order, id_locations, resource, resource_of_op
from translator.redact import MASK
from translator.spec import load_spec
from translator.spec.paging import paging
from translator.types import Version

SOURCE = "families.yaml"


@dataclass(frozen=True)
class Family:
    """One catalog resource of the source version, as the migration moves it."""

    version: Version
    name: str
    key: Mapping[str, str] = field(default_factory=dict)
    get: bool = False
    fixed: tuple[str, ...] = ()
    list_op: str | None = None
    scope: str | None = None
    """The family each list call is made per (None: one list for the tenant)."""
    scope_param: tuple[str, str] | None = None
    """(part, name) of the list call's parameter naming the scope object."""
    create: Mapping[str, Any] | None = None
    undo: Mapping[str, Any] | None = None
    with_parent: bool = False
    where: Mapping[str, Any] = field(default_factory=dict)
    by: tuple[str, ...] = ()
    detail: Mapping[str, Any] | None = None
    find: Mapping[str, Any] | None = None
    check: Mapping[str, Any] | None = None
    source_from: Mapping[str, Any] | None = None
    not_when: tuple[Mapping[str, Any], ...] = ()
    changes: Mapping[str, str] = field(default_factory=dict)
    quota: Mapping[str, Any] | None = None
    unset: Mapping[str, Any] = field(default_factory=dict)
    """Field -> the value the source answers for it when it was never set (left out of a create)."""

    def excluded(self, doc: Mapping[str, Any]) -> str | None:
        """Why ``doc`` is not migrated (None: it is)."""
        if self.not_migrated is not None:
            return self.not_migrated
        for rule in self.not_when:
            if doc.get(rule["field"]) == rule["value"]:
                return str(rule["why"])
        return None

    secrets: Mapping[str, str] | None = None
    skip: str | None = None
    not_migrated: str | None = None
    """Read by export, never created on the target: each object is listed as not migrated, why."""

    @property
    def res(self) -> Resource:
        return resource(self.version, self.name)

    @property
    def items(self) -> str | None:
        """The list answer's array of documents."""
        if self.list_op is None:
            return None
        described = paging(self.version, self.list_op)
        if described is not None:
            return described.items
        owner = resource_of_op(self.version, self.list_op) or self.res
        declared = owner.items.get(self.list_op, ())
        return declared[0][:-2] if declared else None

    @property
    def own_field(self) -> str:
        """The document field holding the object's own id in the list's items."""
        items = self.items
        if self.list_op is not None and items is not None:
            prefix = f"{items}[]."
            for loc in id_locations(self.version, self.list_op):
                if loc.part == "response" and loc.resource == self.name and loc.path.startswith(prefix):
                    return loc.path[len(prefix) :]
        return self.res.id_field


def _scope(
    version: Version, name: str, op_id: str, declared: str | None
) -> tuple[str | None, tuple[str, str] | None]:
    """The family a list operation is called per, and the parameter naming it: the declared one,
    else the resource named by a required path or query parameter (parent, policy, app)."""
    op = load_spec(version).operation(op_id)
    required = {p.name for p in op.path_params} - set(load_spec(version).prefix_params)
    required |= {f.name for f in op.part("query") or () if f.required}
    for loc in id_locations(version, op_id):
        if loc.part not in ("path", "query") or loc.kind != "reference":
            continue
        if (declared is None and loc.path in required) or loc.resource == declared:
            return loc.resource, (loc.part, loc.path)
    if declared is not None:
        raise ValueError(f"{SOURCE}: {version}.{name}: {op_id} has no parameter naming {declared}")
    return None, None


def _family(version: Version, name: str, raw: Mapping[str, Any]) -> Family:
    res = resource(version, name)
    listed = raw.get("list") or {}
    list_op = listed.get("op") or res.ops.get("list")
    scope, param = (None, None)
    if raw.get("from"):
        list_op, scope = None, str(raw["from"]["family"])
    elif list_op is not None and not raw.get("skip"):
        scope, param = _scope(version, name, list_op, listed.get("scope"))
    return Family(
        version=version,
        name=name,
        key=dict(raw.get("key") or {}),
        get=bool(raw.get("get")),
        fixed=tuple(raw.get("fixed") or ()),
        list_op=list_op,
        scope=scope,
        scope_param=param,
        create=raw.get("create"),
        undo=raw.get("undo"),
        with_parent=bool(raw.get("with_parent")),
        where=dict(raw.get("where") or {}),
        by=tuple(raw.get("by") or ()),
        detail=raw.get("detail"),
        find=raw.get("find"),
        check=raw.get("check"),
        source_from=raw.get("from"),
        not_when=tuple(raw.get("not_when") or ()),
        changes=dict(raw.get("changes") or {}),
        quota={"name": raw["quota"]} if isinstance(raw.get("quota"), str) else raw.get("quota"),
        unset=dict(raw.get("unset") or {}),
        secrets=raw.get("secrets"),
        skip=raw.get("skip"),
        not_migrated=raw.get("not_migrated"),
    )


@cache
def _raw() -> dict[str, Any]:
    text = package_files.files("translator.migrate").joinpath(SOURCE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def masked() -> str:
    """How the source shows a secret it does not return (v1.0: app and signature secrets)."""
    return MASK


@cache
def families(version: Version) -> tuple[Family, ...]:
    """Every family of ``version`` in the catalog's create order (those migration.yaml lists)."""
    declared = _raw().get(version) or {}
    unknown = set(declared) - set(create_order(version))
    if unknown:
        raise ValueError(f"{SOURCE}: {version}: not catalog resources: {sorted(unknown)}")
    return tuple(_family(version, n, declared[n]) for n in create_order(version) if n in declared)


def family(version: Version, name: str) -> Family:
    for fam in families(version):
        if fam.name == name:
            return fam
    raise KeyError(f"{SOURCE}: {version} has no family {name!r}")
