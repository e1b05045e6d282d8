"""Schemathesis over each emulator's own /openapi.json (in-process ASGI transport): no 5xx, and
every response conforms to the document. Bounded: 5 examples per operation.

The request schemas carry the docs' value rules (``translator.emulator.openapi_rules``), so the
generated requests are valid by the docs, not only by the columns. One narrowing for time: the
patterns' range of Chinese characters (``\u4e00-\u9fa5``, 20,902 of them, which hypothesis
builds a character class of one by one, per operation) is drawn from its first 16 characters:
a subset, so every value drawn is still valid by the document.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

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
_CJK, _FEW_CJK = "\\u4e00-\\u9fa5", "\\u4e00-\\u4e0f"


def _narrowed(node: Any) -> Any:
    """The document with every pattern's range of Chinese characters narrowed (in place)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                node[key] = value.replace(_CJK, _FEW_CJK)
            else:
                _narrowed(value)
    elif isinstance(node, list):
        for value in node:
            _narrowed(value)
    return node


v1_schema = schemathesis.openapi.from_asgi("/openapi.json", V1_APP)
v2_schema = schemathesis.openapi.from_asgi("/openapi.json", V2_APP)
for _schema in (v1_schema, v2_schema):
    _narrowed(_schema.raw_schema)
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
