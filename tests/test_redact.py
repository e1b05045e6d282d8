"""Secrets never reach an error message or a translation report."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator import redact
from translator.errors import OutOfRange
from translator.redact import MASK, is_secret, shown
from translator.spec import load_spec, walk
from translator.translate import convert


@pytest.mark.parametrize(
    "name",
    [
        "app_secret",
        "sign_secret",
        "apps[].app_secret",
        "sk",
        "auth.sk",
        "X-Auth-Token",
        "password",
        "user_info.password",
    ],
)
def test_secret_fields_are_recognised(name: str) -> None:
    assert is_secret(name) and shown(name, "s3cr3t-value") == MASK


@pytest.mark.parametrize("name", ["name", "app_key", "ecs_id", "task", "desk_id", "skip"])
def test_ordinary_fields_are_shown(name: str) -> None:
    assert not is_secret(name) and shown(name, "x") == "'x'"


def test_a_rejected_secret_is_not_in_the_message() -> None:
    secret = "S" * 100  # v2 accepts longer app secrets than v1.0: the table rejects them
    body = {"name": "app_1", "app_key": "k" * 20, "app_secret": secret}
    with pytest.raises(OutOfRange) as info:
        convert("app.update", "v2_to_v1", "request", body)
    assert secret not in str(info.value) and "app_secret" in str(info.value)


def test_the_mask_and_the_secret_test_live_in_redact_alone() -> None:
    root = Path(redact.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.name != "redact.py":
            text = path.read_text(encoding="utf-8")
            assert MASK not in text and "<redacted>" not in text, path.relative_to(root)


def test_the_secret_fields_of_v1_responses_are_app_secret_and_sign_secret() -> None:
    """What the v1.0 emulator masks (every secret field of a response, by ``is_secret``)."""
    found: set[str] = set()
    for op in load_spec("v1.0").operations.values():
        if op.response is not None:
            fields = op.response.item.children if op.response.item is not None else op.response.fields
            found |= {f.name for _, f in walk(fields) if is_secret(f.name)}
    assert found == {"app_secret", "sign_secret"}


def test_masked_hides_every_secret_value_in_a_body() -> None:
    from translator.redact import MASK, masked

    body = {"app_secret": "s3cret", "name": "a", "apps": [{"sign_secret": "x", "sign_key": "k"}], "token": ""}
    out = masked(body)
    assert out == {
        "app_secret": MASK,
        "name": "a",
        "apps": [{"sign_secret": MASK, "sign_key": "k"}],
        "token": "",
    }
    assert body["app_secret"] == "s3cret"
