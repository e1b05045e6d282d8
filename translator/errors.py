"""The project's exceptions.

Everything the package raises on purpose derives from ``TranslatorError``::

    TranslatorError
    ├── SpecError                 spec data missing or malformed (a packaging defect)
    ├── TableError                a mapping table is invalid; names the file and the entry
    │   └── CatalogError          the resource catalog is invalid; names the entry
    ├── TranslationError          a body or URL cannot be translated
    │   ├── UnknownOperation      no operation matches the id, method or path
    │   ├── ValidationFailed      a body violates the source model; names the field
    │   └── OutOfRange            a value valid on one side only, with policy "reject"
    └── SigningError              an SDK-HMAC-SHA256 signature is missing, malformed or wrong
        ├── MissingSignature
        ├── BadSignature
        ├── UnknownAccessKey
        └── ClockSkew

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
