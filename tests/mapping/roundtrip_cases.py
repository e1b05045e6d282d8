"""Property-based round trips for every paired operation and part: both lens laws.

v1.0 -> v2 -> v1.0 gives back the original except exactly the declared lossy fields, and the
intermediate message is valid for the v2 models (types, enums, ranges, lengths, and every required
field present unless the source lacked it too or the table declares it lossy); likewise
v2 -> v1.0 -> v2. Pagination must survive the trip at page boundaries. The laws and the message
strategies are the package's (``translator.roundtrip``, also behind ``apig-translator roundtrip``),
one builder for both: values valid by the docs' value rules (``rules_builder``); the example counts
are the test profile's (``tests/conftest.py``).

The cases are split per family of operations into ``test_roundtrip_<family>.py`` files, so that
pytest-xdist (``--dist loadfile``) spreads them over its workers; this module holds the split and
the one property they all check.
"""

from __future__ import annotations

from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from translator.roundtrip.laws import SKIP_PATH, Case, OutsideTarget, cases, check, with_constants
from translator.roundtrip.rules_strategies import rules_builder

FAMILIES: dict[str, tuple[str, ...]] = {
    "api": ("api",),
    "app": ("app", "app_auth"),
    "throttle": ("throttle",),
    "channel": ("vpc_channel",),
    "acl": ("acl", "signature"),
    "group": ("api_group", "domain", "env", "env_variable", "openapi"),
    "other": ("authorizer", "summary", "metrics", "config"),
}
"""Per test file: the resources (an operation id's first word) whose cases it checks."""
CASES = cases()
BUILDER = rules_builder()
_MESSAGES: dict[str, st.SearchStrategy[dict[str, Any]]] = {}


def family(name: str) -> list[Case]:
    """The cases of the test file ``test_roundtrip_<name>.py``."""
    return [c for c in CASES if c.op_id.split(".")[0] in FAMILIES[name]]


def ids(chosen: list[Case]) -> list[str]:
    return [c.name for c in chosen]


def _messages(case: Case) -> st.SearchStrategy[dict[str, Any]]:
    """The case's message strategy, built once (building one per example would cost more than the
    example)."""
    if case.name not in _MESSAGES:
        _MESSAGES[case.name] = BUILDER.message(case.source, case.part, SKIP_PATH)
    return _MESSAGES[case.name]


def round_trip(case: Case, data: st.DataObject) -> None:
    """The property: a generated message of the case goes there and back by the laws."""
    message = data.draw(_messages(case), label="message")
    try:
        check(case, with_constants(case, message))
    except OutsideTarget:
        reject()
