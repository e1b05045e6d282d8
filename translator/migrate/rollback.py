"""Roll back: delete what the import created, newest first within the reverse of the catalog's
create order, and nothing it adopted or found fixed. Each deletion is journaled (``removed``)
before the next, so a rollback interrupted at any point is finished by running it again; an
object already gone (its documented not-found code) counts as removed."""

from __future__ import annotations

from dataclasses import dataclass, field

from translator.core.blocking import BlockingApiClient
from translator.core.catalog import create_order
from translator.errors import ApiCallError, NotFound
from translator.migrate.journal import Journal
from translator.types import Version


@dataclass
class Rollback:
    removed: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def rollback(client: BlockingApiClient, journal: Journal, source: Version) -> Rollback:
    out = Rollback()
    order = {name: i for i, name in enumerate(create_order(source))}
    steps = journal.steps()
    for step in steps:
        if step.state in ("adopted", "fixed"):
            out.kept[step.resource] = out.kept.get(step.resource, 0) + 1
    created = [s for s in steps if s.state == "created"]
    created.sort(key=lambda s: (-order.get(s.resource, 0), -s.seq))
    for step in created:
        undo = step.undo
        if undo is None:
            out.failures.append(
                {"family": step.resource, "id": step.source_id, "error": "no way to delete it"}
            )
            continue
        try:
            client.call(
                undo["op"],
                path=undo.get("path") or None,
                query=undo.get("query") or None,
                body=undo.get("body"),
            )
        except NotFound:
            pass  # gone already (a rollback interrupted after the delete)
        except ApiCallError as exc:
            out.failures.append(
                {"family": step.resource, "id": step.source_id, "error": f"{type(exc).__name__}: {exc}"}
            )
            continue
        journal.removed(step)
        out.removed[step.resource] = out.removed.get(step.resource, 0) + 1
    return out


__all__ = ["Rollback", "rollback"]
