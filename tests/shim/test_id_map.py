"""Old ids keep working: v1.0 ids in paths, queries and bodies go in as v2 ids and come back out;
objects made after the migration keep their v2 ids; rows added while the shim runs are seen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from shim.conftest import MakePair

from translator.cli import main
from translator.core.idmap import IdMapWriter
from translator.errors import IdMapError
from translator.shim.app import open_id_map

OLD_GROUP = "0ld0000000000000000000000000group"
OLD_API = "0ld00000000000000000000000000api"
OLD_LATE = "0ld000000000000000000000000late"


def _api(group_id: str, name: str) -> dict[str, Any]:
    return {
        "group_id": group_id,
        "name": name,
        "type": 1,
        "req_protocol": "HTTPS",
        "req_method": "GET",
        "req_uri": f"/{name}",
        "auth_type": "NONE",
        "backend_type": "MOCK",
        "mock_info": {"result_content": "x"},
    }


def test_old_ids_in_paths_queries_and_bodies(make_pair: MakePair, tmp_path: Path) -> None:
    map_file = tmp_path / "ids.db"
    writer = IdMapWriter(map_file, "v1.0", "v2")
    pair = make_pair(shim={"id_map": str(map_file), "id_map_check_every": 0.0})
    c = pair.client
    group = c.post("/v1.0/apigw/api-groups", json={"name": "grp_migrated"}).json()
    api = c.post("/v1.0/apigw/apis", json=_api(group["id"], "api_migrated")).json()
    writer.put("api_group", OLD_GROUP, group["id"])
    writer.put("api", OLD_API, api["id"])

    got = c.get(f"/v1.0/apigw/api-groups/{OLD_GROUP}")
    assert got.status_code == 200 and got.json()["id"] == OLD_GROUP
    listed = c.get("/v1.0/apigw/apis", params={"group_id": OLD_GROUP}).json()
    assert [(a["id"], a["group_id"]) for a in listed["apis"]] == [(OLD_API, OLD_GROUP)]
    fresh = c.post("/v1.0/apigw/apis", json=_api(OLD_GROUP, "api_after"))
    assert fresh.status_code == 201, fresh.text
    assert fresh.json()["group_id"] == OLD_GROUP
    assert fresh.json()["id"] not in (OLD_API, api["id"])
    assert c.get(f"/v1.0/apigw/apis/{fresh.json()['id']}").json()["id"] == fresh.json()["id"]
    assert c.get(f"/v1.0/apigw/apis/{api['id']}").json()["id"] == OLD_API

    late_group = c.post("/v1.0/apigw/api-groups", json={"name": "grp_late"}).json()
    assert c.get(f"/v1.0/apigw/api-groups/{OLD_LATE}").status_code == 404
    writer.put("api_group", OLD_LATE, late_group["id"])  # an import still running adds a row
    again = c.get(f"/v1.0/apigw/api-groups/{OLD_LATE}")
    assert again.status_code == 200 and again.json()["name"] == "grp_late"
    writer.close()


def test_a_way_back_journal_or_a_missing_map_is_refused_before_serving(tmp_path: Path) -> None:
    """A map of v2 ids to v1.0 ids would turn every id the wrong way: the shim refuses it, and the
    command says so in one line (exit 2) instead of starting."""
    back = tmp_path / "back.db"
    IdMapWriter(back, "v2", "v1.0").close()
    with pytest.raises(IdMapError, match=r"needs a map of v1\.0 ids to v2 ids"):
        open_id_map(str(back))
    forward = tmp_path / "forward.db"
    IdMapWriter(forward, "v1.0", "v2").close()
    open_id_map(str(forward)).close()
    for path, said in ((back, "a journal of the way back"), (tmp_path / "none.db", "no such id map")):
        result = CliRunner().invoke(
            main,
            [
                "shim",
                "--backend",
                "http://127.0.0.1:9",
                "--project-id",
                "p",
                "--instance-id",
                "i",
                "--id-map",
                str(path),
                "--port",
                "0",
            ],
        )
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and said in lines[0]


OLD_CHANNEL = "0ld000000000000000000000channel"


def test_an_apis_old_channel_id_goes_in_and_comes_back(make_pair: MakePair, tmp_path: Path) -> None:
    """``backend_api.vpc_info.vpc_id`` is a channel reference (the catalog): a legacy client names
    the channel by its old id, v2 gets the new one, the answer shows the old one again."""
    from shim.test_app import CHANNEL

    map_file = tmp_path / "ids.db"
    writer = IdMapWriter(map_file, "v1.0", "v2")
    pair = make_pair(shim={"id_map": str(map_file), "id_map_check_every": 0.0})
    c = pair.client
    channel = c.post("/v1.0/apigw/vpc-channels", json=CHANNEL).json()["id"]
    group = c.post("/v1.0/apigw/api-groups", json={"name": "grp_vpc"}).json()["id"]
    writer.put("vpc_channel", OLD_CHANNEL, channel)
    backend = {"req_protocol": "HTTP", "req_method": "GET", "req_uri": "/b", "timeout": 5000, "vpc_status": 1}
    body = {
        **_api(group, "api_vpc"),
        "backend_type": "HTTP",
        "backend_api": {**backend, "vpc_info": {"vpc_id": OLD_CHANNEL}},
    }
    del body["mock_info"]
    created = c.post("/v1.0/apigw/apis", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["backend_api"]["vpc_info"]["vpc_id"] == OLD_CHANNEL
    got = c.get(f"/v1.0/apigw/apis/{created.json()['id']}").json()
    assert got["backend_api"]["vpc_info"]["vpc_id"] == OLD_CHANNEL
    (stored,) = pair.emu.store.list(pair.emu.registry.resources["api"].kind)[0]
    assert stored["backend_api"]["vpc_channel_info"]["vpc_channel_id"] == channel
    bare = {**body, "req_protocol": "HTTPS", "backend_api": {**backend, "vpc_info": OLD_CHANNEL}}
    updated = c.put(f"/v1.0/apigw/apis/{created.json()['id']}", json=bare)  # the old id alone
    assert updated.status_code == 200, updated.text
    assert updated.json()["backend_api"]["vpc_info"] == {"vpc_id": OLD_CHANNEL}
    (stored,) = pair.emu.store.list(pair.emu.registry.resources["api"].kind)[0]
    assert stored["backend_api"]["vpc_channel_info"] == {"vpc_channel_id": channel}
    writer.close()
