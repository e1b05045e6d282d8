"""The emulators, the client and the spec's paging description agree: for each top-level list of
both versions, every window the description builds selects the same items the client's ``list_all``
returns, in the same order, and the answer's ``total``/``size`` count them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from core.conftest import BASE, Served

from translator.core.blocking import BlockingApiClient
from translator.core.catalog import resource
from translator.spec.paging import paging
from translator.types import Version

LIMITS = {"api_call_limits": 100, "time_interval": 1, "time_unit": "SECOND", "type": 1}
BODIES: dict[str, Callable[[int], dict[str, Any]]] = {
    "env": lambda n: {"name": f"env_paging_{n}"},
    "api_group": lambda n: {"name": f"group_paging_{n}"},
    "app": lambda n: {"name": f"app_paging_{n}"},
    "throttle": lambda n: {"name": f"throttle_paging_{n}", **LIMITS},
    "signature": lambda n: {"name": f"sign_paging_{n}"},
    "acl": lambda n: {
        "acl_name": f"acl_paging_{n}",
        "acl_type": "PERMIT",
        "acl_value": f"10.0.0.{n}",
        "entity_type": "IP",
    },
}
COUNT = 7


@pytest.mark.parametrize("version", ["v1.0", "v2"])
def test_windows_of_every_top_level_list(version: Version, serve: Callable[..., Served]) -> None:
    served = serve(version)
    with BlockingApiClient(BASE, version, **served.client_kwargs()) as client:
        for name, body in BODIES.items():
            res = resource(version, name)
            for n in range(COUNT):
                client.call(res.ops["create"], body=body(n))
            list_op = res.ops["list"]
            pages = paging(version, list_op)
            assert pages is not None, list_op
            every = client.list_all(list_op, page_size=3)
            ids = [row[res.id_field] for row in every]
            assert len(ids) == len(set(ids)) >= COUNT, (list_op, ids)
            # whole pages: v1.0 pages by number
            for offset, size in ((0, 1), (0, 3), (3, 3), (6, 3), (2, 2), (0, 500), (10, 5)):
                answer = client.call(list_op, query=pages.query(offset, size)).body
                got = [row[res.id_field] for row in answer[pages.items]]
                assert got == ids[offset : offset + size], (list_op, offset, size)
                assert answer[pages.count] == len(got) and answer[pages.total] == len(ids), list_op
