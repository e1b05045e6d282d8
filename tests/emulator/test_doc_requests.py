"""Every doc request sample, sent over HTTP to a live emulator, gets the documented success status.

Each sample runs against a fresh emulator (its own database) in which a small *world* is built
lazily through the emulator's own API: the objects the sample references are created on first
use (``RECIPES``), then the docs' made-up ids are replaced by the world's (``REFS``): the op's path
parameters, and the id-valued fields of its body (at any depth) and query. Nothing else of a
sample changes; the keys its ``known_errors`` mark as wrong are left out. The world's objects are
named ``world_*``, which no sample uses, and no two samples share an emulator, so names never
collide. Samples wrong in themselves are listed in ``EXPECTED_REJECTIONS`` and must be rejected
with the listed documented 4xx (so the list cannot go stale).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from translator.core.blocking import BlockingApiClient
from translator.core.client import ApiResult
from translator.core.forms import takes_form
from translator.core.retry import RetryPolicy
from translator.emulator.app import Emulator
from translator.emulator.config import EmulatorConfig
from translator.emulator.registry import registry_for
from translator.emulator.serve import running
from translator.emulator.special.publish import RELEASE_ENV_ID
from translator.spec import OperationSpec, load_spec
from translator.types import Version

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
VERSIONS: tuple[Version, ...] = ("v1.0", "v2")

# Field (or path/query parameter) name -> the kind of world object its value names. A list value
# names as many distinct objects. Kinds are the emulator's resource names, plus ``release_env``.
REFS: dict[str, str] = {
    "group_id": "api_group",
    "api_id": "api",
    "api_ids": "api",
    "apis": "api",
    "env_id": "release_env",  # the samples publish, authorize and bind in RELEASE
    "app_id": "app",
    "app_ids": "app",
    "acl_id": "acl",
    "acls": "acl",
    "acl_bindings": "acl_binding",
    "throttle_bindings": "throttle_binding",
    "sign_id": "signature",
    "strategy_id": "throttle",
    "throttle_id": "throttle",
    "vpc_channel_id": "vpc_channel",
    "vpc_id": "vpc_channel",
    "authorizer_id": "authorizer",
    "domain_id": "domain",
    "publish_ids": "publication",
    "version_id": "api_version",
}
# Fields naming an object of the kind their sibling type field says (throttling exceptions).
TYPED_REFS: dict[str, tuple[str, str, str]] = {
    "instance_id": ("instance_type", "APP", "app"),  # v1.0 throttle.special.*
    "object_id": ("object_type", "APP", "app"),  # v2 throttle.special.*
}
# Bodies that are a bare JSON array of ids: the kind of their items.
BARE_ARRAYS: dict[str, str] = {"openapi.export_apis": "api"}
# Ids the samples use that are real in every emulator: kept as they are.
REAL_IDS = frozenset({RELEASE_ENV_ID})
# Values of required query parameters the spec gives no enum for (else: the enum's first value).
QUERY_VALUES: dict[str, str] = {
    "action": "delete",  # batch deletes: "action ... 必须为delete"
    "mode": "merge",  # Swagger import into an existing group: merge or override
}
# Ops whose request is a multipart/form-data form (the v2 Swagger import): the API client sends them so.
FORM_OPS = frozenset({("v2", "openapi.import")})

# (version, op_id, sample index) -> (documented error code, why the doc sample itself is wrong).
EXPECTED_REJECTIONS: dict[tuple[str, str, int], tuple[str, str]] = {
    # Placeholders, not PEM: the page's example is
    # {"cert_content": "example", "name": "test_ssl", "private_key": "example"}.
    ("v1.0", "domain.certificate.create", 0): ("APIG.2106", "certificate and key are placeholders"),
    # The example swaps the two PEM blocks and wraps each in quotes:
    # "cert_content": "'-----BEGIN PRIVATE KEY-----\n...", "private_key": "'-----BEGIN CERTIFICATE-----\n...".
    ("v2", "domain.certificate.create", 0): ("APIG.2106", "cert_content holds the private key"),
    # The page's only response example answers this very request ({"group_id": ..., "define": "all"},
    # no env_id) with 400 {"error_code": "APIG.2001", "error_msg": "The request parameters must be
    # specified,parameterName:env_id. ..."}: exporting published definitions needs the environment.
    ("v2", "openapi.export", 0): ("APIG.2001", "no env_id: the page's own 400 example"),
    # The example gives "file_name": "APIGroup_test.json" (the upload's name) where the multipart
    # part must carry the Swagger document (a known error, left out): the required file is missing.
    ("v2", "openapi.import", 0): ("APIG.2001", "the document itself is not in the example"),
    # The mock policy's name "Mock policy backend" holds spaces, which its own table's rule
    # (字符串由中文、英文字母、数字、下划线组成) does not allow (DERIVATION.md lists it).
    ("v2", "api.create", 3): ("APIG.2011", "policy_mocks[].name holds spaces"),
}


def _cases() -> Iterator[tuple[Version, str, int, Any]]:
    for version in VERSIONS:
        served = registry_for(version).handlers
        for path in sorted((SAMPLES / version).glob("*.json")):
            if path.stem not in served:
                continue
            sample = json.loads(path.read_text(encoding="utf-8"))
            wrong = [e["path"] for e in sample.get("known_errors") or [] if e["part"] == "request"]
            for index, body in enumerate(sample.get("request") or []):
                yield version, path.stem, index, _without(copy.deepcopy(body), wrong)


def _without(body: Any, paths: list[str]) -> Any:
    """``body`` without the keys at ``paths`` (``a.b``, ``items[].c``)."""
    for dotted in paths:
        nodes = [body]
        *parents, last = dotted.split(".")
        for part in parents:
            nodes = [n.get(part.removesuffix("[]")) for n in nodes if isinstance(n, dict)]
            if part.endswith("[]"):
                nodes = [item for n in nodes if isinstance(n, list) for item in n]
        for node in nodes:
            if isinstance(node, dict):
                node.pop(last.removesuffix("[]"), None)
    return body


CASES = list(_cases())


@dataclass(frozen=True)
class Recipe:
    """How the world makes object ``i`` of a kind: the op, its path values and body; which
    response key holds the id, and other kinds the response also yields (kind -> key)."""

    op: str
    body: Callable[[World, int], Any]
    path: Callable[[World, int], dict[str, str]] = lambda w, i: {}
    key: str = "id"
    also: dict[str, str] = field(default_factory=dict)
    then: tuple[str, ...] = ()
    """Kinds made right after (with the same index), e.g. an API is published at once."""


def _api(w: World, i: int) -> dict[str, Any]:
    return {
        "group_id": w("api_group"),
        "name": f"world_api_{i}",
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": f"/world/{i}",
        "auth_type": "APP",
        "backend_type": "MOCK",
        "mock_info": {"result_content": "ok"},
    }


COMMON: dict[str, Recipe] = {
    "api_group": Recipe("api_group.create", lambda w, i: {"name": f"world_group_{i}"}),
    "env": Recipe("env.create", lambda w, i: {"name": f"world_env_{i}"}),
    # every world API is published in RELEASE at once: samples authorize, bind and export them
    "api": Recipe("api.create", _api, then=("publication",)),
    "app": Recipe("app.create", lambda w, i: {"name": f"world_app_{i}"}),
    "acl": Recipe(
        "acl.create",
        lambda w, i: {
            "acl_name": f"world_acl_{i}",
            "acl_type": "PERMIT",
            "acl_value": f"10.0.0.{i + 1}",
            "entity_type": "IP",
        },
    ),
    "acl_binding": Recipe(
        "acl.binding.create", lambda w, i: {"acl_id": w("acl"), "publish_ids": [w("publication", i)]}
    ),
    "throttle": Recipe(
        "throttle.create",
        lambda w, i: {
            "name": f"world_throttle_{i}",
            "api_call_limits": 100,
            "time_interval": 1,
            "time_unit": "SECOND",
        },
    ),
    "throttle_binding": Recipe(
        "throttle.binding.create",
        lambda w, i: {"strategy_id": w("throttle"), "publish_ids": [w("publication", i)]},
    ),
    "signature": Recipe("signature.create", lambda w, i: {"name": f"world_sign_{i}"}),
    "authorizer": Recipe(
        "authorizer.create",
        lambda w, i: {
            "name": f"world_authorizer_{i}",
            "type": "FRONTEND",
            "authorizer_type": "FUNC",
            "authorizer_uri": f"urn:fss:world:function:default:world_{i}",
        },
    ),
    "domain": Recipe(
        "domain.create",
        lambda w, i: {"url_domain": f"world{i}.example.com"},
        path=lambda w, i: {"group_id": w("api_group")},
    ),
}
RECIPES: dict[Version, dict[str, Recipe]] = {
    "v1.0": {
        **COMMON,
        "publication": Recipe(
            "api.publish",
            lambda w, i: {"env_id": RELEASE_ENV_ID},
            path=lambda w, i: {"api_id": w("api", i)},
            key="publish_id",
            also={"api_version": "version_id"},
        ),
        "vpc_channel": Recipe(
            "vpc_channel.create",
            lambda w, i: {
                "name": f"world_channel_{i}",
                "type": 2,
                "port": 80,
                "vpc_instances": [{"instance_id": f"world-ecs-{i}", "instance_name": "world_ecs"}],
            },
        ),
        "throttle_special": Recipe(
            "throttle.special.create",
            lambda w, i: {
                "call_limits": 5,
                "instance_id": w("app", i),
                "instance_type": "APP",
                "strategy_id": w("throttle"),
            },
        ),
    },
    "v2": {
        **COMMON,
        "publication": Recipe(
            "api.publish_or_offline",
            lambda w, i: {"action": "online", "api_id": w("api", i), "env_id": RELEASE_ENV_ID},
            key="publish_id",
            also={"api_version": "version_id"},
        ),
        "vpc_channel": Recipe(
            "vpc_channel.create",
            lambda w, i: {
                "name": f"world_channel_{i}",
                "type": 2,
                "port": 80,
                "balance_strategy": 1,
                "member_type": "ip",
                "members": [{"host": f"10.1.0.{i + 1}"}],
            },
        ),
        "throttle_special": Recipe(
            "throttle.special.create",
            lambda w, i: {"call_limits": 5, "object_id": w("app", i), "object_type": "APP"},
            path=lambda w, i: {"throttle_id": w("throttle")},
        ),
    },
}


class World:
    """The objects samples reference, made on first use through the emulator's API."""

    def __init__(self, url: str, emu: Emulator) -> None:
        self.version = emu.config.api
        self.fixed = set(load_spec(self.version).prefix_params)
        self.client = BlockingApiClient(
            url,
            self.version,
            project_id=emu.config.project_id,
            instance_id=emu.config.instance_id,
            timeout=httpx.Timeout(10),
            retry=RetryPolicy.never(),
        )
        self.registry = emu.registry
        self.ids: dict[str, dict[int, str]] = {}

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def __call__(self, kind: str, index: int = 0) -> str:
        if kind == "release_env":  # seeded by every emulator
            return RELEASE_ENV_ID
        made = self.ids.setdefault(kind, {})
        if index not in made:
            recipes = RECIPES[self.version]
            maker = next((k for k, r in recipes.items() if kind in r.also), kind)
            self._make(maker, recipes[maker], index)
        return made[index]

    def _make(self, kind: str, recipe: Recipe, index: int) -> None:
        op = load_spec(self.version).operation(recipe.op)
        r = self.send(op, recipe.path(self, index), recipe.body(self, index))
        assert r.status == op.success_status, (kind, index, r.status, r.body)
        out = r.body
        if isinstance(out, dict) and recipe.key in out:
            first = out
        else:  # a batch: the first row, from a bare array or the body's list
            rows = out if isinstance(out, list) else next(v for v in out.values() if isinstance(v, list))
            first = rows[0]
        self.ids.setdefault(kind, {})[index] = str(first[recipe.key])
        for other, key in recipe.also.items():
            self.ids.setdefault(other, {})[index] = str(first[key])
        for after in recipe.then:
            self(after, index)

    def send(
        self, op: OperationSpec, path: dict[str, str], body: Any, query: dict[str, str] | None = None
    ) -> ApiResult:
        """Send ``op`` through the API client (a form when the op takes one: ``FORM_OPS``)."""
        return self.client.call(op.id, path=path, query=query, body=body, check=False)

    # -- substitution -------------------------------------------------------------------------

    def path_kind(self, op: OperationSpec, param: str) -> str:
        """The kind a path parameter names: the op's own resource (or its parent), else ``REFS``."""
        family = op.id.rsplit(".", 1)[0]
        for res in self.registry.resources.values():
            if not any(o == op.id or o.rsplit(".", 1)[0] == family for o in res.ops.values()):
                continue
            if param == res.id_param:
                return res.name
            if param == res.parent_param and res.parent_kind is not None:
                return res.parent_kind
        return REFS[param]

    def ref(self, kind: str, value: Any) -> Any:
        if isinstance(value, list):
            return [v if v in REAL_IDS else self(kind, i) for i, v in enumerate(value)]
        return value if value in REAL_IDS else self(kind)

    def substitute(self, data: Any) -> Any:
        """``data`` with every id-valued field naming a world object."""
        if isinstance(data, list):
            return [self.substitute(item) for item in data]
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            typed = TYPED_REFS.get(key)
            if key in REFS and isinstance(value, str | list):
                out[key] = self.ref(REFS[key], value)
            elif typed is not None and data.get(typed[0]) == typed[1]:
                out[key] = self.ref(typed[2], value)
            else:
                out[key] = self.substitute(value)
        return out

    def request(self, op: OperationSpec, body: Any) -> ApiResult:
        path = {p.name: self(self.path_kind(op, p.name)) for p in op.path_params if p.name not in self.fixed}
        query = {}
        for q in op.query:
            if q.name in REFS:
                query[q.name] = self(REFS[q.name])
            elif q.required:
                query[q.name] = str(q.enum[0]) if q.enum else QUERY_VALUES[q.name]
        if op.id in BARE_ARRAYS:
            body = self.ref(BARE_ARRAYS[op.id], body)
        return self.send(op, path, self.substitute(body), query)


