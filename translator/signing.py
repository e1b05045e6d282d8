"""SDK-HMAC-SHA256 request signing and verification, byte-compatible with the Huawei Cloud SDK.

The algorithm mirrors ``huaweicloudsdkcore.signer.signer.Signer`` exactly:

* every header whose name has no ``_`` is signed: names lower-cased and sorted, values trimmed;
  ``X-Sdk-Date`` (``%Y%m%dT%H%M%SZ``, UTC) and ``Host`` are added when missing;
* canonical URI: the path is percent-*decoded* (so ``%2F`` becomes a separator), split on ``/``,
  each segment re-encoded with ``quote(safe="~")`` and a trailing ``/`` appended;
* canonical query: ``(key, value)`` pairs sorted on the decoded strings, each side encoded with
  ``quote(safe="~")`` (``+`` is a literal plus, a bare ``k`` equals ``k=``);
* payload hash: SHA-256 of the body, the empty-string hash for an empty body, or the literal
  value of ``X-Sdk-Content-Sha256`` when present (the SDK sets ``UNSIGNED-PAYLOAD`` for any
  Content-Type other than ``application/json`` / ``application/bson``);
* ``string_to_sign = "SDK-HMAC-SHA256\\n" + date + "\\n" + hex(sha256(canonical_request))`` and
  ``Authorization: SDK-HMAC-SHA256 Access=<ak>, SignedHeaders=<a;b>, Signature=<hex hmac>``.

No I/O; error messages never contain the secret key, the access key or a computed signature.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from urllib.parse import quote, unquote, urlsplit

from translator.errors import BadSignature, ClockSkew, MissingSignature, UnknownAccessKey

__all__ = [
    "ALGORITHM",
    "DATE_FORMAT",
    "Authorization",
    "canonical_query_string",
    "canonical_request",
    "canonical_uri",
    "parse_authorization",
    "sign",
    "string_to_sign",
    "verify",
]

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_DATE = "x-sdk-date"
_CONTENT_SHA256 = "x-sdk-content-sha256"
_HEADER_NAME = re.compile(r"[!#$%&'*+.^`|~0-9a-z-]+")  # lower-case RFC 9110 token, no "_"
_SIGNATURE = re.compile(r"[0-9a-fA-F]{64}")


class Authorization(NamedTuple):
    """The parts of an ``SDK-HMAC-SHA256`` Authorization header."""

    access_key: str
    signed_headers: list[str]
    signature: str


def _encode(text: str) -> str:
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """The SDK's canonical URI of a raw (percent-encoded) path, always ending in ``/``."""
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query_string(query: str) -> str:
    """The SDK's canonical form of a raw query string (repeated keys kept, pairs sorted)."""
    pairs: list[tuple[str, str]] = []
    for item in query.split("&"):
        key, _, value = item.partition("=")
        if key:
            pairs.append((unquote(key), unquote(value)))
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in sorted(pairs))


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): str(value).strip() for name, value in headers.items()}


def _payload_hash(body: bytes, content_sha256: str | None) -> str:
    if not body:
        return EMPTY_SHA256
    return content_sha256 or hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: list[str],
    payload_hash: str,
) -> str:
    """Method, URI, query, ``name:value`` lines, signed header list and payload hash, ``\\n``-joined.

    Raises ``KeyError`` naming a signed header that ``headers`` lacks.
    """
    lowered = _lower(headers)
    lines = "".join(f"{name}:{lowered[name]}\n" for name in signed_headers)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(path),
            canonical_query_string(query),
            lines,
            ";".join(signed_headers),
            payload_hash,
        ]
    )


def string_to_sign(canonical: str, signed_at: datetime) -> str:
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{signed_at.strftime(DATE_FORMAT)}\n{digest}"


