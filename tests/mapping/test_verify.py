"""``convert`` checks its output against the target's model: a translation the target would refuse
is an ``Untranslatable`` naming the field and the table's reason; what a body alone cannot carry
is a note; documented defaults fill required fields; responses may be partial."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from translator.errors import ConstantMismatch, TranslationError, Untranslatable, ValidationFailed
from translator.mapping.load import load_mappings
from translator.models import problems
from translator.translate import convert

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"
MAPPINGS = load_mappings()


def _sample(version: str, op: str, part: str = "request") -> Any:
    return json.loads((SAMPLES / version / f"{op}.json").read_text(encoding="utf-8"))[part][0]


def test_ip_members_are_refused_with_the_tables_reason() -> None:
    with pytest.raises(Untranslatable) as info:
        convert("vpc_channel.create", "v2_to_v1", "request", _sample("v2", "vpc_channel.create"))
    err = info.value
    assert err.target == "v1.0 vpc_channel.create" and err.field.startswith("vpc_instances[].instance_")
    assert "members[].host was dropped: IP members" in err.reason
    for op in ("vpc_channel.update", "vpc_channel.member.create"):
        body = {**_sample("v2", "vpc_channel.create"), "members": [{"host": "10.0.0.1", "weight": 1}]}
        body = body if op != "vpc_channel.member.create" else {"members": body["members"]}
        with pytest.raises(Untranslatable, match="IP members"):
            convert(op, "v2_to_v1", "request", body)


def test_a_required_field_the_source_leaves_out_is_refused() -> None:
    body = {k: v for k, v in _sample("v2", "vpc_channel.create").items() if k != "members"}
    with pytest.raises(Untranslatable) as info:
        convert("vpc_channel.create", "v2_to_v1", "request", {**body, "member_type": "ecs"})
    assert info.value.field == "vpc_instances" and "the v2 body has no members" in str(info.value)
    with pytest.raises(Untranslatable, match=r"\[\]: a JSON array is required; the v2 body has no apis"):
        convert("openapi.export_apis", "v2_to_v1", "request", {"group_id": "g" * 32})


def test_a_documented_default_fills_a_required_field() -> None:
    body = {k: v for k, v in _sample("v1.0", "api.create").items() if k != "req_protocol"}
    out = convert("api.create", "v1_to_v2", "request", body)
    assert out.body["req_protocol"] == "HTTPS"
    assert [(n.path, n.kind) for n in out.notes if n.kind == "filled"] == [("req_protocol", "filled")]
    assert problems("v2", "api.create", "request", out.body) == []


def test_what_a_body_cannot_carry_is_noted() -> None:
    out = convert("api.publish", "v1_to_v2", "request", {"env_id": "e1"})
    assert [(n.path, n.kind) for n in out.notes] == [("api_id", "needed")]
    assert "v1.0 path parameter api_id" in out.notes[0].detail
    acl = convert(
        "acl.update",
        "v1_to_v2",
        "request",
        {"acl_name": "acl_one", "acl_type": "PERMIT", "acl_value": "1.1.1.1"},
    )
    needed = [n for n in acl.notes if n.kind == "needed"]
    assert [n.path for n in needed] == ["entity_type"] and "fill it from the stored ACL" in needed[0].detail


def test_values_a_pass_policy_lets_through_are_no_error() -> None:
    out = convert("vpc_channel.list", "v1_to_v2", "response", _sample("v1.0", "vpc_channel.list", "response"))
    assert out.body["vpc_channels"][0]["type"] == 1
    assert any(n.kind == "passed" for n in out.notes)


def test_responses_may_be_partial() -> None:
    """A v2 channel with IP members, shown to a v1.0 caller: the members have no instance ids."""
    v2 = {
        "id": "c" * 32,
        "name": "vpc_ip",
        "type": 2,
        "port": 80,
        "members": [{"host": "10.0.0.1", "weight": 1}],
    }
    out = convert("vpc_channel.get", "v2_to_v1", "response", v2)
    assert out.body["vpc_instances"][0]["host"] == "10.0.0.1"


def test_check_false_skips_both_checks() -> None:
    out = convert(
        "vpc_channel.create", "v2_to_v1", "request", _sample("v2", "vpc_channel.create"), check=False
    )
    assert out.body["vpc_instances"] == [{"weight": 1}, {"weight": 2}]


def _sample_cases() -> list[tuple[str, str, str, Any]]:
    cases = []
    for op_id, pair in sorted(MAPPINGS.pairs.items()):
        for version, op in (("v1.0", pair.v1), ("v2", pair.v2)):
            path = SAMPLES / version / f"{op.id}.json"
            if path.exists():
                samples = json.loads(path.read_text(encoding="utf-8"))
                for part in ("request", "response"):
                    cases += [(op_id, version, part, body) for body in samples.get(part, [])]
    return cases


@pytest.mark.parametrize(("op_id", "version", "part", "body"), _sample_cases())
def test_every_translated_sample_is_valid_for_the_target_or_an_error(
    op_id: str, version: str, part: str, body: Any
) -> None:
    """What ``convert`` gives, the target's model takes, but for the fields its notes name as needed
    (and, in responses, absent fields and bounds); anything else is a translation error, never a
    crash."""
    pair = MAPPINGS.pairs[op_id]
    direction = "v1_to_v2" if version == "v1.0" else "v2_to_v1"
    target = pair.v2 if version == "v1.0" else pair.v1
    try:
        out = convert(op_id, direction, part, body)  # type: ignore[arg-type]
    except (ValidationFailed, ConstantMismatch, Untranslatable):
        return  # a wrong doc sample, another operation's sample, or a body the target has no form for
    except TranslationError as exc:
        pytest.fail(f"unexpected {type(exc).__name__}: {exc}")
    plan = getattr(pair, part)
    if (plan.document_v2 if direction == "v1_to_v2" else plan.document_v1) == "":
        return
    needed = {n.path for n in out.notes if n.kind in ("needed", "passed")}
    passed = {plan.mapping.get(p, p) if direction == "v1_to_v2" else p for p in needed}
    left = [
        p
        for p in problems(target.version, target.id, part, out.body, ignore_missing=part == "response")  # type: ignore[arg-type]
        if p.split(":")[0] not in needed | passed
    ]
    if part == "response":
        left = [p for p in left if not any(w in p for w in ("at least", "at most", "greater", "less"))]
    assert left == [], out
