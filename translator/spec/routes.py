"""Match a method and URL path to a documented operation, and fill URI templates.

Templates compete by specificity: at the first segment where two templates differ, a literal
segment beats a parameter, so ``/apps/validation/{id}`` wins over ``/apps/{id}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
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


def match(version: Version, method: str, path: str) -> tuple[OperationSpec, dict[str, str]]:
    """The operation of ``version`` serving ``method path`` and its path parameters (decoded)."""
    for route in _routes(version).get(method.upper(), ()):
        found = route.pattern.match(path)
        if found:
            return route.op, {n: unquote(v) for n, v in zip(route.names, found.groups(), strict=True)}
    raise UnknownOperation(f"no {version} operation serves {method.upper()} {path}")


def methods_at(version: Version, path: str) -> tuple[str, ...]:
    """The methods some operation of ``version`` serves at ``path`` (none: no such path), sorted."""
    return tuple(
        sorted(
            method
            for method, routes in _routes(version).items()
            if any(route.pattern.match(path) for route in routes)
        )
    )


def fill(op: OperationSpec, params: dict[str, str], keep: frozenset[str] = frozenset()) -> str:
    """``op``'s URI template with ``params`` filled in (percent-encoded); the parameters named in
    ``keep`` stay as they are (``{project_id}``)."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in keep:
            return m.group(0)
        if name not in params or params[name] in (None, ""):
            raise TranslationError(f"{op.id}: path parameter {name!r} has no value")
        return quote(str(params[name]), safe="")

    return _PARAM.sub(value, op.path)
