"""Keep secrets out of messages and reports: values of secret-looking fields are never shown."""

from __future__ import annotations

import re

_SECRET = re.compile(
    r"(secret|password|passwd|token|credential|(^|[._\[\]])sk($|[._\[\]])|private_key)", re.I
)
MASK = "******"


def is_secret(field: str) -> bool:
    """Whether a field (a name or a dotted path) holds a secret: app_secret, sign_secret, SK, tokens."""
    return bool(_SECRET.search(field))


def shown(field: str, value: object) -> str:
    """``value`` as it may appear in a message about ``field``: its repr, or a mask for secrets."""
    return MASK if is_secret(field) else repr(value)
