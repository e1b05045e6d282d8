"""Request validation in the emulators: bodies are checked, trimmed and enum spellings canonical."""

from __future__ import annotations

import pytest

from translator.core.apierrors import ApiError
from translator.core.validation import body
from translator.spec import load_spec

OP = load_spec("v1.0").operation("vpc_channel.create")
VALID = {
    "name": "vpc_001",
    "type": 2,
    "member_type": "instance",
    "port": 80,
    "balance_strategy": 1,
    "vpc_health_config": {
        "protocol": "http",
        "path": "/hc",
        "threshold_normal": 2,
        "threshold_abnormal": 2,
        "time_out": 5,
        "time_interval": 10,
        "http_code": "200",
    },
    "vpc_instances": [{"instance_id": "i-1", "instance_name": "n1", "weight": 10}],
}


def test_enum_values_are_stored_in_the_documented_case() -> None:
    checked = body(OP, VALID)
    assert checked["vpc_health_config"]["protocol"] == "HTTP"  # v1.0 samples send "http"


def test_undocumented_keys_are_dropped_and_documented_ones_kept() -> None:
    checked = body(OP, {**VALID, "colour": "red"})
    assert "colour" not in checked and checked["vpc_instances"] == VALID["vpc_instances"]


def test_a_violation_is_a_documented_error_naming_the_field() -> None:
    with pytest.raises(ApiError) as info:
        body(OP, {**VALID, "port": 70000})
    assert info.value.code == "APIG.2003" and "port" in str(info.value)
