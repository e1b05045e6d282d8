"""Error responses in the documented form: ``{"error_code": "APIG.xxxx", "error_msg": "..."}``.

Statuses and default messages come from the documented error code table (``translator/spec/errors.json``).
Messages never carry secret values.
"""

from __future__ import annotations

from functools import cache

from translator.spec import load_errors

ROUTE_NOT_FOUND = "APIG.0101"
"""The gateway's answer for a path no operation serves (not on the management API's error page)."""
_EXTRA = {ROUTE_NOT_FOUND: (404, "The API does not exist or has not been published in the environment")}
_HINT = ". Please refer to the support documentation"


@cache
def _table() -> dict[str, tuple[int, str]]:
    rows = {str(e["error_code"]): (int(e["status"]), str(e["error_msg"])) for e in load_errors()}
    return {**rows, **_EXTRA}


class ApiError(Exception):
    """A documented error: the HTTP status, the error code and the message."""

    def __init__(self, code: str, message: str | None = None, status: int | None = None) -> None:
        known_status, known_msg = _table().get(code, (500, "System error."))
        self.code = code
        self.status = status if status is not None else known_status
        self.message = message if message is not None else known_msg.rstrip(".")
        super().__init__(f"{self.status} {code}: {self.message}")

    def body(self) -> dict[str, str]:
        return {"error_code": self.code, "error_msg": self.message}


def documented(code: str) -> tuple[int, str]:
    """The documented status and message of ``code``."""
    return _table()[code]


def parameter_error(code: str, field: str) -> ApiError:
    """A 400 naming the parameter, worded as the docs show it."""
    _, msg = _table()[code]
    return ApiError(code, f"{msg.rstrip('.')},parameterName:{field}{_HINT}")


def not_found(code: str, label: str, ident: str) -> ApiError:
    """A 404 naming the missing resource, e.g. ``App 356de8... does not exist``."""
    return ApiError(code, f"{label} {ident} does not exist", 404)
