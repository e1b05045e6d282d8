"""Caller authentication as the real services do it: ``X-Auth-Token`` or an AK/SK signature.

Failures are documented 401s: no credentials ``APIG.1000``, a wrong token, key or signature
``APIG.1002``, an ``X-Sdk-Date`` more than 15 minutes off ``APIG.1001``. Messages never carry
the token, the keys or a signature.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from translator.emulator.apierrors import ApiError
from translator.emulator.config import EmulatorConfig
from translator.errors import ClockSkew, MissingSignature, SigningError
from translator.signing import verify

TOKEN_HEADER = "x-auth-token"


class Authenticator:
    """Checks each request against the configured token and AK/SK (open when neither is set)."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._token = config.token
        self._secrets = {config.ak: config.sk} if config.ak and config.sk else {}

    @property
    def open(self) -> bool:
        return self._token is None and not self._secrets

    def check(self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes) -> None:
        """Return when the caller is accepted; raise a 401 ``ApiError`` otherwise."""
        if self.open:
            return
        token = headers.get(TOKEN_HEADER)
        if token is not None and self._token is not None:
            if hmac.compare_digest(token.encode("utf-8", "replace"), self._token.encode("utf-8")):
                return
            raise ApiError("APIG.1002")
        if headers.get("authorization") and self._secrets:
            try:
                verify(method, path, query, headers, body, self._secrets.get)
            except ClockSkew as exc:
                raise ApiError("APIG.1001", f"The token has expired: {exc}") from None
            except MissingSignature as exc:
                raise ApiError("APIG.1000", f"The token is missing: {exc}") from None
            except SigningError as exc:
                raise ApiError("APIG.1002", f"Incorrect IAM authentication information: {exc}") from None
            return
        if token is not None or headers.get("authorization"):
            raise ApiError("APIG.1002")
        raise ApiError("APIG.1000")
