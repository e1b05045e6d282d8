"""Answers remembered per object by identity (``translator.spec.memo``)."""

from __future__ import annotations

import pytest

from translator.spec import memo


def test_an_answer_is_worked_out_once_per_object() -> None:
    calls: list[tuple[int, ...]] = []

    @memo.by_identity
    def total(values: tuple[int, ...]) -> int:
        calls.append(values)
        return sum(values)

    one, other = (1, 2), tuple([1, 2])  # equal, but two objects
    assert (total(one), total(one), total(other)) == (3, 3, 3)
    assert len(calls) == (1 if one is other else 2)


def test_past_the_bound_answers_are_worked_out_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "REMEMBERED", 1)
    calls: list[object] = []

    @memo.by_identity
    def ident(value: object) -> object:
        calls.append(value)
        return value

    first, second = object(), object()
    ident(first), ident(second), ident(second), ident(first)
    assert calls == [first, second, second]
