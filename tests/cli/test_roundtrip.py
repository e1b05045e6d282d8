"""``roundtrip``: per operation the examples and lossy fields, a failure with its shrunk example
(exit 1), a bad ``--op`` as one line (exit 2)."""

from __future__ import annotations

from unittest import mock

from helpers.cli import assert_one_line_error, run
from roundtrip.test_run import WRONG

ARGS = ("roundtrip", "--op", "vpc_channel.create", "--op", "env.create", "--examples", "5", "--seed", "7")


def test_the_shipped_tables_pass() -> None:
    ran = run(*ARGS)
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert lines[0].startswith("ok   env.create") and "examples" in lines[0]
    assert any(line.startswith("ok   vpc_channel.create") for line in lines)
    assert "lossy: " in ran.out and "members[].status" in ran.out  # a v2-only field, dropped in v1.0
    assert lines[-1].startswith("2 operations, ") and "0 failures" in lines[-1] and "--seed 7" in lines[-1]
    again = run(*ARGS)
    assert again.out.splitlines()[:-1] == lines[:-1]  # the same seed, the same run (times aside)


def test_a_failure_is_shown_with_its_shrunk_example() -> None:
    with mock.patch("translator.roundtrip.run.rules_builder", return_value=WRONG):
        ran = run("roundtrip", "--op", "vpc_channel.create", "--examples", "50", "--seed", "1")
    assert ran.code == 1, ran.err
    assert ran.out.startswith("FAIL vpc_channel.create")
    assert "request v1_to_v2: the v2 message is invalid" in ran.out
    assert 'shrunk example: {"@path": {}, "@query": {}, "name": 0' in ran.out


def test_a_bad_op_is_one_line() -> None:
    assert_one_line_error(run("roundtrip", "--op", "no.such.op"), "--op no.such.op", "not a paired")
    assert_one_line_error(run("roundtrip", "--op", "marketplace.purchased_api.list"), "not a paired")
