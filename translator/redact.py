"""Keep secrets out of messages and reports: values of secret-looking fields are never shown."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SECRET = re.compile(
    r"(secret|password|passwd|token|credential|(^|[._\[\]])sk($|[._\[\]])|private_key)", re.I
)
MASK = "******"


@lru_cache(maxsize=4096)
def is_secret(field: str) -> bool:
    """Whether a field (a name or a dotted path) holds a secret: app_secret, sign_secret, SK, tokens."""
    return bool(_SECRET.search(field))


def shown(field: str, value: object) -> str:
    """``value`` as it may appear in a message about ``field``: its repr, or a mask for secrets."""
    return MASK if is_secret(field) else repr(value)


def masked(body: Any) -> Any:
    """``body`` (JSON) with every non-empty string under a secret field shown as the mask, as the
    v1.0 API answers app and signature secrets (a copy; ``body`` is not changed)."""
    if isinstance(body, dict):
        return {k: MASK if isinstance(v, str) and v and is_secret(k) else masked(v) for k, v in body.items()}
    if isinstance(body, list):
        return [masked(v) for v in body]
    return body
