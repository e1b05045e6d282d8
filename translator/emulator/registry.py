"""The registry of what each emulator serves: generic handlers per declared role, special handlers, seeds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import partial

from translator.emulator.crud import GENERIC
from translator.emulator.declare import Dialect, Handler, Registry, Resource
from translator.emulator.special.bindings import Binding
from translator.emulator.special.bindings import handlers as binding_handlers
from translator.emulator.special.publish import RELEASE_ENV_ID
from translator.emulator.store import Doc
from translator.types import Version


def build_registry(
    dialect: Dialect,
    resources: list[Resource],
    special: dict[str, Handler],
    seeds: tuple[tuple[str, Doc], ...] = (),
    quotas: Mapping[str, int] | None = None,
) -> Registry:
    """Generic handlers for every declared role, then the special handlers (which win).

    ``quotas`` replaces the documented quota of the named resources (``--quota NAME=N``).
    """
    quotas = quotas or {}
    unknown = sorted(set(quotas) - {r.name for r in resources})
    if unknown:
        known = ", ".join(sorted(r.name for r in resources if r.ops))
        raise ValueError(f"unknown resource(s) in quotas: {', '.join(unknown)} (known: {known})")
    resources = [replace(r, quota=quotas[r.name]) if r.name in quotas else r for r in resources]
    names = {r.name for r in resources}
    for res in resources:
        missing = sorted(set(res.references.values()) - names)
        if missing:
            raise ValueError(f"{res.name} references undeclared resource(s) {', '.join(missing)}")
    handlers: dict[str, Handler] = {}
    for res in resources:
        for role, op_id in res.ops.items():
            handlers[op_id] = partial(GENERIC[role], res)
    handlers.update(special)
    return Registry(dialect, {r.name: r for r in resources}, handlers, seeds)


def registry_for(version: Version, quotas: Mapping[str, int] | None = None) -> Registry:
    """The registry of the ``version`` emulator (with ``quotas`` replacing documented ones)."""
    from translator.emulator.resources import v1, v2  # they build on assemble() below

    registry: Registry = (v1 if version == "v1.0" else v2).registry(quotas)
    return registry


RELEASE_ENV: Doc = {
    "id": RELEASE_ENV_ID,
    "name": "RELEASE",
    "remark": "生产环境",
    "create_time": "2020-01-01T00:00:00Z",
}
"""The built-in RELEASE environment every tenant has, in both versions."""


def assemble(
    dialect: Dialect,
    resources: list[Resource],
    bindings: Sequence[Binding],
    special: Sequence[Mapping[str, Handler]],
    quotas: Mapping[str, int] | None,
) -> Registry:
    """A version's registry: binding handlers, then the special handler maps, the RELEASE seed."""
    handlers: dict[str, Handler] = {}
    for binding in bindings:
        handlers.update(binding_handlers(dialect.version, binding))
    for handler_map in special:
        handlers.update(handler_map)
    return build_registry(dialect, resources, handlers, seeds=(("env", RELEASE_ENV),), quotas=quotas)