@pytest.mark.parametrize(
    ("version", "op_id", "index", "body"), CASES, ids=[f"{v}-{o}-{i}" for v, o, i, _ in CASES]
)
def test_doc_request_sample(version: Version, op_id: str, index: int, body: Any, tmp_path: Path) -> None:
    op = load_spec(version).operation(op_id)
    config = EmulatorConfig(api=version, port=0, db=str(tmp_path / "emu.db"))
    with running(config) as (url, emu), World(url, emu) as world:
        r = world.request(op, body)
    rejection = EXPECTED_REJECTIONS.get((version, op_id, index))
    if rejection is not None:
        assert 400 <= r.status < 500, (r.status, r.body)
        error = r.body
        assert set(error) == {"error_code", "error_msg"} and re.fullmatch(r"APIG\.\d{4}", error["error_code"])
        assert error["error_code"] == rejection[0], error
        return
    assert r.status == op.success_status, (r.status, r.body)
    out = r.body if r.headers.get("content-type") == "application/json" else None
    if isinstance(out, dict):  # a batch is accepted as a whole: nothing in it failed
        assert not out.get("failure"), out["failure"]


def test_every_served_sampled_op_is_covered() -> None:
    assert set(EXPECTED_REJECTIONS) <= {(v, o, i) for v, o, i, _ in CASES}
    forms = {(v, op.id) for v in VERSIONS for op in load_spec(v).operations.values() if takes_form(op)}
    assert forms == FORM_OPS
    for version in VERSIONS:
        ops = {o for v, o, _, _ in CASES if v == version}
        assert len(ops) >= 35, (version, len(ops))
