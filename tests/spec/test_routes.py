"""Routing a method and URL to a documented operation; filling URI templates."""

from __future__ import annotations

import pytest

from translator.errors import TranslationError, UnknownOperation
from translator.spec import load_spec
from translator.spec.routes import fill, match


def test_literal_segments_beat_parameters() -> None:
    op, params = match("v1.0", "GET", "/v1.0/apigw/apps/validation/abc")
    assert (op.id, params) == ("app.verify", {"id": "abc"})
    op, params = match("v1.0", "GET", "/v1.0/apigw/apps/abc")
    assert (op.id, params) == ("app.get", {"id": "abc"})
    op, _ = match("v1.0", "POST", "/v1.0/apigw/apis/publish/a1")
    assert op.id == "api.publish"


def test_v2_paths_carry_the_prefix_parameters() -> None:
    op, params = match("v2", "DELETE", "/v2/p1/apigw/instances/i1/vpc-channels/c1/members/m1")
    assert op.id == "vpc_channel.member.delete"
    assert params == {"project_id": "p1", "instance_id": "i1", "vpc_channel_id": "c1", "member_id": "m1"}


def test_trailing_slash_and_percent_encoding() -> None:
    op, params = match("v1.0", "GET", "/v1.0/apigw/apps/a%2Fb/app-codes/")
    assert op.id == "app.code.list" and params == {"app_id": "a/b"}


@pytest.mark.parametrize(("method", "path"), [("GET", "/v1.0/apigw/nope"), ("PATCH", "/v1.0/apigw/apps/x")])
def test_unknown_routes(method: str, path: str) -> None:
    with pytest.raises(UnknownOperation):
        match("v1.0", method, path)


def test_fill_encodes_and_requires_every_parameter() -> None:
    op = load_spec("v2").operation("vpc_channel.get")
    path = fill(op, {"project_id": "p", "instance_id": "i", "vpc_channel_id": "a b"})
    assert path == "/v2/p/apigw/instances/i/vpc-channels/a%20b"
    with pytest.raises(TranslationError, match="vpc_channel_id"):
        fill(op, {"project_id": "p", "instance_id": "i"})
