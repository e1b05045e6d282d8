"""The emulators page lists as the spec describes them (translator.spec.paging)."""

from __future__ import annotations

from typing import Any

import httpx
from emulator.conftest import TOKEN

from translator.emulator.app import Emulator


def _v1(url: str) -> httpx.Client:
    return httpx.Client(base_url=url + "/v1.0/apigw", headers={"X-Auth-Token": TOKEN}, timeout=10)


def _apis(http: httpx.Client, **query: Any) -> dict[str, Any]:
    r = http.get("/apis", params=query)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_v1_page_size_zero_lists_every_api(v1_server: tuple[str, Emulator]) -> None:
    """api.list: "page_size值为0时，返回所有API" (more than the default page of 20)."""
    http = _v1(v1_server[0])
    group = http.post("/api-groups", json={"name": "paging_group"}).json()["id"]
    for n in range(25):
        api = {
            "group_id": group,
            "name": f"api_paging_{n:02d}",
            "type": 1,
            "req_protocol": "HTTPS",
            "req_method": "GET",
            "req_uri": f"/paging/{n}",
            "auth_type": "NONE",
            "backend_type": "MOCK",
        }
        assert http.post("/apis", json=api).status_code == 201
    every = _apis(http, group_id=group, page_size=0)
    assert (every["total"], every["size"], len(every["apis"])) == (25, 25, 25)
    assert len(_apis(http, group_id=group)["apis"]) == 20
    assert len(_apis(http, group_id=group, page_no=2, page_size=20)["apis"]) == 5
    assert _apis(http, group_id=group, page_no=3, page_size=20)["apis"] == []
    # other lists document no "every item" size: 0 is the default page
    assert _apis(http, group_id=group, page_size=10)["size"] == 10
    groups = http.get("/api-groups", params={"page_size": 1}).json()
    assert groups["size"] == 1
