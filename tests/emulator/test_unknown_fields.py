"""Fields no version documents: the real gateway ignores them, and so do the emulators (201, not
stored), their /openapi.json (request schemas allow them; responses list documented fields only)
and ``convert`` (dropped, with a note)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson

from translator.emulator.app import create_app
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.translate import convert
from translator.types import VERSIONS


def _walk(schema: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(schema, dict):
        found.append(schema)
        for value in schema.values():
            found += _walk(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _walk(value)
    return found


def test_the_document_says_requests_may_hold_undocumented_fields(tmp_path: Path) -> None:
    for version in VERSIONS:
        app = create_app(EmulatorConfig(api=version, db=str(tmp_path / f"{version}.db")))
        try:
            doc = app.state.emulator.openapi()
        finally:
            app.state.emulator.close()
        schemas = orjson.loads(doc)["components"]["schemas"]
        requests = [s for name, s in schemas.items() if "Request" in name]
        responses = [s for name, s in schemas.items() if "Response" in name]
        assert requests and responses
        assert not any(node.get("additionalProperties") is False for s in requests for node in _walk(s))
        assert any(node.get("additionalProperties") is False for s in responses for node in _walk(s))


def test_emulators_and_convert_agree(tmp_path: Path) -> None:
    body = {"name": "env_extra", "remark": "r", "colour": "blue", "nested": {"x": 1}}
    for version in VERSIONS:
        prefix = "/v1.0/apigw" if version == "v1.0" else None
        cfg = EmulatorConfig(api=version, port=0, db=str(tmp_path / f"{version}.db"))
        with running(cfg) as (url, emu):
            base = prefix or f"/v2/{emu.config.project_id}/apigw/instances/{emu.config.instance_id}"
            r = httpx.post(url + base + "/envs", json=body, timeout=10)
            assert r.status_code == 201 and "colour" not in r.json(), r.text
            listed = httpx.get(url + base + "/envs", timeout=10).json()["envs"]
            assert not any("colour" in e or "nested" in e for e in listed)
        direction = "v1_to_v2" if version == "v1.0" else "v2_to_v1"
        out = convert("env.create", direction, "request", body)
        assert out.body == {"name": "env_extra", "remark": "r"}
        assert {(n.path, n.kind) for n in out.notes} == {("colour", "unknown"), ("nested", "unknown")}
