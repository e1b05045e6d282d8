"""translator.models.formats: one predicate per format of the rules' vocabulary."""

from __future__ import annotations

import pytest

from translator.models.formats import CHECKS
from translator.spec.rules import FORMATS


def test_every_format_of_the_vocabulary_has_a_check() -> None:
    assert set(CHECKS) == FORMATS


@pytest.mark.parametrize(
    ("fmt", "value", "valid"),
    [
        ("http_codes", "200", True),
        ("http_codes", "200, 201,300-399", True),
        ("http_codes", "299-200", False),
        ("http_codes", "600", False),
        ("http_codes", "", False),
        ("uri", "/", True),
        ("uri", "/a b", False),
        ("ip", "10.0.0.1", True),
        ("ip", "010.0.0.1", False),
        ("ip", "::1", False),
        ("cidr", "10.0.0.1/24", True),
        ("cidr", "10.0.0.0/40", False),
        ("ip_or_cidr", "10.0.0.0/24", True),
        ("ip_or_cidr", "example.com", False),
        ("domain", "*.example.com", True),
        ("domain", "a-b.example.co", True),
        ("domain", "localhost", False),
        ("domain", "a..example.com", False),
        ("domain", "a.example.com-", False),
        ("domain", "a" * 64 + ".example.com", False),
        ("host", "10.0.0.1", True),
        ("host", "10.0.0.1:443", True),
        ("host", "api.example.com", True),
        ("host", "api.example.com:0", False),
        ("host", "backend:8080", True),
        ("host", "999.1.1.1", False),
        ("host", "bad host", False),
        ("host", "api.example.com:", False),
        ("email", "user+tag@example.com", True),
        ("email", "user@@example.com", False),
    ],
)
def test_format(fmt: str, value: str, valid: bool) -> None:
    assert CHECKS[fmt](value) is valid
