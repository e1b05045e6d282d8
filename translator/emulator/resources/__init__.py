"""Resource declarations per API version and the registry of what each emulator serves."""

from __future__ import annotations

from functools import partial

from translator.emulator.crud import GENERIC
from translator.emulator.declare import Dialect, Handler, Registry, Resource
from translator.emulator.store import Doc
from translator.types import Version


def build_registry(
    dialect: Dialect,
    resources: list[Resource],
    special: dict[str, Handler],
    seeds: tuple[tuple[str, Doc], ...] = (),
) -> Registry:
    """Generic handlers for every declared role, then the special handlers (which win)."""
    handlers: dict[str, Handler] = {}
    for res in resources:
        for role, op_id in res.ops.items():
            handlers[op_id] = partial(GENERIC[role], res)
    handlers.update(special)
    return Registry(dialect, {r.name: r for r in resources}, handlers, seeds)


def registry_for(version: Version) -> Registry:
    """The registry of the ``version`` emulator."""
    if version == "v1.0":
        from translator.emulator.resources import v1

        return v1.registry()
    from translator.emulator.resources import v2

    return v2.registry()
