"""Every v1.0 doc request sample, replayed through the shim over a v2 emulator, gets the documented
status (the world of objects each sample references is built through the shim too, as in
``tests/emulator/test_doc_requests.py``, whose machinery this reuses)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from emulator.test_doc_requests import CASES, EXPECTED_REJECTIONS, World
from shim.conftest import shim_config

from translator.emulator.config import EmulatorConfig
from translator.emulator.registry import registry_for
from translator.emulator.serve import running
from translator.mapping.load import load_mappings
from translator.shim.config import ShimConfig
from translator.shim.serve import running as shim_running
from translator.spec import load_spec

V1_CASES = [(op_id, index, body) for version, op_id, index, body in CASES if version == "v1.0"]
SHIM_REJECTIONS: dict[tuple[str, int], tuple[str, str]] = {
    # mappings/api.yaml: "v2 requires the action query parameter, which v1.0 may omit; send it."
    # The v1.0 spec data gives the parameter no default the shim could send for the caller.
    ("api.batch_publish_or_offline", 0): ("APIG.2001", "v2 requires action; v1.0 documents no default"),
    # mappings/api.yaml: "v2 requires req_protocol, which v1.0 may omit (default HTTPS): the
    # translator fills no defaults"; the v1.0 spec data has no default for it either.
    ("api.create", 0): ("APIG.2001", "v2 requires req_protocol; the v1.0 spec data has no default"),
}
"""(op, sample index) -> (code, why) for samples v2 refuses where v1.0 accepts them (the tables'
notes name each difference)."""


def _world(url: str, config: ShimConfig) -> World:
    v1 = SimpleNamespace(
        config=EmulatorConfig(api="v1.0", project_id=config.project_id, instance_id=config.instance_id),
        registry=registry_for("v1.0"),
    )
    return World(url, v1)  # type: ignore[arg-type]


@pytest.mark.parametrize(("op_id", "index", "body"), V1_CASES, ids=[f"{o}-{i}" for o, i, _ in V1_CASES])
def test_doc_request_sample_through_the_shim(op_id: str, index: int, body: Any, tmp_path: Path) -> None:
    op = load_spec("v1.0").operation(op_id)
    backend = EmulatorConfig(api="v2", port=0, db=str(tmp_path / "v2.db"))
    with running(backend) as (url, _):
        config = shim_config(backend=url, port=0)
        with shim_running(config) as shim_url, _world(shim_url, config) as world:
            r = world.request(op, body)
    if op_id not in load_mappings().pairs:
        assert r.status == 501, (r.status, r.body)
        return
    rejection = EXPECTED_REJECTIONS.get(("v1.0", op_id, index)) or SHIM_REJECTIONS.get((op_id, index))
    if rejection is not None:
        assert 400 <= r.status < 500, (r.status, r.body)
        assert set(r.body) == {"error_code", "error_msg"} and re.fullmatch(
            r"APIG\.\d{4}", r.body["error_code"]
        )
        assert r.body["error_code"] == rejection[0], r.body
        return
    assert r.status == op.success_status, (r.status, r.body)
