"""Import: every family of a bundle into the target, in the catalog's create order.

Per object: mapped already (journal) -> nothing; else its request is built (``requests``), a
reference that did not come across blocks it; the target is searched by the family's key (the
unique name): found after a crash between create and journal write -> ours; found otherwise ->
the same content is adopted, other content follows ``--on-conflict``; not found -> created, the
intent journaled first and the new id after. A permanent error fails that object (and, through
the missing id, its dependants); the rest goes on.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Literal

import anyio

from translator.core.blocking import BlockingApiClient
from translator.core.tasks import map_bounded
from translator.errors import ApiCallError, TranslationError
from translator.migrate.bundle import Bundle
from translator.migrate.export import SCOPE
from translator.migrate.families import Family, _family, families, masked
from translator.migrate.journal import DONE, Journal
from translator.migrate.matching import empty_fields, key_doc, own_id, same_content
from translator.migrate.outcome import Outcome
from translator.migrate.requests import (
    Blocked,
    Request,
    delete_request,
    missing_references,
    references,
    source_request,
    to_target,
    undo_request,
)
from translator.migrate.secrets import load_secrets, secret_values
from translator.spec import load_spec
from translator.spec.paging import paging
from translator.types import Version

PLACEHOLDER = "planned-"
"""Dry run: the prefix of the id standing for an object the import would create."""
OnConflict = Literal["fail", "skip", "adopt"]
Progress = Callable[[str, int, int], None]


def target_family(fam: Family, target: Version) -> Family:
    """The target's view of a family: its list operation and scope there."""
    ops = load_spec(target).operations
    raw: dict[str, Any] = {}
    if fam.list_op is not None and fam.list_op != fam.res.ops.get("list") and fam.list_op in ops:
        raw["list"] = {"op": fam.list_op, "scope": fam.scope}
    return _family(target, fam.name, raw)


