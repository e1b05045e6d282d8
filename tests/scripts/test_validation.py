"""scripts/derive/validation.py: doc samples are checked against the prose rules too."""

from __future__ import annotations

from derive.validation import rule_breach, validate_body


def test_rule_breaches() -> None:
    f = {"name": "n", "type": "string", "rules": []}
    pattern = {"kind": "pattern", "pattern": "[A-Za-z][A-Za-z0-9_]*", "source": "s"}
    assert rule_breach("ok_1", pattern, f) is None
    assert rule_breach("Mock policy backend", pattern, f)
    assert rule_breach(5, {"kind": "range", "minimum": 1, "maximum": 4, "source": "s"}, f)
    assert rule_breach(4, {"kind": "range", "minimum": 1, "maximum": 4, "source": "s"}, f) is None
    assert rule_breach("ab", {"kind": "length", "min_length": 3, "source": "s"}, f)
    assert rule_breach(["x", "y"], {"kind": "enum", "values": ["x"], "source": "s"}, f)


def test_a_variable_is_exempt_from_the_pattern() -> None:
    pattern = {"kind": "pattern", "pattern": "[a-z.]*", "source": "s"}
    f = {"name": "u", "type": "string", "rules": [pattern, {"kind": "variables", "source": "支持环境变量"}]}
    assert rule_breach("#Host#", pattern, f) is None
    body = {"shape": "object", "fields": [f]}
    assert validate_body({"u": "A B"}, body, True)[0]["kind"] == "pattern rule"
