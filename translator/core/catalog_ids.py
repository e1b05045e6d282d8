"""The catalog's resources as loaded, and where their id fields sit in an operation.

A resource declares its id fields relative to its *document* (``group_id``,
``backend_api.vpc_info.vpc_id``, ``publish_ids[]``). An operation carries documents at the root of
its request and response, in the items of its list (``apis[]``, from the paging description), in
the items of a bare array body (``[]``) and wherever the resource's ``items`` entry says; path
parameters and query parameters are matched by name. Paths use the syntax of
:func:`translator.spec.walk`, and the items of an array of scalars are ``a[]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from translator.spec import FieldSpec, OperationSpec, walk
from translator.spec.paging import paging
from translator.types import Version

Part: TypeAlias = Literal["path", "query", "request", "response"]
PARTS: tuple[Part, ...] = ("path", "query", "request", "response")
Kind: TypeAlias = Literal["own", "reference"]
Condition: TypeAlias = tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class IdLocation:
    """One field of one operation that holds a resource's id."""

    part: Part
    path: str
    """The field's path in the part (``translator.spec.walk`` syntax; path and query: the name)."""
    resource: str
    kind: Kind
    """``own``: the id of the resource the operation belongs to; ``reference``: another's."""
    when: Condition = ()
    """Only when the sibling fields named here hold these values (e.g. ``instance_type: APP``)."""
    joined: str | None = None
    """The field may hold several ids joined by this separator."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A document field holding the id of another resource."""

    path: str
    resource: str
    when: Condition = ()
    joined: str | None = None
    dependency: bool = True
    """True for ``references`` (the document needs the other to exist first), False for
    ``shows`` (the id is only shown: a child, the current publication, a joined row)."""


@dataclass(frozen=True, slots=True)
class Parent:
    resource: str
    field: str
    param: str | None = None


@dataclass(frozen=True, slots=True)
class DeleteFirst:
    """Documents of ``resource`` whose ``field`` names this one block its deletion with ``code``."""

    resource: str
    field: str
    code: str


@dataclass(frozen=True)
class Resource:
    """One resource of one API version, as the catalog declares it."""

    version: Version
    name: str
    label: str
    not_found: str | None
    id_field: str
    id_param: str | None
    aliases: tuple[str, ...]
    ops: Mapping[str, str]
    """Operation id by role (create, get, update, delete, list)."""
    special: Mapping[str, str]
    """Operation id by name, for the operations that are not one of the roles."""
    parent: Parent | None
    references: tuple[Reference, ...]
    """Every id field of the document naming another resource (``shows`` included)."""
    delete_first: tuple[DeleteFirst, ...]
    items: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    overrides: Mapping[str, Mapping[Part, Mapping[str, Reference | None]]] = field(default_factory=dict)

    @property
    def op_ids(self) -> tuple[str, ...]:
        """Every operation of the resource: the roles', then the special ones."""
        return (*self.ops.values(), *self.special.values())

    def role_of(self, op_id: str) -> str | None:
        """The role or special name of ``op_id`` (None: not one of the resource's operations)."""
        for name, op in (*self.ops.items(), *self.special.items()):
            if op == op_id:
                return name
        return None

    def reference(self, path: str) -> Reference | None:
        """The reference held at document path ``path`` (``references`` or ``shows``)."""
        for ref in self.references:
            if ref.path == path:
                return ref
        return None

    @property
    def dependencies(self) -> frozenset[str]:
        """Resources that must exist before a document of this one is created (not itself)."""
        out = {r.resource for r in self.references if r.dependency}
        if self.parent is not None:
            out.add(self.parent.resource)
        out.discard(self.name)
        return frozenset(out)

    def _refs(self) -> dict[str, Reference]:
        refs = {r.path: r for r in self.references}
        if self.parent is not None:
            refs.setdefault(self.parent.field, Reference(self.parent.field, self.parent.resource))
        return refs


def part_index(op: OperationSpec, part: Part, skip: Iterable[str] = ()) -> dict[str, FieldSpec]:
    """Every field path of ``part``; the items of an array of scalars appear as ``a[]``."""
    if part == "path":
        skipped = set(skip)
        return {f.name: f for f in op.path_params if f.name not in skipped}
    out: dict[str, FieldSpec] = {}
    for path, spec in walk(op.part(part) or ()):
        out[path] = spec
        if spec.type == "array" and not spec.children and path != "[]":
            out[f"{path}[]"] = FieldSpec(name=f"{spec.name}[]", type=spec.items or "any")
    return out


def roots(version: Version, op: OperationSpec, part: Part, declared: Iterable[str]) -> list[str]:
    """The document roots of ``part``, most specific first: declared item arrays, the list's
    items, a bare array's items, then the root (``""``). Path and query have the root only."""
    if part in ("path", "query"):
        return [""]
    out = list(declared)
    described = paging(version, op.id)
    if part == "response" and described is not None:
        out.append(f"{described.items}[]")
    body = op.request if part == "request" else op.response
    if body is not None and body.shape == "array":
        out.append("[]")
    out.append("")
    return out


def relative(path: str, root: str) -> str | None:
    """``path`` relative to the document root ``root`` (None: not under it)."""
    if root == "":
        return path
    if path.startswith(root + "."):
        return path[len(root) + 1 :]
    return None


def sibling(path: str, name: str) -> str:
    """The path of field ``name`` in the object holding the field at ``path``."""
    head, dot, _ = path.rpartition(".")
    return f"{head}.{name}" if dot else name


def locate(
    res: Resource, op: OperationSpec, prefix_params: Iterable[str]
) -> tuple[dict[tuple[Part, str], IdLocation], set[str]]:
    """The id locations of ``op`` (an operation of ``res``) by (part, path), and the document
    paths (own-id names and reference paths) that matched somewhere."""
    prefix = set(prefix_params) - {res.id_param}
    own = {res.id_field, *res.aliases}
    own_params = {p for p in (res.id_param, *res.aliases) if p}
    refs = res._refs()
    param_refs: dict[str, Reference] = {}
    if res.parent is not None and res.parent.param is not None:
        param_refs[res.parent.param] = Reference(res.parent.param, res.parent.resource)
    found: dict[tuple[Part, str], IdLocation] = {}
    used: set[str] = set()
    for part in PARTS:
        index = part_index(op, part, skip=prefix)
        for root in roots(res.version, op, part, res.items.get(op.id, ())):
            for path in index:
                rel = relative(path, root)
                if rel is None or (part, path) in found:
                    continue
                if rel in (own_params if part == "path" else own):
                    found[(part, path)] = IdLocation(part, path, res.name, "own")
                    used.add(rel)
                elif rel in refs or (part == "path" and rel in param_refs):
                    ref = refs[rel] if rel in refs else param_refs[rel]
                    found[(part, path)] = IdLocation(
                        part, path, ref.resource, "reference", ref.when, ref.joined
                    )
                    used.add(rel)
        for path, meant in res.overrides.get(op.id, {}).get(part, {}).items():
            if meant is None:
                found.pop((part, path), None)
                continue
            kind: Kind = "own" if meant.resource == res.name else "reference"
            found[(part, path)] = IdLocation(part, path, meant.resource, kind, meant.when, meant.joined)
    return found, used
