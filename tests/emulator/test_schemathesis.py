"""Schemathesis over each emulator's own /openapi.json (in-process ASGI transport): no 5xx, and
every response conforms to the document. Bounded: 5 examples per operation."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from translator.emulator.app import create_app
from translator.emulator.config import EmulatorConfig

_DIR = Path(tempfile.mkdtemp(prefix="emulator-schemathesis-"))
V1_APP = create_app(EmulatorConfig(api="v1.0", db=str(_DIR / "v1.db"), seed=3))
V2_APP = create_app(EmulatorConfig(api="v2", db=str(_DIR / "v2.db"), seed=4))
for _app in (V1_APP, V2_APP):
    atexit.register(_app.state.emulator.close)
atexit.register(shutil.rmtree, _DIR, True)  # registered last, so it runs after the stores close
v1_schema = schemathesis.openapi.from_asgi("/openapi.json", V1_APP)
v2_schema = schemathesis.openapi.from_asgi("/openapi.json", V2_APP)
CHECKS = [not_a_server_error, response_schema_conformance]
BOUNDED = settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@v1_schema.parametrize()
@BOUNDED
def test_v1_conforms_to_its_openapi(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)


@v2_schema.parametrize()
@BOUNDED
def test_v2_conforms_to_its_openapi(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS)
