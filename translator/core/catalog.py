"""The resource catalog: every resource of both API versions as data (``mappings/catalog.yaml``).

For each resource: its operations by role and its special operations, its id parameter and id
field, its parent, every field holding the id of another resource, what must be deleted first and
its not-found code. Loading checks every entry against the spec (:func:`translator.spec.load_spec`);
a name that matches nothing is a :class:`~translator.errors.CatalogError` naming the entry, e.g.
``catalog.yaml: v2.api.references.group_id: matches no field of its operations``.

Read by the emulators (which add their server-side behaviour), the shim (ids in and out through
the id map, the documented 404) and the migration (export and import in dependency order). No
field name is spelled here: they all come from the catalog and the spec.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources as package_files
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from translator.core.apierrors import documented_codes
from translator.core.catalog_ids import (
    PARTS,
    DeleteFirst,
    IdLocation,
    Parent,
    Reference,
    Resource,
    locate,
    part_index,
    sibling,
)
from translator.core.catalog_schema import OWN, RefEntry, ResourceEntry
from translator.errors import CatalogError
from translator.spec import ApiSpec, load_spec
from translator.types import VERSIONS, Version

__all__ = [
    "Catalog",
    "CatalogError",
    "DeleteFirst",
    "IdLocation",
    "Parent",
    "Reference",
    "Resource",
    "VersionCatalog",
    "build_catalog",
    "create_order",
    "delete_order",
    "depth",
    "id_locations",
    "load_catalog",
    "read_catalog",
    "resource",
    "resource_of_op",
    "resources",
]

SOURCE = "catalog.yaml"
UNDOCUMENTED = "undocumented"
"""The catalog's key for error codes it uses that the error table does not list (code -> why)."""
NOT_IDS = "not_ids"
"""The catalog's key for id-like field paths that name nothing in it (pattern -> what instead)."""
_ENTRIES: TypeAdapter[dict[str, ResourceEntry]] = TypeAdapter(dict[str, ResourceEntry])
_ID_PARAM_ROLES = ("get", "update", "delete")


@dataclass(frozen=True)
class VersionCatalog:
    """The resources of one version, who owns each operation and where its ids sit."""

    version: Version
    resources: Mapping[str, Resource]
    owners: Mapping[str, str]
    locations: Mapping[str, tuple[IdLocation, ...]]
    create_order: tuple[str, ...]
    delete_order: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    versions: Mapping[Version, VersionCatalog]
    not_ids: tuple[str, ...] = ()
    """fnmatch patterns of field paths that look like ids but name no catalog resource."""


def _fail(entry: str, problem: str) -> CatalogError:
    return CatalogError(SOURCE, entry, problem)


def _ref(res_name: str, ref: RefEntry, path: str, dependency: bool) -> Reference:
    resource = res_name if ref.resource == OWN else ref.resource
    return Reference(path, resource, tuple(sorted(ref.when.items())), ref.joined, dependency)


def _resource(version: Version, name: str, entry: ResourceEntry) -> Resource:
    refs = [_ref(name, r, p, True) for p, r in entry.references.items()]
    refs += [_ref(name, r, p, False) for p, r in entry.shows.items()]
    overrides = {
        op: {
            part: {p: (None if r is None else _ref(name, r, p, False)) for p, r in by.items()}
            for part, by in parts.items()
        }
        for op, parts in entry.fields.items()
    }
    parent = entry.parent
    return Resource(
        version=version,
        name=name,
        label=entry.label,
        not_found=entry.not_found,
        id_field=entry.id_field,
        id_param=entry.id_param,
        aliases=entry.aliases,
        ops={str(role): op for role, op in entry.ops.items()},
        special=dict(entry.special),
        parent=Parent(parent.resource, parent.field, parent.param) if parent else None,
        references=tuple(refs),
        delete_first=tuple(DeleteFirst(d.resource, d.field, d.code) for d in entry.delete_first),
        items=dict(entry.items),
        overrides=overrides,
    )


def _key(ref: Reference) -> str:
    """The catalog key declaring ``ref``."""
    return "references" if ref.dependency else "shows"


def _declared_as(res: Resource, loc: IdLocation) -> str:
    """The catalog entry (``references.<path>`` ...) a location comes from."""
    for ref in res.references:
        if ref.resource == loc.resource and ref.when == loc.when and loc.path.endswith(ref.path):
            return f"{_key(ref)}.{ref.path}"
    return f"fields.{loc.path}"


def _parse(version: Version, raw: Any) -> dict[str, Resource]:
    try:
        entries = _ENTRIES.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in (version, *first["loc"]))
        raise _fail(where, first["msg"]) from None
    return {name: _resource(version, name, entry) for name, entry in entries.items()}


