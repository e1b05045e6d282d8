"""Objects sent as a bare string: a field whose spec names a ``bare_key`` takes the string for the
object holding that one key (v1.0 ``backend_api.vpc_info``: a channel id alone is
``{"vpc_id": id}``). The models accept both forms; :func:`expand` gives the object form, which is
what the services store and answer, and what the mapping tables translate.
"""

from __future__ import annotations

from typing import Any

from translator.spec import FieldSpec
from translator.spec.memo import by_identity


def wrap(key: str) -> Any:
    """A before-validator turning a bare string into ``{key: string}`` (anything else unchanged)."""

    def before(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value

    return before


@by_identity
def has_bare(fields: tuple[FieldSpec, ...]) -> bool:
    """Whether any field under ``fields`` takes a bare string for an object (worked out once per
    field tuple: every request of the shim asks)."""
    return any(f.bare_key is not None or has_bare(f.children) for f in fields)


def expand(fields: tuple[FieldSpec, ...], data: Any) -> Any:
    """``data`` with every bare string of a ``bare_key`` field under ``fields`` as its object."""
    if not isinstance(data, dict) or not has_bare(fields):
        return data
    out = dict(data)
    for f in fields:
        value = out.get(f.name)
        if value is None:
            continue
        if f.bare_key is not None and isinstance(value, str):
            out[f.name] = {f.bare_key: value}
        elif f.type == "object" and f.children:
            out[f.name] = expand(f.children, value)
        elif f.type == "array" and f.children and isinstance(value, list):
            out[f.name] = [expand(f.children, item) for item in value]
    return out
