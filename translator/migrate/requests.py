"""Building the target request of one source document: the document cut to the create
operation's request, or a declared template; ids rewritten through the journal; the body
translated by the tables (``translator.translate``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from translator.core.catalog import id_locations, resource
from translator.core.idrewrite import CatalogIdRewrite
from translator.mapping.engine import unwrap_body, wrap_body
from translator.mapping.paths import PATH_PARAMS, QUERY_PARAMS
from translator.migrate.export import SCOPE
from translator.migrate.families import Family, masked
from translator.spec import FieldSpec, OperationSpec, load_spec
from translator.spec.routes import fill, match
from translator.translate import Note, translate_request
from translator.types import Version

Lookup = Callable[[str, str], str | None]
PubLookup = Callable[[str, str], str | None]
"""``(source api id, source env id)`` -> the source publication id of that API there."""


class Blocked(Exception):
    """A document names an object that did not come across (its id is not in the journal)."""


@dataclass
class Request:
    """One request to send: operation, path parameters (no prefix), query and body."""

    op_id: str
    path: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    notes: tuple[Note, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"op": self.op_id, "path": self.path, "query": self.query, "body": self.body}

    def value(self, where: str) -> Any:
        """A path parameter or body field by path (``a.b``, ``a[0]``)."""
        if where in self.path:
            return self.path[where]
        node: Any = self.body
        for part in where.split("."):
            name, _, index = part.partition("[")
            node = node.get(name) if isinstance(node, dict) else None
            if index and isinstance(node, list):
                pos = int(index.rstrip("]"))
                node = node[pos] if pos < len(node) else None
        return node


def project(value: Any, specs: Iterable[FieldSpec], *, keep_empty: bool = False) -> Any:
    """``value`` cut to the fields ``specs`` describe (masked values left out, and empty ones
    unless ``keep_empty``)."""
    by_name = {s.name: s for s in specs}
    if isinstance(value, list):
        return [project(v, specs, keep_empty=keep_empty) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    hidden = masked()
    for name, item in value.items():
        spec = by_name.get(name)
        if spec is None or item == hidden or (not keep_empty and (item is None or item == "")):
            continue
        out[name] = project(item, spec.children, keep_empty=keep_empty) if spec.children else item
    return out


def evaluate(expr: Any, doc: Mapping[str, Any], pub: PubLookup) -> Any:
    """A template expression of families.yaml on a source document."""
    if isinstance(expr, list):
        return [evaluate(e, doc, pub) for e in expr]
    if not isinstance(expr, str) or not expr.startswith("$"):
        return expr
    if expr == "$scope":
        return doc.get(SCOPE)
    if expr.startswith("$doc."):
        node: Any = doc
        for part in expr[5:].split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        return node
    if expr.startswith("$pub:"):
        api_expr, env_expr = expr[5:].split(":", 1)
        api = evaluate(api_expr if api_expr.startswith("$") else f"$doc.{api_expr}", doc, pub)
        env = evaluate(env_expr if env_expr.startswith("$") else f"$doc.{env_expr}", doc, pub)
        found = pub(str(api), str(env))
        if found is None:
            raise Blocked(f"no publication of API {api} in environment {env} came across")
        return found
    raise ValueError(f"families.yaml: unknown expression {expr!r}")


def _template_body(t: Mapping[str, Any], doc: Mapping[str, Any], pub: PubLookup) -> dict[str, Any] | None:
    """A template's body on ``doc``; a field the document lacks is left out, not sent as null."""
    if not t.get("body"):
        return None
    body = {k: evaluate(v, doc, pub) for k, v in t["body"].items()}
    return {k: v for k, v in body.items() if v is not None}


def source_request(
    fam: Family, doc: Mapping[str, Any], pub: PubLookup, *, keep_empty: bool = False
) -> Request:
    """The source-version request creating ``doc`` again (``keep_empty``: with the fields the
    document holds empty or ``unset``, which a create leaves out)."""
    if fam.create is not None:
        t = fam.create
        return Request(
            str(t["op"]),
            {k: str(evaluate(v, doc, pub)) for k, v in (t.get("path") or {}).items()},
            {k: evaluate(v, doc, pub) for k, v in (t.get("query") or {}).items()},
            _template_body(t, doc, pub),
        )
    res = fam.res
    op = load_spec(fam.version).operation(res.ops["create"])
    path: dict[str, str] = {}
    if res.parent is not None and res.parent.param is not None:
        path[res.parent.param] = str(doc.get(res.parent.field) or doc.get(SCOPE))
    specs = op.part("request") or ()
    held = {k: v for k, v in doc.items() if keep_empty or k not in fam.unset or v != fam.unset[k]}
    body = project(held, specs, keep_empty=keep_empty) if op.request is not None else None
    if res.parent is not None and res.parent.param is None and isinstance(body, dict):
        body.setdefault(res.parent.field, doc.get(res.parent.field) or doc.get(SCOPE))
    return Request(op.id, path, {}, body)