def _check_names(spec: ApiSpec, cat: Mapping[str, Resource], extra_codes: set[str]) -> dict[str, str]:
    """Every operation, code and resource named exists; returns the owner of each operation."""
    codes = set(documented_codes()) | extra_codes
    owners: dict[str, str] = {}
    for res in cat.values():
        where = f"{spec.version}.{res.name}"
        for key, table in (("ops", res.ops), ("special", res.special)):
            for name, op_id in table.items():
                if op_id not in spec.operations:
                    raise _fail(f"{where}.{key}.{name}", f"no operation {op_id!r} in the {spec.version} spec")
                if op_id in owners:
                    raise _fail(f"{where}.{key}.{name}", f"{op_id} already belongs to {owners[op_id]}")
                owners[op_id] = res.name
        if res.not_found is not None and res.not_found not in codes:
            raise _fail(f"{where}.not_found", f"{res.not_found} is not a documented error code")
        targets = [(f"{_key(r)}.{r.path}", r.resource) for r in res.references]
        targets += [(f"delete_first.{d.resource}", d.resource) for d in res.delete_first]
        if res.parent is not None:
            targets.append(("parent", res.parent.resource))
        for op_id, parts in res.overrides.items():
            targets += [
                (f"fields.{op_id}.{part}.{p}", r.resource)
                for part, by in parts.items()
                for p, r in by.items()
                if r is not None
            ]
        for key, target in targets:
            if target not in cat:
                raise _fail(f"{where}.{key}", f"names no resource: {target!r}")
        for d in res.delete_first:
            if d.code not in codes:
                raise _fail(f"{where}.delete_first.{d.resource}", f"{d.code} is not a documented error code")
        for key, op_ids in (("items", res.items), ("fields", res.overrides)):
            for op_id in op_ids:
                if op_id not in res.op_ids:
                    raise _fail(f"{where}.{key}.{op_id}", "not one of the resource's operations")
    return owners


def _check_ids(spec: ApiSpec, res: Resource) -> None:
    where = f"{spec.version}.{res.name}"
    id_ops = [res.ops[r] for r in _ID_PARAM_ROLES if r in res.ops]
    if id_ops and res.id_param is None:
        raise _fail(f"{where}.id_param", f"missing: {id_ops[0]} names the resource in its path")
    if id_ops and res.not_found is None:
        raise _fail(f"{where}.not_found", f"missing: {id_ops[0]} answers it for an unknown id")
    for op_id in id_ops:
        names = [p.name for p in spec.operation(op_id).path_params]
        if res.id_param not in names:
            raise _fail(f"{where}.id_param", f"{res.id_param!r} is not a path parameter of {op_id} {names}")
    parent = res.parent
    if (
        parent is not None
        and parent.param is not None
        and not any(parent.param in part_index(spec.operation(o), "path") for o in res.op_ids)
    ):
        raise _fail(f"{where}.parent.param", f"{parent.param!r} is a path parameter of none of its ops")


def _locations(spec: ApiSpec, res: Resource) -> dict[str, tuple[IdLocation, ...]]:
    where = f"{spec.version}.{res.name}"
    out: dict[str, tuple[IdLocation, ...]] = {}
    used: set[str] = set()
    for op_id in res.op_ids:
        op = spec.operation(op_id)
        for root in res.items.get(op_id, ()):
            if not any(root[:-2] in part_index(op, p) for p in ("request", "response")):
                raise _fail(f"{where}.items.{op_id}", f"{root!r} is no array of {op_id}")
        for part, by in res.overrides.get(op_id, {}).items():
            index = part_index(op, part)
            for path in by:
                if path not in index:
                    raise _fail(f"{where}.fields.{op_id}.{part}.{path}", f"no such field in the {part}")
        found, matched = locate(res, op, spec.prefix_params)
        used |= matched
        for (part, path), loc in found.items():
            for key, _ in loc.when:
                if sibling(path, key) not in part_index(op, part):
                    declared_as = _declared_as(res, loc)
                    raise _fail(f"{where}.{declared_as}", f"{op_id} {part} has no {key!r} beside it")
        out[op_id] = tuple(sorted(found.values(), key=lambda loc: (PARTS.index(loc.part), loc.path)))
    declared = [(f"{_key(r)}.{r.path}", r.path) for r in res.references]
    declared += [(f"aliases.{a}", a) for a in res.aliases]
    if res.parent is not None:
        declared.append(("parent.field", res.parent.field))
    for key, path in declared:
        if path not in used:
            raise _fail(f"{where}.{key}", "matches no field of its operations")
    return out


def _check_delete_first(version: Version, cat: Mapping[str, Resource]) -> None:
    for res in cat.values():
        for d in res.delete_first:
            other = cat[d.resource]
            fields = {r.path for r in other.references if r.resource == res.name}
            if other.parent is not None and other.parent.resource == res.name:
                fields.add(other.parent.field)
            if d.field not in fields:
                raise _fail(
                    f"{version}.{res.name}.delete_first.{d.resource}",
                    f"{d.field!r} is not a field of {d.resource} naming {res.name} ({sorted(fields)})",
                )


