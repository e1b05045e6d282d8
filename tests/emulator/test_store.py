"""Tests of the emulator's generic SQLite resource store."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from translator.emulator.store import (
    Conflict,
    NotFound,
    QuotaExceeded,
    ResourceKind,
    Store,
    StoreError,
)

GROUP = ResourceKind("group", unique=(("name",),), quota=5)
API = ResourceKind(
    "api",
    unique=(("group_id", "name"), ("group_id", "req_method", "req_uri")),
    parent="group_id",
    parent_kind="group",
)
STAGE_BINDING = ResourceKind("binding", unique=(("api_id", "env_id"),), parent="api_id", parent_kind="api")
APP = ResourceKind("app", unique=(("name",), ("app_secret",)), order_by="name")
NEWEST_FIRST = ResourceKind("event", order_by="-at")
PLAIN = ResourceKind("plain")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "emulator.db", kinds=(GROUP, API, STAGE_BINDING, APP))
    yield s
    s.close()


def test_create_generates_hex_id_and_get_round_trips(store: Store) -> None:
    doc = {"name": "g1", "remark": "first", "tags": ["a", "b"], "n": 1.5}
    created = store.create(GROUP, doc)
    assert re.fullmatch(r"[0-9a-f]{32}", created["id"])
    assert "id" not in doc  # the caller's dict is not touched
    assert created == {**doc, "id": created["id"]}
    assert store.get(GROUP, created["id"]) == created


def test_create_with_explicit_id_and_duplicate_id(store: Store) -> None:
    store.create(PLAIN, {"x": 1}, id="abc")
    assert store.get(PLAIN, "abc") == {"x": 1, "id": "abc"}
    with pytest.raises(Conflict) as err:
        store.create(PLAIN, {"x": 2}, id="abc")
    assert err.value.key_spec == ("id",)
    assert store.get(PLAIN, "abc")["x"] == 1
    assert store.create(PLAIN, {"id": "from-doc"})["id"] == "from-doc"
    with pytest.raises(ValueError):
        store.create(PLAIN, {}, id="")


def test_same_id_in_two_kinds_is_allowed(store: Store) -> None:
    store.create(PLAIN, {}, id="same")
    store.create(APP, {"name": "a"}, id="same")
    assert store.get(PLAIN, "same") == {"id": "same"}


def test_get_missing_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match=r"group 'nope' not found") as err:
        store.get(GROUP, "nope")
    assert isinstance(err.value, StoreError)
    assert (err.value.kind, err.value.id) == ("group", "nope")


def test_update_merges_top_level_fields(store: Store) -> None:
    g = store.create(GROUP, {"name": "g", "remark": "r", "nested": {"a": 1, "b": 2}})
    updated = store.update(GROUP, g["id"], {"remark": "r2", "nested": {"a": 3}, "extra": None})
    assert updated == {"id": g["id"], "name": "g", "remark": "r2", "nested": {"a": 3}, "extra": None}
    assert store.get(GROUP, g["id"]) == updated
    with pytest.raises(NotFound):
        store.update(GROUP, "missing", {"remark": "x"})
    with pytest.raises(ValueError):
        store.update(GROUP, g["id"], {"id": "other"})
    assert store.update(GROUP, g["id"], {"id": g["id"]})["id"] == g["id"]


def test_replace_drops_fields_and_keeps_position(store: Store) -> None:
    ids = [store.create(PLAIN, {"i": i})["id"] for i in range(3)]
    replaced = store.replace(PLAIN, ids[0], {"j": 9})
    assert replaced == {"j": 9, "id": ids[0]}
    page, _ = store.list(PLAIN)
    assert [d["id"] for d in page] == ids
    with pytest.raises(NotFound):
        store.replace(PLAIN, "missing", {})


def test_delete_returns_doc_and_frees_unique_key(store: Store) -> None:
    g = store.create(GROUP, {"name": "g"})
    assert store.delete(GROUP, g["id"]) == g
    with pytest.raises(NotFound):
        store.get(GROUP, g["id"])
    with pytest.raises(NotFound):
        store.delete(GROUP, g["id"])
    assert store.create(GROUP, {"name": "g"})["name"] == "g"


def test_list_pagination_and_total(store: Store) -> None:
    ids = [store.create(PLAIN, {"i": i})["id"] for i in range(25)]
    page, total = store.list(PLAIN, offset=0, limit=10)
    assert total == 25 and [d["id"] for d in page] == ids[:10]
    page, total = store.list(PLAIN, offset=20, limit=10)
    assert total == 25 and [d["i"] for d in page] == [20, 21, 22, 23, 24]
    assert store.list(PLAIN, offset=30, limit=10) == ([], 25)
    assert store.list(PLAIN, limit=0) == ([], 25)
    assert len(store.list(PLAIN)[0]) == 25
    assert store.list(GROUP) == ([], 0)
    with pytest.raises(ValueError):
        store.list(PLAIN, offset=-1)
    with pytest.raises(ValueError):
        store.list(PLAIN, limit=-1)


def test_list_where_and_match(store: Store) -> None:
    g1 = store.create(GROUP, {"name": "g1"})["id"]
    g2 = store.create(GROUP, {"name": "g2"})["id"]
    for i in range(6):
        store.create(
            API,
            {"group_id": g1 if i % 2 else g2, "name": f"api-{i}", "public": i < 3, "type": 1},
        )
    page, total = store.list(API, where={"group_id": g1})
    assert total == 3 and [d["name"] for d in page] == ["api-1", "api-3", "api-5"]
    assert store.count(API, {"group_id": g1, "public": True}) == 1
    assert store.count(API, {"type": True}) == 0  # True is not 1
    assert store.count(API, {"type": 1}) == 6
    assert store.count(API, {"missing": None}) == 6
    assert store.count(API, {"group_id": "other"}) == 0
    page, total = store.list(
        API, where={"group_id": g2}, match=lambda d: "2" in d["name"] or "4" in d["name"]
    )
    assert total == 2 and [d["name"] for d in page] == ["api-2", "api-4"]
    page, total = store.list(API, match=lambda d: d["public"], offset=1, limit=1)
    assert total == 3 and page[0]["name"] == "api-1"


def test_order_by_field_ascending_and_descending(store: Store) -> None:
    for name in ["b", "c", "a"]:
        store.create(APP, {"name": name})
    assert [d["name"] for d in store.list(APP)[0]] == ["a", "b", "c"]
    assert [d["name"] for d in store.list(APP, offset=1, limit=1)[0]] == ["b"]
    for at in [2, 3, None, 1]:
        store.create(NEWEST_FIRST, {"at": at})
    assert [d.get("at") for d in store.list(NEWEST_FIRST)[0]] == [None, 3, 2, 1]


def test_scoped_unique_keys(store: Store) -> None:
    g1 = store.create(GROUP, {"name": "g1"})["id"]
    g2 = store.create(GROUP, {"name": "g2"})["id"]
    a = store.create(API, {"group_id": g1, "name": "ping", "req_method": "GET", "req_uri": "/a"})
    store.create(API, {"group_id": g2, "name": "ping", "req_method": "GET", "req_uri": "/a"})
    with pytest.raises(Conflict) as err:
        store.create(API, {"group_id": g1, "name": "ping", "req_method": "GET", "req_uri": "/b"})
    assert err.value.kind == "api"
    assert err.value.key_spec == ("group_id", "name")
    assert err.value.values == (g1, "ping")
    assert err.value.existing_id == a["id"]
    assert "api" in str(err.value) and "'ping'" in str(err.value) and "\n" not in str(err.value)
    # second key spec; the failed create leaves nothing behind (its first key is free again)
    with pytest.raises(Conflict) as err:
        store.create(API, {"group_id": g1, "name": "pong", "req_method": "GET", "req_uri": "/a"})
    assert err.value.key_spec == ("group_id", "req_method", "req_uri")
    assert store.count(API, {"group_id": g1}) == 1
    store.create(API, {"group_id": g1, "name": "pong", "req_method": "GET", "req_uri": "/c"})


def test_unique_key_with_missing_field_is_not_enforced(store: Store) -> None:
    store.create(APP, {"name": "a"})
    store.create(APP, {"name": "b"})  # no app_secret on either: no collision
    store.create(APP, {"name": "c", "app_secret": None})
    assert store.count(APP) == 3


def test_conflict_message_redacts_secret_fields(store: Store) -> None:
    store.create(APP, {"name": "a", "app_secret": "s3cr3t-value"})
    with pytest.raises(Conflict) as err:
        store.create(APP, {"name": "b", "app_secret": "s3cr3t-value"})
    assert "s3cr3t-value" not in str(err.value)
    assert "app_secret" in str(err.value)


def test_update_rechecks_uniqueness(store: Store) -> None:
    a = store.create(GROUP, {"name": "a", "remark": "keep"})
    b = store.create(GROUP, {"name": "b"})
    with pytest.raises(Conflict) as err:
        store.update(GROUP, b["id"], {"name": "a"})
    assert err.value.existing_id == a["id"]
    assert store.get(GROUP, b["id"]) == b
    assert store.update(GROUP, a["id"], {"name": "a", "remark": "x"})["remark"] == "x"
    store.update(GROUP, a["id"], {"name": "c"})
    store.update(GROUP, b["id"], {"name": "a"})  # "a" was freed by the rename
    with pytest.raises(Conflict):
        store.replace(GROUP, a["id"], {"name": "a"})
    with pytest.raises(Conflict):
        store.create(GROUP, {"name": "c"})


def test_quota_per_kind_and_per_parent(store: Store) -> None:
    groups = [store.create(GROUP, {"name": f"g{i}"}) for i in range(5)]
    with pytest.raises(QuotaExceeded, match="group: quota of 5") as err:
        store.create(GROUP, {"name": "g5"})
    assert err.value.quota == 5
    assert store.count(GROUP) == 5
    store.delete(GROUP, groups[0]["id"])
    store.create(GROUP, {"name": "g5"})

    per_parent = ResourceKind("env_var", parent="env_id", quota=2)
    for env in ("e1", "e2"):
        for i in range(2):
            store.create(per_parent, {"env_id": env, "i": i})
    with pytest.raises(QuotaExceeded) as err:
        store.create(per_parent, {"env_id": "e1", "i": 3})
    assert (err.value.scope_field, err.value.scope) == ("env_id", "e1")
    moving = store.create(per_parent, {"env_id": "e3"})
    with pytest.raises(QuotaExceeded):
        store.update(per_parent, moving["id"], {"env_id": "e2"})
    assert store.get(per_parent, moving["id"])["env_id"] == "e3"
    store.update(per_parent, moving["id"], {"i": 1})  # same scope: no quota check


def test_delete_cascades_to_registered_children(store: Store) -> None:
    g1 = store.create(GROUP, {"name": "g1"})["id"]
    g2 = store.create(GROUP, {"name": "g2"})["id"]
    a1 = store.create(API, {"group_id": g1, "name": "x"})["id"]
    a2 = store.create(API, {"group_id": g2, "name": "x"})["id"]
    store.create(STAGE_BINDING, {"api_id": a1, "env_id": "e"})
    store.create(STAGE_BINDING, {"api_id": a2, "env_id": "e"})
    store.delete(GROUP, g1)
    assert store.count(API) == 1 and store.get(API, a2)["group_id"] == g2
    assert [b["api_id"] for b in store.list(STAGE_BINDING)[0]] == [a2]
    store.create(STAGE_BINDING, {"api_id": a1, "env_id": "e"})  # children's unique keys were freed


def test_clear(store: Store) -> None:
    store.create(GROUP, {"name": "g"})
    store.create(PLAIN, {})
    store.clear(GROUP)
    assert store.count(GROUP) == 0 and store.count(PLAIN) == 1
    store.create(GROUP, {"name": "g"})
    store.clear()
    assert store.count(GROUP) == 0 and store.count(PLAIN) == 0


def test_persistence_across_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with Store(path) as s:
        g = s.create(GROUP, {"name": "kept"})
        s.update(GROUP, g["id"], {"remark": "updated"})
        gone = s.create(GROUP, {"name": "gone"})
        s.delete(GROUP, gone["id"])
    with Store(str(path)) as s:
        assert s.list(GROUP) == ([{"name": "kept", "id": g["id"], "remark": "updated"}], 1)
        with pytest.raises(Conflict):
            s.create(GROUP, {"name": "kept"})
        s.create(GROUP, {"name": "gone"})


def test_committed_write_survives_process_exit_without_close(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    code = (
        "import os, sys\n"
        "from translator.emulator.store import ResourceKind, Store\n"
        "s = Store(sys.argv[1])\n"
        "s.create(ResourceKind('group', unique=(('name',),)), {'name': 'durable'}, id='g1')\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60, env=env)
    with Store(path) as s:
        assert s.get(GROUP, "g1") == {"name": "durable", "id": "g1"}


def test_closed_store_raises(tmp_path: Path) -> None:
    s = Store(tmp_path / "x.db")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        s.get(GROUP, "x")
    with pytest.raises(StoreError, match="closed"):
        s.create(GROUP, {"name": "x"})


@pytest.mark.parametrize("connections", [1, 2])
def test_concurrent_creates_with_one_collision(store: Store, connections: int) -> None:
    """50 threads; with 2 connections the database alone (not the store's lock) arbitrates."""
    stores = [store] + [Store(store.path) for _ in range(connections - 1)]
    names = [f"n{i}" for i in range(49)] + ["n8"]  # indexes 8 and 49: different connections
    kind = ResourceKind("channel", unique=(("name",),))
    start = threading.Barrier(len(names))
    conflicts: list[Conflict] = []
    other_errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(i: int, name: str) -> None:
        try:
            start.wait(timeout=30)
            stores[i % connections].create(kind, {"name": name})
        except Conflict as exc:
            with lock:
                conflicts.append(exc)
        except BaseException as exc:
            with lock:
                other_errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i, n), daemon=True) for i, n in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for extra in stores[1:]:
        extra.close()
    assert not any(t.is_alive() for t in threads), "worker threads did not finish"
    assert other_errors == []
    assert len(conflicts) == 1 and conflicts[0].values == ("n8",)
    docs, total = store.list(kind)
    assert total == 49
    assert sorted(d["name"] for d in docs) == sorted(set(names))


