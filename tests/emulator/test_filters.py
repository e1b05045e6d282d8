"""How a list filter narrows in SQL and decides in Python (``translator.emulator.filters``)."""

from __future__ import annotations

from translator.emulator.filters import field_expr, matches, narrowed_fields, narrowing, sort_key


def test_only_plain_names_with_text_values_narrow_in_sql() -> None:
    where = {"api_id": "a1", "weird-name": "x", "count": 3, "env_id": "e1"}
    assert narrowed_fields(where) == ["api_id", "env_id"]


def test_only_the_first_field_may_use_its_index() -> None:
    sql, args = narrowing({"api_id": "a1", "env_id": "e1"}, indexed=True)
    assert sql == f" AND {field_expr('api_id')} = ? AND +{field_expr('env_id')} = ?"
    assert args == ["a1", "e1"]
    sql, _ = narrowing({"api_id": "a1"}, indexed=False)
    assert sql == f" AND +{field_expr('api_id')} = ?"


def test_a_match_tells_a_boolean_from_a_number() -> None:
    assert matches({"a": 1, "b": "x"}, {"a": 1})
    assert not matches({"a": True}, {"a": 1})
    assert not matches({"a": 1}, {"a": 1, "missing": "x"})


def test_sort_keys_put_numbers_before_texts_before_the_rest_and_none_last() -> None:
    values = [None, "b", {"k": 1}, 2, "a", 1.5]
    assert sorted(values, key=sort_key) == [1.5, 2, "a", "b", {"k": 1}, None]
