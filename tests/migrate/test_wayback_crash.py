"""The way back interrupted right after a create answered and before the journal holds the new id
(the narrowest window: only the intent is journaled): the rerun finds the object by its unique
name and counts it as the import's own, for every family; no duplicate, nothing missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from migrate.conftest import SECRETS, Side, Tenant, make_side, snapshot

from translator.core.blocking import BlockingApiClient
from translator.migrate.families import families
from translator.migrate.importer import Importer
from translator.migrate.journal import Journal
from translator.migrate.requests import source_request, to_target
from translator.migrate.verify import verify


class _Killed(Exception):
    """The process dies: nothing after the create runs (an error the importer does not handle: it
    leaves the import as it is, as a kill would)."""


def _create_ops(back: Tenant) -> dict[str, str]:
    """Per family of the way back, the v1.0 operation creating its objects."""
    out: dict[str, str] = {}
    for fam in families("v2"):
        docs = back.bundle.docs(fam.name)
        if fam.skip or fam.with_parent or fam.not_migrated or fam.fixed or not docs:
            continue
        src = source_request(fam, docs[0], lambda _a, _e: "p")
        out[fam.name] = to_target("v2", src, lambda _r, i: i, "", "").op_id
    return out


def _import(back: Tenant, c: BlockingApiClient, journal: Path) -> Any:
    with Journal(journal, "v2", "v1.0") as j:
        return Importer(
            back.bundle, c, j, project_id="", instance_id="", concurrency=1, secrets=SECRETS
        ).run()


def _killed_at_create(back: Tenant, side: Side, journal: Path, op_id: str, sent: bool) -> None:
    """The import dies at its first ``op_id`` call: once it was answered (``sent``), or just before
    it was sent (the intent journaled, nothing created)."""
    with side.client() as c:
        real = c.client.call  # the importer sends through the async client on the blocking one's loop

        dead = [False]

        async def dying(op: str, **kw: Any) -> Any:
            if dead[0]:  # the process is gone: nothing else reaches the target
                raise _Killed
            if op == op_id and not sent:
                dead[0] = True
                raise _Killed
            answer = await real(op, **kw)
            if op == op_id:
                dead[0] = True
                raise _Killed
            return answer

        c.client.call = dying  # type: ignore[method-assign]
        with pytest.raises(_Killed):
            _import(back, c, journal)


FEW = (
    "api_group",
    "domain",
    "certificate",
    "env_variable",
    "app",
    "api",
    "publication",
    "throttle_binding",
    "app_auth",
)


@pytest.mark.parametrize("family", FEW)
def test_killed_between_create_and_journal(back: Tenant, tmp_path: Path, family: str) -> None:
    _check(back, tmp_path, family)


@pytest.mark.parametrize("family", ["certificate", "publication", "acl_binding"])
def test_killed_between_intent_and_create(back: Tenant, tmp_path: Path, family: str) -> None:
    """Found by key on the rerun would be wrong here: nothing was made (a certificate's domain is
    there without it), so the rerun must create it."""
    _check(back, tmp_path, family, sent=False)


@pytest.mark.slow
def test_killed_between_create_and_journal_in_every_family(back: Tenant, tmp_path: Path) -> None:
    for family in _create_ops(back):
        _check(back, tmp_path / family, family)


def _check(back: Tenant, where: Path, family: str, sent: bool = True) -> None:
    where.mkdir(parents=True, exist_ok=True)
    reference, crashed = make_side(where / "ref.db", "v1.0"), make_side(where / "crash.db", "v1.0")
    try:
        with reference.client() as c:
            assert _import(back, c, where / "ref.j").ok
            expected = snapshot(c)
        op_id = _create_ops(back)[family]
        _killed_at_create(back, crashed, where / "crash.j", op_id, sent)
        with Journal(where / "crash.j", "v2", "v1.0") as j:
            # the object created or not, its id not journaled (and maybe the intents after it)
            assert {s.resource for s in j.steps("intent")} == {family}
        with crashed.client() as c:
            rerun = _import(back, c, where / "crash.j")
            assert rerun.ok, rerun.failures[:3]
            keyed = snapshot(c, with_ids=True)
            assert {f: len(k) - len(set(k)) for f, k in keyed.items() if len(k) != len(set(k))} == {}
            assert snapshot(c) == expected
            with Journal(where / "crash.j", "v2", "v1.0") as j:
                assert j.steps("intent") == []
                checked = verify(back.bundle, c, j, project_id="", instance_id="")
            assert checked.ok, checked.differences[:3]
    finally:
        reference.emu.store.close()
        crashed.emu.store.close()
