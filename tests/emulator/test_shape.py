"""Response shaping in the emulators: with the v1.0 dialect's mask, secret fields read back masked."""

from __future__ import annotations

from translator.emulator.resources.v1 import DIALECT as V1
from translator.emulator.resources.v2 import DIALECT as V2
from translator.emulator.shape import project_body
from translator.redact import MASK
from translator.spec import load_spec


def test_v1_masks_secret_fields_and_v2_does_not() -> None:
    op = load_spec("v1.0").operation("app.get")
    doc = {"id": "a1", "name": "app_1", "app_key": "k" * 32, "app_secret": "s3cr3t-value"}
    shown = project_body(op.response, doc, V1.mask_secrets)
    assert shown["app_secret"] == MASK and shown["app_key"] == "k" * 32 and shown["name"] == "app_1"
    v2 = load_spec("v2").operation("app.get")
    assert project_body(v2.response, doc, V2.mask_secrets)["app_secret"] == "s3cr3t-value"


def test_an_empty_secret_is_not_masked() -> None:
    op = load_spec("v1.0").operation("app.get")
    assert project_body(op.response, {"app_secret": ""}, True)["app_secret"] == ""