def test_transaction_rolls_back_on_exception(store: Store) -> None:
    keep = store.create(GROUP, {"name": "keep"})
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.create(GROUP, {"name": "a"})
        tx.update(GROUP, keep["id"], {"remark": "changed"})
        tx.delete(PLAIN, tx.create(PLAIN, {})["id"])
        raise RuntimeError("boom")
    assert store.list(GROUP) == ([keep], 1)
    assert store.count(PLAIN) == 0


def test_transaction_commits_and_nests(store: Store) -> None:
    with store.transaction():
        store.create(GROUP, {"name": "outer"})
        with store.transaction():
            store.create(GROUP, {"name": "inner"})
        try:
            with store.transaction():
                store.create(GROUP, {"name": "undone"})
                raise KeyError("inner failure")
        except KeyError:
            pass
        with pytest.raises(Conflict):  # a failed operation does not poison the transaction
            store.create(GROUP, {"name": "outer"})
        store.create(GROUP, {"name": "last"})
    assert [g["name"] for g in store.list(GROUP)[0]] == ["outer", "inner", "last"]


def test_transaction_blocks_other_threads_until_commit(store: Store) -> None:
    seen: list[int] = []
    with store.transaction():
        store.create(PLAIN, {})
        t = threading.Thread(target=lambda: seen.append(store.count(PLAIN)), daemon=True)
        t.start()
        t.join(timeout=0.2)
        assert t.is_alive()  # waiting for the transaction
        store.create(PLAIN, {})
    t.join(timeout=10)
    assert seen == [2]


