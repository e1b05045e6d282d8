"""translator.core.forms: multipart/form-data request bodies, typed by the request spec."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from translator.core.apierrors import ApiError
from translator.core.forms import MULTIPART, File, decode, encode, is_form
from translator.spec import load_spec

OP = load_spec("v2").operation("openapi.import")
SWAGGER = {"swagger": "2.0", "info": {"title": "group_1", "version": "1"}, "paths": {}}
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=10,
)


@given(
    is_create_group=st.booleans(),
    simple_mode=st.booleans(),
    group_id=_text,
    extend_mode=st.sampled_from(["merge", "override"]),
    document=st.dictionaries(_text, _json, min_size=1, max_size=4),
)
def test_encode_then_decode_is_the_request_object(
    is_create_group: bool, simple_mode: bool, group_id: str, extend_mode: str, document: dict[str, Any]
) -> None:
    data = {
        "is_create_group": is_create_group,
        "simple_mode": simple_mode,
        "group_id": group_id,
        "extend_mode": extend_mode,
        "file_name": document,
    }
    raw, content_type = encode(OP, data)
    assert is_form(content_type) and content_type.startswith(f"{MULTIPART}; boundary=")
    assert decode(OP, raw, content_type) == data


def test_files_are_sent_as_given() -> None:
    text = yaml.safe_dump(SWAGGER)
    for upload in (File("api.yaml", text.encode(), "application/yaml"), text, text.encode()):
        raw, content_type = encode(OP, {"file_name": upload, "mock_mode": False})
        assert decode(OP, raw, content_type) == {"file_name": SWAGGER, "mock_mode": False}
    raw, _ = encode(OP, {"file_name": File('my "api".yaml', b"{}")}, boundary="b0")
    assert b'filename="my \\"api\\".yaml"' in raw and raw.endswith(b"--b0--\r\n")


def test_none_is_left_out_and_undocumented_fields_are_refused() -> None:
    raw, content_type = encode(OP, {"file_name": SWAGGER, "group_id": None})
    assert decode(OP, raw, content_type) == {"file_name": SWAGGER}
    with pytest.raises(ValueError, match="colour"):
        encode(OP, {"file_name": SWAGGER, "colour": "red"})


def test_a_boundary_inside_the_content_is_refused() -> None:
    with pytest.raises(ValueError, match="boundary"):
        encode(OP, {"file_name": b"--b0 inside"}, boundary="b0")
    raw, content_type = encode(OP, {"file_name": SWAGGER})
    assert decode(OP, raw, content_type) == {"file_name": SWAGGER}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"file_name": b"   "}, "APIG.3609"),
        ({"file_name": b"key: [unclosed"}, "APIG.3600"),
    ],
)
def test_a_bad_upload_is_a_documented_error(data: dict[str, Any], code: str) -> None:
    raw, content_type = encode(OP, data)
    with pytest.raises(ApiError) as info:
        decode(OP, raw, content_type)
    assert info.value.code == code


def test_a_mistyped_field_is_apig_2011() -> None:
    raw, content_type = encode(OP, {"file_name": SWAGGER, "group_id": "x"})
    raw = raw.replace(b'name="group_id"', b'name="mock_mode"')
    with pytest.raises(ApiError) as info:
        decode(OP, raw, content_type)
    assert info.value.code == "APIG.2011" and "mock_mode" in info.value.message


def test_a_body_that_is_not_multipart_is_apig_2000() -> None:
    with pytest.raises(ApiError) as info:
        decode(OP, b"{}", "multipart/form-data")
    assert info.value.code == "APIG.2000"
