"""Documented errors: the error body, its codes, statuses and default messages, in either dialect.

An error body is one object with two keys, the code (``APIG.xxxx``) and the message; their names
come from the error table (``mappings/errors.yaml``), not from code. Statuses and default messages
come from the documented error code table (``translator/spec/errors.json``). Both versions share
the codes except those the error table maps: :meth:`ApiError.render` answers in a version's dialect.
Messages never carry secret values.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from translator.mapping.load import load_error_table
from translator.spec import load_errors
from translator.translate import translate_error
from translator.types import Version

ROUTE_NOT_FOUND = "APIG.0101"
"""The gateway's answer for a path no operation serves (not on the management API's error page);
with status 405 (and a truthful ``Allow``) for a path that is served, but not with this method."""
BODY_TOO_LARGE = "APIG.0201"
"""The gateway's answer for a request it refuses before routing it, here a body over the limit
(status 413; the gateway's request error code, not on the management API's error page)."""
SYSTEM_ERROR = "APIG.9999"
_EXTRA = {
    ROUTE_NOT_FOUND: (404, "The API does not exist or has not been published in the environment"),
    BODY_TOO_LARGE: (413, "Request entity too large"),
}
_HINT = ". Please refer to the support documentation"


def body_keys() -> tuple[str, str]:
    """The keys of an error body: (code key, message key), as the error table names them."""
    table = load_error_table()
    return table.code_field, table.message_field


@cache
def _table() -> dict[str, tuple[int, str]]:
    code_key, msg_key = body_keys()  # the documented rows are keyed as an error body, plus a status
    rows = {str(e[code_key]): (int(e["status"]), str(e[msg_key])) for e in load_errors()}
    return {**rows, **_EXTRA}


def error_body(code: str, message: str) -> dict[str, str]:
    """An error body with the error table's key names."""
    code_key, msg_key = body_keys()
    return {code_key: code, msg_key: message}


def error_schema() -> dict[str, Any]:
    """The JSON schema of an error body (for OpenAPI documents)."""
    code_key, msg_key = body_keys()
    return {
        "type": "object",
        "properties": {code_key: {"type": "string"}, msg_key: {"type": "string"}},
        "required": [code_key, msg_key],
    }


class ApiError(Exception):
    """A documented error: the HTTP status, the error code and the message."""

    def __init__(self, code: str, message: str | None = None, status: int | None = None) -> None:
        known_status, known_msg = _table().get(code, (500, "System error."))
        self.code = code
        self.status = status if status is not None else known_status
        self.message = message if message is not None else known_msg.rstrip(".")
        super().__init__(f"{self.status} {code}: {self.message}")

    def body(self) -> dict[str, str]:
        return error_body(self.code, self.message)

    @classmethod
    def from_body(cls, status: int, body: Any) -> ApiError:
        """The error an API answered with ``status`` and ``body`` (any JSON: a body without a code is
        a system error, one without a message gets the documented message)."""
        code_key, msg_key = body_keys()
        fields = body if isinstance(body, dict) else {}
        code, message = fields.get(code_key), fields.get(msg_key)
        return cls(
            code if isinstance(code, str) and code else SYSTEM_ERROR,
            message if isinstance(message, str) else None,
            status,
        )

    def render(self, version: Version) -> tuple[int, dict[str, str]]:
        """The status and body ``version``'s API answers with for this error (made here or answered
        by v2): v1.0 callers get the error table's v1.0 code and status for a v2-only code."""
        if version == "v2":
            return self.status, self.body()
        out = translate_error("v2_to_v1", self.status, self.body())
        rendered = ApiError.from_body(out.status, out.body)
        return rendered.status, rendered.body()


def render_body(version: Version, status: int, body: Any) -> tuple[int, dict[str, str]]:
    """Any error answer (``status`` and a body from v2 or made here) in ``version``'s dialect."""
    return ApiError.from_body(status, body).render(version)


def documented_codes() -> frozenset[str]:
    """Every error code the error table documents (plus the gateway's route-not-found code)."""
    return frozenset(_table())


def documented(code: str) -> tuple[int, str]:
    """The documented status and message of ``code``."""
    return _table()[code]


def parameter_error(code: str, field: str, detail: str | None = None) -> ApiError:
    """A 400 naming the parameter, worded as the docs show it; ``detail`` (what rule the value
    breaks) follows the docs' wording."""
    _, msg = _table()[code]
    said = f"{msg.rstrip('.')},parameterName:{field}{_HINT}"
    return ApiError(code, f"{said}. {detail}" if detail else said)


def not_found(code: str, label: str, ident: str) -> ApiError:
    """A 404 naming the missing resource, e.g. ``App 356de8... does not exist``."""
    return ApiError(code, f"{label} {ident} does not exist", 404)