def _edges(cat: Mapping[str, Resource]) -> dict[str, set[str]]:
    """Resource -> the resources that must be created before it."""
    needs = {name: set(res.dependencies) for name, res in cat.items()}
    for res in cat.values():
        for d in res.delete_first:
            if d.resource != res.name:
                needs[d.resource].add(res.name)
    return needs


def _order(version: Version, needs: Mapping[str, set[str]], names: list[str]) -> tuple[str, ...]:
    """Kahn's order: the first declared resource whose needs are all placed, repeatedly."""
    placed: list[str] = []
    left = list(names)
    while left:
        ready = next((n for n in left if needs[n] <= set(placed)), None)
        if ready is None:
            cycle = ", ".join(f"{n} needs {sorted(needs[n] - set(placed))}" for n in left)
            raise _fail(f"{version}", f"dependency cycle: {cycle}")
        placed.append(ready)
        left.remove(ready)
    return tuple(placed)


def _version(version: Version, raw: Any, extra_codes: set[str]) -> VersionCatalog:
    if not isinstance(raw, dict):
        raise _fail(version, "must map resource names to entries")
    cat = _parse(version, raw)
    spec = load_spec(version)
    owners = _check_names(spec, cat, extra_codes)
    locations: dict[str, tuple[IdLocation, ...]] = {}
    for res in cat.values():
        _check_ids(spec, res)
        locations.update(_locations(spec, res))
    _check_delete_first(version, cat)
    needs = _edges(cat)
    names = list(cat)
    create = _order(version, needs, names)
    dependants = {n: {m for m in names if n in needs[m]} for n in names}
    delete = _order(version, dependants, names)
    return VersionCatalog(version, cat, owners, locations, create, delete)


def build_catalog(data: Any) -> Catalog:
    """Validate parsed catalog YAML (``{"v1.0": {...}, "v2": {...}}``) against the spec."""
    if not isinstance(data, dict):
        raise _fail("(file)", "the catalog must be a YAML mapping")
    unknown = sorted(set(data) - {*VERSIONS, UNDOCUMENTED, NOT_IDS})
    if unknown:
        raise _fail(str(unknown[0]), f"not a version (known: {', '.join(VERSIONS)})")
    extra = data.get(UNDOCUMENTED) or {}
    if not isinstance(extra, dict):
        raise _fail(UNDOCUMENTED, "must map error codes to the reason they are not in the error table")
    not_ids = data.get(NOT_IDS) or {}
    if not isinstance(not_ids, dict) or not all(isinstance(k, str) for k in not_ids):
        raise _fail(NOT_IDS, "must map field path patterns to what the field names instead")
    versions = {v: _version(v, data.get(v) or {}, set(extra)) for v in VERSIONS}
    return Catalog(versions, tuple(not_ids))


def read_catalog() -> Any:
    """The parsed YAML of the packaged catalog."""
    text = package_files.files("mappings").joinpath(SOURCE).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail("(file)", f"not valid YAML: {exc}") from None


@cache
def load_catalog() -> Catalog:
    """The packaged catalog, validated (once per process)."""
    return build_catalog(read_catalog())


def _of(version: Version) -> VersionCatalog:
    return load_catalog().versions[version]


def resources(version: Version) -> Mapping[str, Resource]:
    """Every resource of ``version`` by name, in declaration order."""
    return _of(version).resources


def resource(version: Version, name: str) -> Resource:
    """The resource ``name`` of ``version``."""
    try:
        return _of(version).resources[name]
    except KeyError:
        raise KeyError(f"{version} catalog has no resource {name!r}") from None


def resource_of_op(version: Version, op_id: str) -> Resource | None:
    """The resource operation ``op_id`` belongs to (None: no catalog resource has it)."""
    cat = _of(version)
    owner = cat.owners.get(op_id)
    return None if owner is None else cat.resources[owner]


def id_locations(version: Version, op_id: str) -> tuple[IdLocation, ...]:
    """Every field of ``op_id`` holding a resource's id, in part then path order."""
    load_spec(version).operation(op_id)
    return _of(version).locations.get(op_id, ())


def create_order(version: Version) -> tuple[str, ...]:
    """Resource names, each after its parent, what it references and what it blocks."""
    return _of(version).create_order


def delete_order(version: Version) -> tuple[str, ...]:
    """Resource names, each before its parent, what it references and what it blocks."""
    return _of(version).delete_order


def depth(version: Version) -> dict[str, int]:
    """Each resource's dependency depth: 0 with no dependencies, else 1 + the deepest one's."""
    cat = _of(version)
    needs = _edges(cat.resources)
    out: dict[str, int] = {}
    for name in cat.create_order:
        out[name] = 1 + max((out[n] for n in needs[name]), default=-1)
    return out
