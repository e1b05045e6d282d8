"""The value formats a ``format`` rule names (``translator.spec.rules.FORMATS``): one predicate each,
true when a string is of the format. IPs are read by :mod:`ipaddress` (IPv4, as the gateway takes)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"(\*\.)?(?:{_LABEL}\.)+[A-Za-z][A-Za-z0-9-]{{0,62}}(?<!-)")
_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@" + _DOMAIN.pattern.removeprefix(r"(\*\.)?"))
_CODE = re.compile(r"([1-5][0-9]{2})(?:-([1-5][0-9]{2}))?")
_PORT = re.compile(r"[0-9]{1,5}")


def is_ip(value: str) -> bool:
    """An IPv4 address (``192.168.0.1``)."""
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def is_cidr(value: str) -> bool:
    """An IPv4 network with its prefix length (``192.168.0.0/16``; host bits may be set)."""
    if "/" not in value:
        return False
    try:
        ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        return False
    return True


def is_ip_or_cidr(value: str) -> bool:
    return is_ip(value) or is_cidr(value)


def is_domain(value: str) -> bool:
    """A domain name of at least two labels (``api.example.com``, wildcard ``*.example.com``)."""
    return len(value) <= 253 and _DOMAIN.fullmatch(value) is not None


def is_host(value: str) -> bool:
    """A host name (one label or more: ``backend``, ``api.example.com``) or an IPv4 address, with an
    optional port (``example.com:8080``)."""
    name, sep, port = value.rpartition(":")
    if not sep:
        name = value
    elif not (_PORT.fullmatch(port) and 1 <= int(port) <= 65535):
        return False
    if is_ip(name):
        return True
    numeric = all(c.isdigit() or c == "." for c in name)  # digits alone name an address, not a host
    return not numeric and len(name) <= 253 and _HOST.fullmatch(name) is not None


def is_uri(value: str) -> bool:
    """A request path: starts with ``/``, no whitespace."""
    return value.startswith("/") and not any(c.isspace() for c in value)


def is_email(value: str) -> bool:
    return len(value) <= 254 and _EMAIL.fullmatch(value) is not None


def is_http_codes(value: str) -> bool:
    """A comma-separated list of HTTP codes and ranges (``200,201,210-299``), each 100 to 599."""
    for item in value.split(","):
        found = _CODE.fullmatch(item.strip())
        if found is None or (found.group(2) is not None and found.group(2) < found.group(1)):
            return False
    return True


CHECKS: dict[str, Callable[[str], bool]] = {
    "http_codes": is_http_codes,
    "uri": is_uri,
    "ip": is_ip,
    "cidr": is_cidr,
    "ip_or_cidr": is_ip_or_cidr,
    "domain": is_domain,
    "host": is_host,
    "email": is_email,
}
"""Each format's predicate (keys: exactly ``translator.spec.rules.FORMATS``)."""
