"""Work out something once per spec object, remembered by the object's identity.

The spec's field tuples live as long as the process and are asked the same questions on every
request (which fields by name, whether any takes a bare string); hashing a field tree deeply costs
what the walk does, so the answers are kept by ``id`` with the object itself (which keeps the id
from being reused), for a bounded number of objects.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

REMEMBERED = 16384
"""Objects remembered per function, at most (both specs hold about 6,500 fields)."""


def by_identity(fn: Callable[[_T], _R]) -> Callable[[_T], _R]:
    """``fn`` of one argument, worked out once per argument object (see the module docstring)."""
    known: dict[int, tuple[_T, _R]] = {}

    @wraps(fn)
    def remembered(arg: _T) -> _R:
        hit = known.get(id(arg))
        if hit is not None and hit[0] is arg:
            return hit[1]
        value = fn(arg)
        if len(known) < REMEMBERED:
            known[id(arg)] = (arg, value)
        return value

    return remembered
