"""Migration tests: a v1.0 tenant built through the API and exported once per module, and fresh
v2 emulators served in process (ASGI) or on loopback sockets (for a subprocess to kill)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from emulator.certs import CERT, DOMAIN, KEY
from migrate.tenant import build_tenant

from translator.core.blocking import BlockingApiClient
from translator.core.retry import RetryPolicy
from translator.emulator.app import Emulator, create_app
from translator.emulator.config import EmulatorConfig
from translator.migrate.bundle import Bundle, read_bundle
from translator.migrate.export import export_tenant
from translator.migrate.families import families
from translator.migrate.importer import Importer, target_family
from translator.migrate.journal import Journal

BASE = "http://emulator.test"

SECRETS = {"certificates": {DOMAIN: {"cert_content": CERT, "private_key": KEY}}}
"""The operator's file, both ways: the tenant's certificate (neither version answers it)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``slow`` tests run when asked for (``-m slow``, or ``MIGRATE_SLOW=1``)."""
    if os.environ.get("MIGRATE_SLOW") == "1" or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or MIGRATE_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@dataclass
class Side:
    emu: Emulator
    transport: httpx.AsyncBaseTransport

    @property
    def project_id(self) -> str:
        return self.emu.config.project_id

    @property
    def instance_id(self) -> str:
        return self.emu.config.instance_id

    def client(self, retry: RetryPolicy | None = None) -> BlockingApiClient:
        version = self.emu.config.api
        extra: dict[str, Any] = {}
        if version == "v2":
            extra = {"project_id": self.project_id, "instance_id": self.instance_id}
        return BlockingApiClient(BASE, version, transport=self.transport, retry=retry, **extra)


def make_side(db: Path, version: str, **config: Any) -> Side:
    app = create_app(EmulatorConfig(api=version, db=str(db), **config))  # type: ignore[arg-type]
    return Side(app.state.emulator, httpx.ASGITransport(app=app))


@dataclass
class Tenant:
    bundle_dir: Path
    bundle: Bundle
    made: Counter[str]


@pytest.fixture(scope="module")
def tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tenant]:
    where = tmp_path_factory.mktemp("tenant")
    side = make_side(where / "v1.db", "v1.0")
    with side.client() as c:
        made = build_tenant(c, scale=2)
        export_tenant(c, str(where / "bundle"), BASE)
    side.emu.store.close()
    yield Tenant(where / "bundle", read_bundle(where / "bundle"), made)


@pytest.fixture(scope="module")
def back(tenant: Tenant, tmp_path_factory: pytest.TempPathFactory) -> Tenant:
    """The fixture tenant imported into v2 (its certificate too) and exported from there with
    ``export --api v2``'s reader: a bundle for the way back."""
    where = tmp_path_factory.mktemp("back")
    side = make_side(where / "v2.db", "v2")
    with side.client() as c, Journal(where / "j.db", "v1.0", "v2") as j:
        imp = Importer(
            tenant.bundle, c, j, project_id=side.project_id, instance_id=side.instance_id, secrets=SECRETS
        )
        assert imp.run().ok
        export_tenant(c, str(where / "bundle"), BASE)
    side.emu.store.close()
    return Tenant(where / "bundle", read_bundle(where / "bundle"), tenant.made)


@pytest.fixture
def v1(tmp_path: Path) -> Iterator[Callable[..., Side]]:
    """Fresh v1.0 emulators (a shared gateway for the way back), served in process."""
    made: list[Side] = []

    def make(**config: Any) -> Side:
        side = make_side(tmp_path / f"v1-{len(made)}.db", "v1.0", **config)
        made.append(side)
        return side

    yield make
    for side in made:
        side.emu.store.close()


@pytest.fixture
def v2(tmp_path: Path) -> Iterator[Callable[..., Side]]:
    made: list[Side] = []

    def make(**config: Any) -> Side:
        side = make_side(tmp_path / f"v2-{len(made)}.db", "v2", **config)
        made.append(side)
        return side

    yield make
    for side in made:
        side.emu.store.close()


def snapshot(c: BlockingApiClient, *, with_ids: bool = False) -> dict[str, list[tuple[str, ...]]]:
    """The target's objects per migrated family, as the sorted key values (ids left out), read
    through the API: what two runs that ended the same way must agree on. ``with_ids``: the whole
    key and the object it was listed per (two equal ones are a duplicate). A v2 side is read as
    the target of a v1.0 tenant, a v1.0 side as the target of the way back."""
    out: dict[str, list[tuple[str, ...]]] = {}
    ids: dict[str, list[str]] = {}
    kept: dict[str, list[dict[str, Any]]] = {}
    for fam in families("v2" if c.version == "v1.0" else "v1.0"):
        if fam.skip is not None or fam.with_parent or fam.not_migrated is not None:
            continue
        tfam = target_family(fam, c.version)
        if fam.source_from is not None:  # held by the documents of another family
            rule = fam.source_from
            held: list[dict[str, Any]] = []
            for holder in kept[rule["family"]]:
                value = holder.get(rule["field"])
                if isinstance(value, list):
                    held += [{**v, "_scope": holder.get("id")} for v in value]
                elif value:
                    held.append(
                        {"id": value, **{k: holder.get(v) for k, v in (rule.get("keep") or {}).items()}}
                    )
            kept[fam.name] = held
            ids[fam.name] = [str(d.get("id")) for d in held]
            out[fam.name] = sorted((str(d.get("domain", "")),) for d in held)
            continue
        assert tfam.list_op is not None
        scopes: list[str | None] = [None] if tfam.scope is None else list(ids.get(tfam.scope, []))
        docs: list[dict[str, Any]] = []
        scoped: list[str] = []
        for scope in scopes:
            path: dict[str, str] = {}
            query: dict[str, Any] = {}
            if tfam.scope_param is not None and scope is not None:
                part, name = tfam.scope_param
                (path if part == "path" else query)[name] = scope
            if tfam.items and tfam.list_op in ("api.version.list",):
                body = c.call(tfam.list_op, path=path, query=query).body
                docs += [d for d in body[tfam.items] if all(d.get(k) == v for k, v in fam.where.items())]
            else:
                docs += c.list_all(tfam.list_op, path=path, query=query)
            scoped += [str(scope)] * (len(docs) - len(scoped))
        ids[fam.name] = [str(d.get(tfam.own_field)) for d in docs]
        kept[fam.name] = docs
        if with_ids:
            keys = list(fam.key) or list(fam.by) or ["_none"]
            out[fam.name] = sorted(
                (s, *(str(d.get(k, "")) for k in keys)) for s, d in zip(scoped, docs, strict=True)
            )
            continue
        names = [k for k in fam.key if "_id" not in k] or ["_count"]
        out[fam.name] = sorted(tuple(str(d.get(k, "")) for k in names) for d in docs)
    return out
