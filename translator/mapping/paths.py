"""Field paths of the mapping tables.

A path names a field inside a message: dotted keys, with ``[]`` after an array field for its items
(``members[].ecs_id``, ``vpc_health_config.timeout``). A bare array body is the field ``[]`` and its
items' members are ``[].name``. In a request, the path and query parameters are the objects ``@path``
and ``@query`` beside the body's fields (``@path.api_id``, ``@query.env_id``).
"""

from __future__ import annotations

PATH_PARAMS = "@path"
QUERY_PARAMS = "@query"
ROOT_ARRAY = "[]"


def parent_field(path: str) -> str | None:
    """The field that contains ``path`` (``members`` for ``members[].ecs_id``), None at the top."""
    i = path.rfind(".")
    if i < 0:
        return None
    head = path[:i]
    if head.endswith("[]"):
        head = head[:-2]
    return head or ROOT_ARRAY


def last_key(path: str) -> str:
    """The JSON key of the field at ``path`` (``""`` for the root array)."""
    if path == ROOT_ARRAY:
        return ""
    return path[path.rfind(".") + 1 :]


def child_path(parent: str | None, parent_is_array: bool, key: str) -> str:
    """The path of member ``key`` of the field at ``parent``."""
    if parent is None:
        return key or ROOT_ARRAY
    if parent == ROOT_ARRAY:
        return f"[].{key}"
    return f"{parent}[].{key}" if parent_is_array else f"{parent}.{key}"


def scope_of(path: str) -> str:
    """The innermost array-item scope that holds ``path`` (``""`` for the message root)."""
    i = path.rfind("[]")
    if path == ROOT_ARRAY or i < 0:
        return ""
    return path[: i + 2]


def relative_keys(path: str) -> tuple[str, ...]:
    """The keys leading from the field's scope to the field (``("a", "b")`` for ``x[].a.b``)."""
    if path == ROOT_ARRAY:
        return ("",)
    scope = scope_of(path)
    rest = path[len(scope) + 1 :] if scope else path
    return tuple(rest.split("."))


def item_scope(array_path: str) -> str:
    """The item scope of the array field at ``array_path``."""
    return ROOT_ARRAY if array_path == ROOT_ARRAY else f"{array_path}[]"


def join(prefix: str, path: str) -> str:
    """``path`` (relative to a shape) placed under ``prefix`` (an item scope or an object path)."""
    if not prefix:
        return path
    if not path:
        return prefix[:-2] if prefix.endswith("[]") and prefix != ROOT_ARRAY else prefix
    if prefix == ROOT_ARRAY:
        return f"[].{path}"
    return f"{prefix}.{path}"
