"""Secrets never reach an error message or a translation report."""

from __future__ import annotations

import pytest

from translator.errors import OutOfRange
from translator.redact import MASK, is_secret, shown
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
