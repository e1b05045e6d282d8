"""The project's exceptions.

Everything the package raises on purpose derives from ``TranslatorError``::

    TranslatorError
    ├── SpecError                 spec data missing or malformed (a packaging defect)
    ├── TableError                a mapping table is invalid; names the file and the entry
    │   └── CatalogError          the resource catalog is invalid; names the entry
    ├── BadInput                  an input document cannot be read: not UTF-8, not JSON, too large,
    │                             nested too deep, a list too long; names the limit and the field
    ├── TranslationError          a body or URL cannot be translated
    │   ├── UnknownOperation      no operation matches the id, method or path
    │   ├── ValidationFailed      a body violates the source model; names the field
    │   ├── OutOfRange            a value valid on one side only, with policy "reject"
    │   ├── ConstantMismatch      a field the table holds constant has another value
    │   └── Untranslatable        the translation is not valid for the target's model; names the
    │                             target field and the table's reason
    ├── IdMapError                an id map file is not one, of another format or direction, or a
    │                             row contradicts one already there
    ├── SigningError              an SDK-HMAC-SHA256 signature is missing, malformed or wrong
    │   ├── MissingSignature
    │   ├── BadSignature
    │   ├── UnknownAccessKey
    │   └── ClockSkew
    └── ApiCallError              a call through the API client failed: op id, status, error code,
        │                         message (the API's error message), attempts made
        ├── ApiStatusError        the API answered with a non-2xx status
        │   ├── BadRequest        400: the request was refused (validation, duplicate name, ...)
        │   ├── Unauthorized      401: no, wrong or expired credentials, or a bad signature
        │   ├── Forbidden         403: not allowed, or over a quota
        │   ├── NotFound          404: no such object (or route)
        │   ├── RateLimited       429, still after the retries
        │   └── ServerError       5xx, still after the retries
        ├── ApiUnreachable        no answer: the connection failed, still after the retries
        │   └── ApiTimeout        no answer within the timeout
        └── IncompleteListing     list_all: the pages do not add up to ``total``, repeat or end early

Messages never contain secret values (app_secret, sign_secret, AK/SK, tokens).
"""

from __future__ import annotations

from translator.redact import shown


class TranslatorError(Exception):
    """Base of every exception the package raises on purpose."""


class SpecError(TranslatorError):
    """The packaged spec data is missing or malformed."""


class TableError(TranslatorError):
    """A mapping table failed validation; the message names the file and the entry."""

    def __init__(self, source: str, entry: str, problem: str) -> None:
        self.source = source
        self.entry = entry
        self.problem = problem
        super().__init__(f"{source}: {entry}: {problem}")


class CatalogError(TableError):
    """The resource catalog (``mappings/catalog.yaml``) failed validation; names the entry."""


class TranslationError(TranslatorError):
    """A request, response or URL cannot be translated."""


class UnknownOperation(TranslationError):
    """No operation matches the given id, method or path."""


class ValidationFailed(TranslationError):
    """A body violates the model of its source version; ``field`` is its dotted path."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class OutOfRange(TranslationError):
    """A value valid on one side only, where the table's policy is to reject it."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        super().__init__(f"{field}: {shown(field, value)} is outside the target range {allowed}")


class ConstantMismatch(TranslationError):
    """A field the table holds constant for the operation (``action: online`` of a publish) has
    another value: the message is not one of this operation."""

    def __init__(self, field: str, value: object, expected: object) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(
            f"{field}: {shown(field, value)} does not match the operation, which always has {expected!r}"
        )


class Untranslatable(TranslationError):
    """The translated body is not valid for the target's model: ``field`` is the target field,
    ``problem`` what the model says, ``reason`` why the translation could not produce it (the
    table's reason for what was dropped, when it gives one); ``target`` the operation, e.g.
    ``v1.0 vpc_channel.create``."""

    def __init__(self, target: str, field: str, problem: str, reason: str = "") -> None:
        self.target = target
        self.field = field
        self.problem = problem
        self.reason = " ".join(reason.split())
        why = f"; {self.reason}" if self.reason else ""
        super().__init__(f"{target} would refuse the translation: {field or 'body'}: {problem}{why}")


class BadInput(TranslatorError):
    """An input document cannot be read: ``limit`` names the rule it breaks (``encoding``, ``syntax``,
    ``size``, ``depth``, ``items``) and ``field`` where, when that is known."""

    def __init__(self, limit: str, message: str, field: str = "") -> None:
        self.limit = limit
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)


class IdMapError(TranslatorError):
    """An id map cannot be read or written as asked (``translator.core.idmap``)."""


class SigningError(TranslatorError):
    """An SDK-HMAC-SHA256 signature is missing, malformed or does not verify."""


class MissingSignature(SigningError):
    """The request carries no Authorization header or no X-Sdk-Date."""


class BadSignature(SigningError):
    """The Authorization header is malformed or its signature does not match."""


class UnknownAccessKey(SigningError):
    """The access key in the Authorization header is not known."""


class ClockSkew(SigningError):
    """X-Sdk-Date is further from the server's clock than the allowed skew."""


class ApiCallError(TranslatorError):
    """A call through the API client failed.

    ``op_id`` is the operation called; ``status`` the HTTP status answered (None: no answer);
    ``code`` and ``message`` the API's error code and message (the message only
    ever comes from the answer or the client, never from the request's headers or body);
    ``attempts`` how many times the request was sent.
    """

    def __init__(
        self,
        op_id: str,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        attempts: int = 1,
    ) -> None:
        self.op_id = op_id
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.attempts = attempts
        head = " ".join(str(p) for p in (status, code) if p is not None)
        tries = f" (after {attempts} attempts)" if attempts > 1 else ""
        super().__init__(f"{op_id}: {head + ': ' if head else ''}{message}{tries}")


class ApiStatusError(ApiCallError):
    """The API answered with a non-2xx status (``status`` is set)."""


class BadRequest(ApiStatusError):
    """400: the API refused the request (a field, a duplicate name, a missing reference)."""


class Unauthorized(ApiStatusError):
    """401: no credentials, a wrong token or key, an expired date or a bad signature."""


class Forbidden(ApiStatusError):
    """403: the caller may not do this, or a quota is full."""


class NotFound(ApiStatusError):
    """404: no such object, or no such route."""


class RateLimited(ApiStatusError):
    """429: too many requests, still after the retries."""


class ServerError(ApiStatusError):
    """5xx: the API failed, still after the retries."""


class ApiUnreachable(ApiCallError):
    """No answer: the connection failed (``status`` is None), still after the retries."""


class ApiTimeout(ApiUnreachable):
    """No answer within the client's timeout, still after the retries."""


class IncompleteListing(ApiCallError):
    """``list_all``: the pages do not add up to ``total``, a page repeats, or the pages end early."""