def test_resource_kind_validation() -> None:
    with pytest.raises(ValueError):
        ResourceKind("")
    with pytest.raises(ValueError):
        ResourceKind("k", unique=((),))
    with pytest.raises(ValueError):
        ResourceKind("k", quota=-1)
    kind = ResourceKind("k", unique=[["a", "b"]])  # type: ignore[arg-type]
    assert kind.unique == (("a", "b"),) and hash(kind)


def test_register_rejects_conflicting_declarations(store: Store) -> None:
    store.register(GROUP)
    with pytest.raises(ValueError):
        store.register(ResourceKind("group"))


def test_a_filter_is_answered_from_an_index_of_its_field(store: Store) -> None:
    kind = ResourceKind("grant")
    store.register(kind)
    with store.transaction():
        for i in range(50):
            store.create(kind, {"api_id": f"a{i % 10}", "env_id": "e1", "n": i})
    docs, total = store.list(kind, {"api_id": "a3", "env_id": "e1"})
    assert total == 5 and [d["n"] for d in docs] == [3, 13, 23, 33, 43]
    plan = (
        store._connection()
        .execute(  # the planner's own account of the query
            "EXPLAIN QUERY PLAN SELECT doc FROM docs WHERE kind = ? AND "
            "json_extract(CAST(doc AS TEXT), '$.api_id') = ?",
            ("grant", "a3"),
        )
        .fetchall()
    )
    assert "docs_field_api_id" in str(plan)
    store.update(kind, docs[0]["id"], {"api_id": "a4"})  # the index follows the writes
    assert store.list(kind, {"api_id": "a3"})[1] == 4 and store.list(kind, {"api_id": "a4"})[1] == 6


