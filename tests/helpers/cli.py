"""Running the command line in process (click's runner) and checking its answers."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from translator.cli import main


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str
    exception: BaseException | None


def run(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> Ran:
    """``apig-translator ARGS`` with ``stdin``; exceptions are caught and returned, never raised."""
    result = CliRunner().invoke(main, list(args), input=stdin, env=env, prog_name="apig-translator")
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Ran(result.exit_code, result.stdout, result.stderr, exception)


def assert_one_line_error(ran: Ran, *fragments: str) -> None:
    """Exit status 2, nothing on stdout, one ``error:`` line naming every fragment, no traceback."""
    assert ran.exception is None, repr(ran.exception)
    assert ran.code == 2, (ran.code, ran.err)
    assert ran.out == "", ran.out
    assert ran.err.count("\n") == 1 and ran.err.startswith("error: "), ran.err
    assert "Traceback" not in ran.err
    for fragment in fragments:
        assert fragment in ran.err, (fragment, ran.err)


def assert_usage_error(ran: Ran, *fragments: str) -> None:
    """Click's usage error: exit status 2, ``Usage:`` and ``Error:`` lines, no traceback."""
    assert ran.exception is None, repr(ran.exception)
    assert ran.code == 2, (ran.code, ran.out, ran.err)
    assert "Error: " in ran.err and "Traceback" not in ran.err + ran.out, ran.err
    for fragment in fragments:
        assert fragment in ran.err, (fragment, ran.err)
