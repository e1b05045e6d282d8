"""The operator's secrets file: app keys and secrets, signature secrets, certificates and their
keys, by the source object's id (or its key, or its domain). Read once; its values never reach a
report, a bundle or the journal."""

from __future__ import annotations

import json
from typing import Any


def secret_values(value: Any) -> set[str]:
    """Every secret-looking string value in the operator's file (keys are ids: not secret)."""
    if isinstance(value, dict):
        return {s for v in value.values() for s in secret_values(v)}
    if isinstance(value, list):
        return {s for v in value for s in secret_values(v)}
    return {value} if isinstance(value, str) and len(value) >= 6 else set()


def load_secrets(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the secrets file is a JSON object of sections")
    return data