def _signature(secret: str, to_sign: str) -> str:
    return hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _utc_naive(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def sign(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    ak: str,
    sk: str,
    now: datetime | None = None,
) -> dict[str, str]:
    """Headers to send: ``headers`` (trimmed) plus X-Sdk-Date, Host if missing, and Authorization.

    An X-Sdk-Date already in ``headers`` is kept, as the SDK does; otherwise ``now`` (default: the
    current UTC time) is used. A naive ``now`` is taken to be UTC.
    """
    if not ak or not sk:
        raise ValueError("both an access key and a secret key are required to sign")
    parts = urlsplit(url)
    out = {name: str(value).strip() for name, value in headers.items() if name.lower() != "authorization"}
    lowered = _lower(out)
    content_type = lowered.get("content-type")
    if (
        content_type
        and not content_type.startswith(("application/json", "application/bson"))
        and _CONTENT_SHA256 not in lowered
    ):
        out["X-Sdk-Content-Sha256"] = UNSIGNED_PAYLOAD
    if _DATE in lowered:
        signed_at = datetime.strptime(lowered[_DATE], DATE_FORMAT)
    else:
        signed_at = _utc_naive(now).replace(microsecond=0)
        out["X-Sdk-Date"] = signed_at.strftime(DATE_FORMAT)
    if "host" not in lowered:
        out["Host"] = parts.netloc
    lowered = _lower(out)
    signed = sorted({name for name in lowered if "_" not in name})
    payload = _payload_hash(body, lowered.get(_CONTENT_SHA256))
    canonical = canonical_request(method, parts.path, parts.query, out, signed, payload)
    signature = _signature(sk, string_to_sign(canonical, signed_at))
    out["Authorization"] = f"{ALGORITHM} Access={ak}, SignedHeaders={';'.join(signed)}, Signature={signature}"
    return out


def parse_authorization(value: str) -> Authorization:
    """Split an ``SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`` header value.

    Raises ``BadSignature`` (without echoing the value) when it is malformed.
    """
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise BadSignature(f"Authorization header does not use the {ALGORITHM} scheme")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, field = part.strip().partition("=")
        if not sep or name in fields:
            raise BadSignature("Authorization header is malformed")
        fields[name] = field
    if set(fields) != {"Access", "SignedHeaders", "Signature"}:
        raise BadSignature("Authorization header needs exactly Access, SignedHeaders and Signature")
    signed = fields["SignedHeaders"].split(";")
    if not fields["Access"] or not all(_HEADER_NAME.fullmatch(name) for name in signed):
        raise BadSignature("Authorization header has an empty Access or an invalid SignedHeaders list")
    if not _SIGNATURE.fullmatch(fields["Signature"]):
        raise BadSignature("Authorization header signature is not 64 hex digits")
    return Authorization(fields["Access"], signed, fields["Signature"].lower())


def _wire_text(value: str) -> str:
    """Undo a server's latin-1 decoding of the UTF-8 header bytes the SDK sends (identity for ASCII)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def verify(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    secret_for: Callable[[str], str | None],
    now: datetime | None = None,
    max_skew: timedelta = timedelta(minutes=15),
) -> str:
    """Check an SDK-HMAC-SHA256 signed request and return its access key.

    ``path`` and ``query`` are raw (as received, still percent-encoded). Raises MissingSignature,
    BadSignature, ClockSkew or UnknownAccessKey from ``translator.errors``.
    """
    lowered = {name: _wire_text(value) for name, value in _lower(headers).items()}
    if not lowered.get("authorization"):
        raise MissingSignature("request has no Authorization header")
    auth = parse_authorization(lowered["authorization"])
    if not lowered.get(_DATE):
        raise MissingSignature("request has no X-Sdk-Date header")
    try:
        signed_at = datetime.strptime(lowered[_DATE], DATE_FORMAT)
    except ValueError:
        raise BadSignature("X-Sdk-Date is not in the form YYYYMMDDTHHMMSSZ") from None
    if abs(_utc_naive(now) - signed_at) > max_skew:
        raise ClockSkew(f"X-Sdk-Date {lowered[_DATE]} is more than {max_skew} from the server clock")
    secret = secret_for(auth.access_key)
    if not secret:
        raise UnknownAccessKey("the access key in the Authorization header is not known")
    missing = [name for name in auth.signed_headers if name not in lowered]
    if missing:
        raise BadSignature(f"signed header(s) missing from the request: {', '.join(missing)}")
    claimed = lowered.get(_CONTENT_SHA256) if _CONTENT_SHA256 in auth.signed_headers else None
    if body and claimed and claimed not in (UNSIGNED_PAYLOAD, hashlib.sha256(body).hexdigest()):
        raise BadSignature("body does not match X-Sdk-Content-Sha256")
    payload = _payload_hash(body, claimed)
    canonical = canonical_request(method, path, query, lowered, auth.signed_headers, payload)
    expected = _signature(secret, string_to_sign(canonical, signed_at))
    if not hmac.compare_digest(expected.encode("ascii"), auth.signature.encode("ascii")):
        raise BadSignature("signature does not match the request")
    return auth.access_key
