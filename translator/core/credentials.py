"""How the API client proves who it is: an IAM token (``X-Auth-Token``) or an AK/SK pair signed
with SDK-HMAC-SHA256 (``translator.signing.sign``), optionally with a temporary security token.

A signature covers the exact bytes the request carries: the client builds the ``httpx.Request``
first and ``apply`` reads its content before signing. Only the headers the client chose are signed
(``Host``, ``Content-Type``, ``X-Sdk-Date``, ``X-Security-Token``, ``X-Sdk-Content-Sha256``), not
the transport's defaults (``Accept-Encoding``, ``Connection``, ``User-Agent``), as the official
SDK does: a proxy that rewrites those does not break the signature.

Neither ``repr`` nor any message shows the token, the keys or a signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import httpx

from translator.redact import MASK
from translator.signing import sign

TOKEN_HEADER = "X-Auth-Token"
SECURITY_TOKEN_HEADER = "X-Security-Token"
_SIGNED = ("host", "content-type", "x-sdk-date", "x-sdk-content-sha256")
"""Headers of the built request that an AK/SK signature covers when present."""

Kind = Literal["token", "aksk"]


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Credentials:
    """A token, or an access key and secret key (with an optional security token).

    Build one with ``Credentials.from_token`` or ``Credentials.from_aksk``.
    """

    kind: Kind
    token: str | None = None
    ak: str | None = None
    sk: str | None = None
    security_token: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("token", "aksk"):
            raise ValueError(f"credentials kind must be token or aksk, not {self.kind!r}")
        if self.kind == "token" and not self.token:
            raise ValueError("token credentials need a non-empty token")
        if self.kind == "aksk" and not (self.ak and self.sk):
            raise ValueError("AK/SK credentials need both an access key and a secret key")

    @classmethod
    def from_token(cls, token: str) -> Credentials:
        """Send ``token`` as ``X-Auth-Token``."""
        return cls("token", token=token)

    @classmethod
    def from_aksk(cls, ak: str, sk: str, security_token: str | None = None) -> Credentials:
        """Sign every request with ``ak``/``sk``; send ``security_token`` (temporary AK/SK) too."""
        return cls("aksk", ak=ak, sk=sk, security_token=security_token)

    def __repr__(self) -> str:
        extra = f", security_token={MASK}" if self.security_token else ""
        return f"Credentials(kind={self.kind!r}, {MASK}{extra})"

    def apply(self, request: httpx.Request) -> None:
        """Add the auth headers to ``request`` (built, not yet sent); AK/SK signs its bytes."""
        if self.kind == "token":
            assert self.token is not None
            request.headers[TOKEN_HEADER] = self.token
            return
        assert self.ak is not None and self.sk is not None
        if self.security_token:
            request.headers[SECURITY_TOKEN_HEADER] = self.security_token
        content = request.read()
        chosen = {
            name: value
            for name, value in request.headers.items()
            if name.lower() in _SIGNED or name.lower() == SECURITY_TOKEN_HEADER.lower()
        }
        request.headers.update(sign(request.method, str(request.url), chosen, content, self.ak, self.sk))
