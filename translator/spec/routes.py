"""Match a method and URL path to a documented operation, and fill URI templates.

Templates compete by specificity: at the first segment where two templates differ, a literal
segment beats a parameter, so ``/apps/validation/{id}`` wins over ``/apps/{id}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import quote, unquote

from translator.errors import TranslationError, UnknownOperation
from translator.spec import OperationSpec, load_spec
from translator.types import Version

_PARAM = re.compile(r"\{([^}/]+)\}")


@dataclass(frozen=True, slots=True)
class Route:
    op: OperationSpec
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    rank: tuple[int, ...]


def _compile(op: OperationSpec) -> Route:
    template = op.path.rstrip("/") or "/"
    names = tuple(_PARAM.findall(template))
    regex = ""
    rank: list[int] = []
    for segment in template.strip("/").split("/"):
        if _PARAM.fullmatch(segment):
            regex += "/([^/]+)"
            rank.append(1)
        else:
            regex += "/" + re.escape(segment)
            rank.append(0)
    return Route(op, re.compile(f"^{regex}/?$"), names, tuple(rank))


@cache
def _routes(version: Version) -> dict[str, list[Route]]:
    by_method: dict[str, list[Route]] = {}
    for op in load_spec(version).operations.values():
        by_method.setdefault(op.method, []).append(_compile(op))
    for routes in by_method.values():
        routes.sort(key=lambda r: r.rank)
    return by_method


ROUTES_REMEMBERED = 4096
"""Paths whose match is remembered (a request is matched by the shim, then by the translation)."""


@lru_cache(maxsize=ROUTES_REMEMBERED)
def _matched(version: Version, method: str, path: str) -> tuple[OperationSpec, tuple[tuple[str, str], ...]]:
    for route in _routes(version).get(method, ()):
        found = route.pattern.match(path)
        if found:
            return route.op, tuple((n, unquote(v)) for n, v in zip(route.names, found.groups(), strict=True))
    raise UnknownOperation(f"no {version} operation serves {method} {path}")


def match(version: Version, method: str, path: str) -> tuple[OperationSpec, dict[str, str]]:
    """The operation of ``version`` serving ``method path`` and its path parameters (decoded)."""
    op, params = _matched(version, method.upper(), path)
    return op, dict(params)


def methods_at(version: Version, path: str) -> tuple[str, ...]:
    """The methods some operation of ``version`` serves at ``path`` (none: no such path), sorted."""
    return tuple(
        sorted(
            method
            for method, routes in _routes(version).items()
            if any(route.pattern.match(path) for route in routes)
        )
    )


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")
"""What percent-encoding leaves as it is (most ids and names: then the value is used as it is)."""


@cache
def _template(path: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A URI template split once: the literal parts around the parameters, and their names."""
    parts = _PARAM.split(path)
    return tuple(parts[0::2]), tuple(parts[1::2])


def fill(op: OperationSpec, params: dict[str, str], keep: frozenset[str] = frozenset()) -> str:
    """``op``'s URI template with ``params`` filled in (percent-encoded); the parameters named in
    ``keep`` stay as they are (``{project_id}``)."""
    literals, names = _template(op.path)
    out = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        if name in keep:
            out.append(f"{{{name}}}")
        elif name not in params or params[name] in (None, ""):
            raise TranslationError(f"{op.id}: path parameter {name!r} has no value")
        else:
            value = str(params[name])
            out.append(value if _UNRESERVED.fullmatch(value) else quote(value, safe=""))
        out.append(literal)
    return "".join(out)