class Importer:
    def __init__(
        self,
        bundle: Bundle,
        client: BlockingApiClient,
        journal: Journal,
        *,
        project_id: str,
        instance_id: str,
        secrets: dict[str, Any] | None = None,
        on_conflict: OnConflict = "fail",
        concurrency: int = 4,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.bundle = bundle
        self.client = client
        self.api = client.client
        """The async client: the import runs on its loop (``BlockingApiClient.run``)."""
        self.journal = journal
        self.source: Version = "v1.0" if bundle.api == "v1.0" else "v2"
        self.target: Version = client.version
        self.project_id, self.instance_id = project_id, instance_id
        self.secrets = secrets or {}
        self._hidden = sorted(secret_values(self.secrets), key=len, reverse=True)
        """The operator's secret values: never in a report, whatever an error message says."""
        self.on_conflict = on_conflict
        self.concurrency = max(1, concurrency)
        self.dry_run = dry_run
        self.progress = progress
        self.outcome = Outcome()
        self._lock = threading.Lock()
        self._index: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        self._listing: dict[tuple[str, str | None], anyio.Lock] = {}
        self._keyed: dict[tuple[str, str | None], dict[tuple[str, ...], dict[str, Any]]] = {}
        self._targets: dict[str, Family] = {}
        self._pubs: dict[tuple[str, str], str] = {}
        self._virtual: dict[tuple[str, str], str] = {}
        """Dry run: what each object would become (a placeholder for one to be created)."""
        self.planned: list[dict[str, Any]] = []
        """Dry run: per object, its family, id, state, target operation and body."""
        for fam in families(self.source):
            if len(fam.by) == 2:
                api, env = fam.by
                for d in bundle.docs(fam.name):
                    self._pubs[(str(d.get(api)), str(d.get(env)))] = str(d[fam.own_field])

    # -- lookups --------------------------------------------------------------------------------
    def lookup(self, res: str, source_id: str) -> str | None:
        found = self.journal.target(res, source_id)
        if found is None and self.dry_run:
            found = self._virtual.get((res, source_id))
        return found

    def pub(self, api: str, env: str) -> str | None:
        """The source publication of a source API in a source environment: bindings name it by
        (API, environment), the journal maps it to the target's."""
        return self._pubs.get((api, env))

    async def existing(self, fam: Family, scope_target: str | None) -> list[dict[str, Any]]:
        """The target's objects of a family (per scope object), read once (by the first object to
        ask; the others wait for it) and kept up to date."""
        key = (fam.name, scope_target)
        if key in self._index:
            return self._index[key]
        async with self._listing.setdefault(key, anyio.Lock()):
            if key in self._index:
                return self._index[key]
            docs = await self._list_target(fam, scope_target)
            return self._index.setdefault(key, docs)

    async def _list_target(self, fam: Family, scope_target: str | None) -> list[dict[str, Any]]:
        tfam = self.target_of(fam)
        docs: list[dict[str, Any]] = []
        planned = scope_target is not None and scope_target.startswith(PLACEHOLDER)
        if tfam.list_op is not None and (tfam.scope is None or scope_target is not None) and not planned:
            path: dict[str, str] = {}
            query: dict[str, Any] = {}
            if tfam.scope_param is not None and scope_target is not None:
                part, name = tfam.scope_param
                (path if part == "path" else query)[name] = scope_target
            described = paging(self.target, tfam.list_op)
            if described is not None:
                docs = await self.api.list_all(
                    tfam.list_op, path=path, query=query, page_size=described.max_size
                )
            else:
                body = (await self.api.call(tfam.list_op, path=path, query=query)).body
                docs = list(body.get(tfam.items, [])) if isinstance(body, dict) and tfam.items else []
        return docs

    # -- one object -----------------------------------------------------------------------------
    def _given(self, fam: Family, doc: dict[str, Any]) -> dict[str, Any] | None:
        """The operator's secrets of ``doc`` (by its id, or by the value of its key field)."""
        if fam.secrets is None:
            return None
        section = self.secrets.get(fam.secrets["section"]) or {}
        key_field = fam.secrets.get("key")
        given: Any = section.get(str(doc.get(fam.own_field))) or section.get(str(doc.get(key_field or "")))
        if isinstance(given, str):
            given = {"secret": given}
        return given if isinstance(given, dict) else None

    def _secrets(self, fam: Family, doc: dict[str, Any], req: Request) -> None:
        if fam.secrets is None or not isinstance(req.body, dict) or "secret" not in fam.secrets:
            return
        key_field, secret_field = fam.secrets.get("key"), fam.secrets["secret"]
        given = self._given(fam, doc)
        if isinstance(given, dict) and given.get("secret"):
            if key_field and given.get("key"):
                req.body[key_field] = given["key"]
            req.body[secret_field] = given["secret"]
        elif not req.body.get(secret_field):  # not carried from the source either (v1.0 masks it)
            with self._lock:
                self.outcome.new_secrets.append({"family": fam.name, "id": str(doc.get(fam.own_field))})

    async def _one(self, fam: Family, doc: dict[str, Any]) -> str:
        source_id = str(doc[fam.own_field])
        why = fam.excluded(doc)
        if why is not None:
            with self._lock:
                self.outcome.not_migrated.append({"family": fam.name, "id": source_id, "why": why})
            return "not migrated"
        if source_id in fam.fixed:
            if not self.dry_run:
                self.journal.done(fam.name, source_id, "fixed", source_id)
            else:
                with self._lock:
                    self._virtual[(fam.name, source_id)] = source_id
            return "fixed"
        step = self.journal.step(fam.name, source_id)
        if step is not None and step.state in DONE and step.target_id:
            if not self.dry_run:  # the id map row too (a crash may have come between the two)
                self.journal.done(fam.name, source_id, step.state, step.target_id, step.undo)
            return step.state
        given = self._given(fam, doc)
        if fam.secrets is not None and fam.secrets.get("required") and given is None:
            with self._lock:
                self.outcome.new_secrets.append(
                    {"family": fam.name, "id": source_id, "why": "missing: left behind"}
                )
            return "not migrated"
        src = source_request(fam, {**doc, "_secret": given} if given else doc, self.pub)
        self._secrets(fam, doc, src)
        missing = missing_references(self.source, src, self.lookup)
        if missing:
            raise Blocked(f"needs what did not come across: {', '.join(missing[:3])}")
        req = to_target(self.source, src, self.lookup, self.project_id, self.instance_id)
        if req.notes:
            with self._lock:
                self.outcome.notes.setdefault(fam.name, [])
                for n in req.notes:
                    note = self.redact(str(n))
                    if note not in self.outcome.notes[fam.name]:
                        self.outcome.notes[fam.name].append(note)
                    if n.kind == "clamped":
                        self.outcome.altered.append(
                            {
                                "family": fam.name,
                                "id": source_id,
                                "field": n.path,
                                "change": self.redact(n.detail),
                            }
                        )
        scope_target = self.lookup(fam.scope, str(doc.get(SCOPE))) if fam.scope else None
        fresh = self._cannot_exist(step is not None, src)
        found = None if fresh else await self._find(fam, req, scope_target)
        if found is not None:
            found_id = str(found[self.target_of(fam).own_field])
            ours = step is not None and step.state == "intent"
            if ours:
                state = "created"
            elif self.on_conflict == "adopt" or self._same(fam, doc, req, found):
                state = "adopted"
            elif self.on_conflict == "skip":
                if not self.dry_run:
                    self.journal.skipped(fam.name, source_id, "exists with other content")
                return "skipped"
            else:
                raise Conflict(f"{fam.name} {source_id}: exists on the target with other content")
            if not self.dry_run:
                self.journal.done(fam.name, source_id, state, found_id, self._undo(fam, doc, found_id, req))
            else:
                self._plan(fam, source_id, state, req, found_id)
            return state
        if self.dry_run:
            self._plan(fam, source_id, "created", req, f"{PLACEHOLDER}{fam.name}-{source_id}")
            return "created"
        self.journal.intent(fam.name, source_id)
        await self._durable()
        answer = await self.api.call(req.op_id, path=req.path, query=req.query, body=req.body)
        target_id = own_id(self.target, req.op_id, fam.name, answer.body)
        if target_id is None:
            raise Blocked(f"{req.op_id} answered no id")
        self.journal.done(fam.name, source_id, "created", target_id, self._undo(fam, doc, target_id, req))
        with self._lock:
            index = self._index.get((fam.name, scope_target))
            if index is not None and isinstance(answer.body, dict):
                made = {**key_doc(fam, req), **answer.body}
                index.append(made)
                keyed = self._keyed.get((fam.name, scope_target))
                if keyed is not None:
                    keyed.setdefault(tuple(str(made.get(k)) for k in fam.key), made)
        return "created"

    def _same(self, fam: Family, doc: dict[str, Any], req: Request, found: dict[str, Any]) -> bool:
        """Whether ``found`` holds the content ``req`` would create, including the fields the
        source holds empty (which ``req`` leaves out: the target may have them set)."""
        empty: frozenset[str] = frozenset()
        if fam.create is None:
            full = source_request(fam, doc, self.pub, keep_empty=True)
            built = to_target(self.source, full, self.lookup, self.project_id, self.instance_id)
            empty = empty_fields(built.body, req.body)
        return same_content(req.body, found, empty)

    def redact(self, text: str) -> str:
        for value in self._hidden:
            text = text.replace(value, masked())
        return text

    def _plan(self, fam: Family, source_id: str, state: str, req: Request, target_id: str) -> None:
        with self._lock:
            self._virtual[(fam.name, source_id)] = target_id
            self.planned.append(
                {"family": fam.name, "id": source_id, "state": state, "op": req.op_id, "body": req.body}
            )

    def _undo(self, fam: Family, doc: dict[str, Any], target_id: str, req: Request) -> dict[str, Any] | None:
        undo = undo_request(fam, doc, self.pub)
        if undo is not None:
            return to_target(self.source, undo, self.lookup, self.project_id, self.instance_id).as_dict()
        deleting = delete_request(fam.name, self.target, target_id, req)
        return None if deleting is None else deleting.as_dict()

    def _cannot_exist(self, tried: bool, src: Request) -> bool:
        """Whether the target cannot hold the object yet: never tried (no intent journaled), and it
        names an object this import created (a new id: only this import can have used it)."""
        if tried or self.dry_run:
            return False
        return any(self.journal.state(res, sid) == "created" for res, sid in references(self.source, src))

    async def checked(self, fam: Family, req: Request) -> dict[str, Any]:
        """What the family's second read (``check`` in families.yaml) shows of the object created by
        ``req`` that its ``find`` does not (nothing when the family has none or no item matches)."""
        t = fam.check
        if t is None:
            return {}
        path = {k: str(req.value(v)) for k, v in (t.get("path") or {}).items()}
        query = {k: req.value(v) for k, v in (t.get("query") or {}).items()}
        answer = await self.api.call(str(t["op"]), path=path, query=query)
        items = answer.body.get(str(t["items"])) if isinstance(answer.body, dict) else None
        for item in items or ():
            if all(str(item.get(k)) == str(req.value(v)) for k, v in (t.get("match") or {}).items()) and all(
                item.get(k) == v for k, v in (t.get("where") or {}).items()
            ):
                return dict(item)
        return {}

    async def _find(self, fam: Family, req: Request, scope_target: str | None) -> dict[str, Any] | None:
        if fam.find is not None:
            t = fam.find
            path = {k: str(req.value(v)) for k, v in (t.get("path") or {}).items()}
            query = {k: req.value(v) for k, v in (t.get("query") or {}).items()}
            answer = await self.api.call(str(t["op"]), path=path, query=query, check=False)
            own = self.target_of(fam).own_field
            if answer.ok and isinstance(answer.body, dict) and t.get("items"):
                for item in answer.body.get(str(t["items"])) or ():
                    if all(str(item.get(k)) == str(req.value(v)) for k, v in t["match"].items()):
                        return dict(item)
                return None
            if answer.ok and isinstance(answer.body, dict) and answer.body.get(own):
                return {**answer.body, **await self.checked(fam, req)}
            if answer.status >= 500 or answer.status == 429:
                raise Blocked(f"{t['op']}: {answer.status} while looking for the object")
            return None
        if not fam.key:
            return None
        docs = await self.existing(fam, scope_target)
        with self._lock:
            keyed = self._keyed.get((fam.name, scope_target))
            if keyed is None:
                keyed = {}
                for d in docs:
                    keyed.setdefault(tuple(str(d.get(k)) for k in fam.key), d)
                self._keyed[(fam.name, scope_target)] = keyed
            return keyed.get(tuple(str(req.value(v)) for v in fam.key.values()))

    def target_of(self, fam: Family) -> Family:
        """``target_family`` of ``fam``, worked out once."""
        found = self._targets.get(fam.name)
        if found is None:
            found = self._targets[fam.name] = target_family(fam, self.target)
        return found

    def run(self) -> Outcome:
        """Import family by family (a family's objects may name only earlier families'), up to
        ``concurrency`` objects in flight, all on the client's event loop."""
        return self.client.run(self._run)

    async def _run(self) -> Outcome:
        with self.journal.grouped():
            for fam in families(self.source):
                await self._family(fam)
                self.journal.commit()  # before the next family's objects name these
        return self.outcome

    async def _durable(self) -> None:
        """Commit the intent just journaled before its create goes out; the other objects in
        flight journal theirs meanwhile and share the commit."""
        await anyio.sleep(0)
        self.journal.commit()

    async def _family(self, fam: Family) -> None:
        if fam.skip is not None or fam.with_parent:
            return
        docs = self.bundle.docs(fam.name)
        done = 0

        def finished(state: str) -> None:
            nonlocal done
            done += 1
            self.outcome.add(fam.name, state)
            if self.progress is not None:
                self.progress(fam.name, done, len(docs))

        await map_bounded(functools.partial(self._safe, fam), docs, self.concurrency, finished)

    async def _safe(self, fam: Family, doc: dict[str, Any]) -> str:
        source_id = str(doc.get(fam.own_field))
        try:
            return await self._one(fam, doc)
        except (ApiCallError, Blocked, Conflict, TranslationError) as exc:
            why = self.redact(_why(exc))
            if not self.dry_run:
                self.journal.failed(fam.name, source_id, why)
            kind = _KINDS.get(type(exc), "refused" if isinstance(exc, TranslationError) else "api")
            self.outcome.failures.append({"family": fam.name, "id": source_id, "kind": kind, "error": why})
            return "failed"


class Conflict(Exception):
    """An object of the same name exists on the target with other content."""


_KINDS: dict[type[Exception], str] = {Conflict: "conflict", Blocked: "blocked"}
"""A failure's kind by its exception (``refused``: a value the tables say the target does not
take; ``api``: the target answered an error)."""


def _why(exc: Exception) -> str:
    if isinstance(exc, ApiCallError):
        return f"{type(exc).__name__}: {exc}"
    return str(exc)


__all__ = ["Importer", "Outcome", "load_secrets"]
