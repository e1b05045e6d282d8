"""Reading JSON with limits: encodings, syntax, size, nesting, list length, shared parts; doc
sample files."""

from __future__ import annotations

import pytest
import yaml

from translator.core.bodies import DEFAULT_LIMITS, Limits, check_shape, from_sample, parse
from translator.errors import BadInput
from translator.spec import load_spec

SMALL = Limits(max_bytes=12_000, max_depth=4, max_items=3)


@pytest.mark.parametrize(
    ("raw", "limit", "field"),
    [
        (b"\xff\xfe{}", "encoding", ""),
        (b'{"a": "\xc3"}', "encoding", ""),
        (b"{", "syntax", ""),
        (b'{"a": NaN}', "syntax", ""),
        (b"1" * 400, "syntax", ""),
        (b"x" * 12_001, "size", ""),
        (b"[" * 5000 + b"]" * 5000, "depth", ""),
        (b'{"a": {"b": {"c": {"d": {"e": 1}}}}}', "depth", "a.b.c.d"),
        (b'{"a": [[[[1]]]]}', "depth", "a[][][]"),
        (b'{"a": [1, 2, 3, 4]}', "items", "a"),
        (b'{"a": [{"b": [1, 2, 3, 4]}]}', "items", "a[].b"),
        (b"[1, 2, 3, 4]", "items", "[]"),
    ],
)
def test_a_bad_document_names_its_limit_and_field(raw: bytes, limit: str, field: str) -> None:
    with pytest.raises(BadInput) as info:
        parse(raw, SMALL)
    assert info.value.limit == limit and info.value.field == field
    assert "\n" not in str(info.value)


def test_good_documents() -> None:
    assert parse(b"", SMALL) is None and parse(b" \n", SMALL) is None
    assert parse(b'\xef\xbb\xbf{"a": 1}', SMALL) == {"a": 1}  # a UTF-8 byte order mark is skipped
    assert parse(b'{"a": {"b": {"c": {"d": 1}}}}', SMALL) == {"a": {"b": {"c": {"d": 1}}}}
    assert parse(b'{"a": [1, 2, 3]}', SMALL) == {"a": [1, 2, 3]}
    assert DEFAULT_LIMITS.max_bytes == 12 * 1024 * 1024


def test_shared_parts_cannot_expand_past_the_size_limit() -> None:
    """A YAML document whose aliases make billions of members from a few bytes."""
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(8)
    )
    value = yaml.safe_load(text)
    with pytest.raises(BadInput) as info:
        check_shape(value, Limits(max_bytes=100_000, max_depth=64, max_items=1000))
    assert info.value.limit == "size"


def test_a_doc_sample_file_gives_its_bodies() -> None:
    op = load_spec("v1.0").operation("vpc_channel.create")
    sample = {"request": [{"name": "a"}, {"name": "b"}], "errors": {}}
    assert from_sample(sample, op, "request") == (
        {"name": "a"},
        "took request[0] of the doc sample file (2 in it)",
    )
    assert from_sample(sample, op, "request", 1)[0] == {"name": "b"}
    assert from_sample({"name": "a"}, op, "request") == ({"name": "a"}, None)
    with pytest.raises(BadInput, match="no number 2"):
        from_sample(sample, op, "request", 2)
    with pytest.raises(BadInput, match="no response body"):
        from_sample(sample, op, "response")


def test_a_body_documenting_a_sample_key_is_taken_as_it_is() -> None:
    debug = load_spec("v2").operation("api.debug")
    body = {"request": "GET / HTTP/1.1", "response": "HTTP/1.1 200 OK"}
    assert from_sample(body, debug, "response") == (body, None)