def undo_request(fam: Family, doc: Mapping[str, Any], pub: PubLookup) -> Request | None:
    if fam.undo is None:
        return None
    t = fam.undo
    return Request(
        str(t["op"]),
        {k: str(evaluate(v, doc, pub)) for k, v in (t.get("path") or {}).items()},
        {k: evaluate(v, doc, pub) for k, v in (t.get("query") or {}).items()},
        _template_body(t, doc, pub),
    )


def missing_references(version: Version, req: Request, lookup: Lookup) -> list[str]:
    """The references of a source request the journal cannot map (each ``resource id``)."""
    return [f"{res} {v}" for res, v in references(version, req) if lookup(res, v) is None]


def references(version: Version, req: Request) -> list[tuple[str, str]]:
    """Every (resource, source id) a source request names."""
    out: list[tuple[str, str]] = []
    for loc in id_locations(version, req.op_id):
        if loc.kind != "reference" or loc.part == "response":
            continue
        values: list[Any]
        if loc.part == "path":
            values = [req.path.get(loc.path)]
        elif loc.part == "query":
            values = [req.query.get(loc.path)]
        else:
            values = _at(req.body, loc.path.split("."), dict(loc.when))
        out += [(loc.resource, v) for v in values if isinstance(v, str) and v]
    return out


def _at(node: Any, segments: list[str], when: dict[str, Any]) -> list[Any]:
    if not segments:
        return [node]
    if not isinstance(node, dict):
        return []
    head, rest = segments[0], segments[1:]
    key = head.removesuffix("[]")
    if key not in node:
        return []
    if not rest and any(str(node.get(k, "")).casefold() != str(v).casefold() for k, v in when.items()):
        return []
    value = node[key]
    if head.endswith("[]"):
        items = value if isinstance(value, list) else []
        return [x for item in items for x in _at(item, rest, when)] if rest else list(items)
    return _at(value, rest, when)


def to_target(version: Version, req: Request, lookup: Lookup, project_id: str, instance_id: str) -> Request:
    """``req`` (source version) as the target request, its ids mapped by ``lookup``. A v2 target's
    path prefix is ``project_id`` and ``instance_id``; a v2 source's prefix is dropped."""
    spec = load_spec(version)
    op = spec.operation(req.op_id)
    direction = "v1_to_v2" if version == "v1.0" else "v2_to_v1"
    if direction == "v2_to_v1":  # the way back: the ids of the v2 request first, then the tables
        req = _rewritten(op, req, lookup)
        prefix_values = tuple(f"source-{p}" for p in spec.prefix_params)  # dropped by the tables
    else:
        prefix_values = (project_id, instance_id)
    url = fill(op, {**dict(zip(spec.prefix_params, prefix_values, strict=False)), **req.path})
    rewrite = CatalogIdRewrite(lookup, lambda _r, _i: None)
    out = translate_request(
        direction,  # type: ignore[arg-type]
        op.method,
        url,
        req.query,
        req.body,
        project_id=project_id,
        instance_id=instance_id,
        check=False,
        ids=rewrite if direction == "v1_to_v2" else None,
    )
    target: Version = "v2" if version == "v1.0" else "v1.0"
    dst, params = match(target, out.method, out.path)
    prefix = set(load_spec(target).prefix_params)
    body = out.body
    if isinstance(body, dict):
        # a field the source may leave empty that the target requires: its documented default
        for spec_field in dst.part("request") or ():
            if spec_field.required and spec_field.default is not None and spec_field.name not in body:
                body = {**body, spec_field.name: spec_field.default}
    return Request(
        dst.id, {k: v for k, v in params.items() if k not in prefix}, dict(out.query), body, out.notes
    )


def _rewritten(op: OperationSpec, req: Request, lookup: Lookup) -> Request:
    """``req`` with every id the catalog locates in it mapped by ``lookup`` (``translate`` rewrites
    the ids of v1.0 requests only: a v2 source's are rewritten here, at the v2 locations)."""
    message = {**wrap_body(req.body), PATH_PARAMS: dict(req.path), QUERY_PARAMS: dict(req.query)}
    out = CatalogIdRewrite(lookup, lambda _r, _i: None)(op, "request", message)
    assert isinstance(out, dict)
    path, query = dict(out.pop(PATH_PARAMS, {})), dict(out.pop(QUERY_PARAMS, {}))
    return Request(req.op_id, path, query, unwrap_body(out, req.body is not None), req.notes)


def delete_request(name: str, target: Version, target_id: str, created: Request) -> Request | None:
    """The catalog's delete of a created object, its other path parameters (parent, group) as its
    create named them."""
    res = resource(target, name)
    op = res.ops.get("delete")
    if op is None or res.id_param is None:
        return None
    path = {res.id_param: target_id}
    for param in load_spec(target).operation(op).path_params:
        if param.name in created.path and param.name not in path:
            path[param.name] = created.path[param.name]
    return Request(op, path)