def _plans(store: Store, call: Callable[[], object]) -> list[str]:
    """The query plans of the SELECTs ``call`` makes the store run (as SQLite explains them)."""
    conn = store._connection()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)  # the SQL as run, its values filled in
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    return [str(conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()) for sql in selects]


def test_a_filter_with_the_parent_is_answered_by_the_parents_index(store: Store) -> None:
    """With a field of two values indexed (``env_id``), a filter naming the parent and that field
    still looks up by the parent, not by half the kind."""
    kind = ResourceKind("edition", parent="api_id")
    store.register(kind)
    with store.transaction():
        for i in range(40):
            store.create(kind, {"api_id": f"a{i // 2}", "env_id": f"e{i % 2}", "n": i})
    assert store.list(kind, {"env_id": "e1"})[1] == 20  # env_id now has its index
    assert any("docs_field_env_id" in p for p in _plans(store, lambda: store.list(kind, {"env_id": "e1"})))
    found: list[object] = []
    plans = _plans(store, lambda: found.append(store.list(kind, {"api_id": "a3", "env_id": "e1"})))
    assert found == [([{"api_id": "a3", "env_id": "e1", "n": 7, "id": found[0][0][0]["id"]}], 1)]  # type: ignore[index]
    assert plans and all("docs_scope" in p and "docs_field_env_id" not in p for p in plans)
