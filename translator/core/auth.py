"""Caller authentication as the real services do it: ``X-Auth-Token`` or an AK/SK signature.

:class:`CallerAuth` accepts the configured token, or an SDK-HMAC-SHA256 signature whose access key
``lookup`` knows (verified by :func:`translator.signing.verify`); with neither configured every
caller is accepted. Failures are documented 401s: no credentials ``APIG.1000``, a wrong token, key
or signature ``APIG.1002``, an ``X-Sdk-Date`` more than 15 minutes off ``APIG.1001``. Messages never
carry the token, the keys or a signature.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping

from translator.core.apierrors import ApiError
from translator.errors import ClockSkew, MissingSignature, SigningError
from translator.signing import verify

TOKEN_HEADER = "x-auth-token"
AUTHORIZATION_HEADER = "authorization"
KeyLookup = Callable[[str], str | None]
"""Access key -> its secret key, or None for an unknown key."""


class CallerAuth:
    """Checks each request against a token and/or an AK/SK ``lookup`` (open when neither is given)."""

    def __init__(self, token: str | None = None, lookup: KeyLookup | None = None) -> None:
        self._token = token
        self._lookup = lookup

    @property
    def open(self) -> bool:
        return self._token is None and self._lookup is None

    def check(self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes) -> None:
        """Return when the caller is accepted; raise a 401 ``ApiError`` otherwise.

        ``path`` and ``query`` are raw (as received, still percent-encoded).
        """
        if self.open:
            return
        lowered = {name.lower(): value for name, value in headers.items()}
        token = lowered.get(TOKEN_HEADER)
        signed = bool(lowered.get(AUTHORIZATION_HEADER))
        if token is not None and self._token is not None:
            if hmac.compare_digest(token.encode("utf-8", "replace"), self._token.encode("utf-8")):
                return
            raise ApiError("APIG.1002")
        if signed and self._lookup is not None:
            try:
                verify(method, path, query, lowered, body, self._lookup)
            except ClockSkew as exc:
                raise ApiError("APIG.1001", f"The token has expired: {exc}") from None
            except MissingSignature as exc:
                raise ApiError("APIG.1000", f"The token is missing: {exc}") from None
            except SigningError as exc:
                raise ApiError("APIG.1002", f"Incorrect IAM authentication information: {exc}") from None
            return
        if token is not None or signed:
            raise ApiError("APIG.1002")
        raise ApiError("APIG.1000")
