"""Just enough X.509 to check a domain certificate as the gateway does: a minimal DER reader that
takes the certificate's subject, issuer, validity, serial number, signature algorithm and SAN
DNS names, and the RSA modulus of the certificate and of its private key (to check they match).

Checks raise the documented 400s: unreadable certificate or key ``APIG.2106``, encrypted key
``APIG.2105``, key not matching ``APIG.2101``, expired ``APIG.2102``, domain not covered by the
certificate ``APIG.2103``.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from translator.core.apierrors import ApiError

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)
_NAMES = {"2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O", "2.5.4.11": "OU"}
_SIGNATURES = {
    "1.2.840.113549.1.1.5": "SHA1-RSA",
    "1.2.840.113549.1.1.11": "SHA256-RSA",
    "1.2.840.113549.1.1.12": "SHA384-RSA",
    "1.2.840.113549.1.1.13": "SHA512-RSA",
    "1.2.840.113549.1.1.10": "SHA256-RSAPSS",
    "1.2.840.10045.4.3.2": "ECDSA-SHA256",
    "1.2.840.10045.4.3.3": "ECDSA-SHA384",
    "1.2.840.10045.4.3.4": "ECDSA-SHA512",
    "1.3.101.112": "Ed25519",
}
_RSA = "1.2.840.113549.1.1.1"
_SAN = "2.5.29.17"


class _Bad(Exception):
    """Malformed DER."""


@dataclass(frozen=True)
class _Tlv:
    tag: int
    body: bytes


def _read(data: bytes, pos: int) -> tuple[_Tlv, int]:
    if pos + 2 > len(data):
        raise _Bad("truncated")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4 or pos + n > len(data):
            raise _Bad("bad length")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    if pos + length > len(data):
        raise _Bad("truncated")
    return _Tlv(tag, data[pos : pos + length]), pos + length


def _items(data: bytes) -> list[_Tlv]:
    out, pos = [], 0
    while pos < len(data):
        tlv, pos = _read(data, pos)
        out.append(tlv)
    return out


def _oid(body: bytes) -> str:
    if not body:
        raise _Bad("empty oid")
    parts = [min(body[0] // 40, 2), body[0] - 40 * min(body[0] // 40, 2)]
    value = 0
    for byte in body[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(map(str, parts))


def _time(tlv: _Tlv) -> datetime:
    text = tlv.body.decode("ascii")
    if tlv.tag == 0x17:  # UTCTime, YYMMDDHHMMSSZ
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    return datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def _name(tlv: _Tlv) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rdn in _items(tlv.body):
        for attr in _items(rdn.body):
            oid, value = _items(attr.body)[:2]
            key = _NAMES.get(_oid(oid.body))
            if key is not None:
                out.setdefault(key, []).append(value.body.decode("utf-8", "replace"))
    return out


def _rsa_modulus(spki: _Tlv) -> int | None:
    alg, key = _items(spki.body)[:2]
    if _oid(_items(alg.body)[0].body) != _RSA:
        return None
    return int.from_bytes(_items(_items(key.body[1:])[0].body)[0].body, "big")


def _sans(extensions: _Tlv) -> list[str]:
    for ext in _items(_items(extensions.body)[0].body):
        parts = _items(ext.body)
        if _oid(parts[0].body) == _SAN:
            names = _items(_items(parts[-1].body)[0].body)
            return [n.body.decode("ascii", "replace") for n in names if n.tag == 0x82]
    return []


def _certificate(der: bytes) -> dict[str, Any]:
    cert, _ = _read(der, 0)
    tbs, sig_alg = _items(cert.body)[:2]
    fields = _items(tbs.body)
    version = 1
    if fields[0].tag == 0xA0:
        version = int.from_bytes(_items(fields[0].body)[0].body, "big") + 1
        fields = fields[1:]
    serial, _alg, issuer, validity, subject, spki = fields[:6]
    extensions = next((f for f in fields[6:] if f.tag == 0xA3), None)
    not_before, not_after = (_time(t) for t in _items(validity.body)[:2])
    names = _name(subject)
    issuer_names = _name(issuer)
    return {
        "common_name": (names.get("CN") or [""])[0],
        "san": _sans(extensions) if extensions is not None else [],
        "version": version,
        "organization": names.get("O", []),
        "organizational_unit": names.get("OU", []),
        "locality": names.get("L", []),
        "state": names.get("ST", []),
        "country": names.get("C", []),
        "not_before": not_before.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "not_after": not_after.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "serial_number": str(int.from_bytes(serial.body, "big", signed=True)),
        "issuer": issuer_names.get("O") or issuer_names.get("CN", []),
        "signature_algorithm": _SIGNATURES.get(_oid(_items(sig_alg.body)[0].body), "UNKNOWN"),
        "expires": not_after,
        "modulus": _rsa_modulus(spki),
    }


def _key_modulus(label: str, der: bytes) -> int | None:
    seq, _ = _read(der, 0)
    parts = _items(seq.body)
    if label == "PRIVATE KEY":  # PKCS#8: version, algorithm, key
        if _oid(_items(parts[1].body)[0].body) != _RSA:
            return None
        parts = _items(_read(parts[2].body, 0)[0].body)
    elif label != "RSA PRIVATE KEY":
        return None
    return int.from_bytes(parts[1].body, "big")


def _pem(text: str) -> list[tuple[str, bytes]]:
    text = text.replace("\\n", "\n")
    out = []
    for label, body in _PEM.findall(text):
        if "ENCRYPTED" in body:
            raise ApiError("APIG.2105")
        try:
            out.append((label, base64.b64decode("".join(body.split()), validate=True)))
        except (binascii.Error, ValueError):
            raise ApiError("APIG.2106") from None
    return out


def _covers(pattern: str, domain: str) -> bool:
    pattern, domain = pattern.lower().rstrip("."), domain.lower().rstrip(".")
    if pattern.startswith("*."):
        head, _, rest = domain.partition(".")
        return bool(head) and rest == pattern[2:]
    return pattern == domain


def _parsed(cert_content: str) -> dict[str, Any]:
    certs = [der for label, der in _pem(cert_content) if label == "CERTIFICATE"]
    if not certs:
        raise ApiError("APIG.2106")
    try:
        return _certificate(certs[0])
    except (_Bad, IndexError, ValueError, UnicodeDecodeError):
        raise ApiError("APIG.2106") from None


def details(cert_content: str) -> dict[str, Any]:
    """The details of the (first) certificate of a PEM text, as ``domain.certificate.get`` shows them."""
    info = _parsed(cert_content)
    del info["modulus"], info["expires"]
    return info


def check(cert_content: str, private_key: str, domain: str) -> dict[str, Any]:
    """The certificate's :func:`details` once it passes the checks against its key and domain."""
    info = _parsed(cert_content)
    keys = [(label, der) for label, der in _pem(private_key) if label.endswith("PRIVATE KEY")]
    if not keys:
        raise ApiError("APIG.2106")
    if keys[0][0] == "ENCRYPTED PRIVATE KEY":
        raise ApiError("APIG.2105")
    try:
        key_modulus = _key_modulus(*keys[0])
    except (_Bad, IndexError, ValueError, UnicodeDecodeError):
        raise ApiError("APIG.2106") from None
    modulus = info.pop("modulus")
    if modulus is not None and key_modulus is not None and modulus != key_modulus:
        raise ApiError("APIG.2101")
    if info.pop("expires") < datetime.now(UTC):
        raise ApiError("APIG.2102")
    names = info["san"] or [info["common_name"]]
    if not any(_covers(n, domain) for n in names if n):
        raise ApiError("APIG.2103")
    return info
