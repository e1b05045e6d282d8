"""apig-translator: move API Gateway tenants from the shared v1.0 API to the dedicated v2 API.

The public API is assembled here; everything else is an implementation detail. Names load on
first use (PEP 562): ``import translator`` costs nothing, and a command that needs only the tables
never loads the HTTP clients.
"""

import typing as _typing
from importlib import import_module as _import_module

if _typing.TYPE_CHECKING:
    from translator.core.blocking import BlockingApiClient
    from translator.core.client import ApiClient, ApiResult
    from translator.core.credentials import Credentials
    from translator.core.retry import RetryPolicy
    from translator.errors import (
        ApiCallError,
        ApiStatusError,
        ApiTimeout,
        ApiUnreachable,
        BadInput,
        BadRequest,
        BadSignature,
        ClockSkew,
        ConstantMismatch,
        Forbidden,
        IncompleteListing,
        MissingSignature,
        NotFound,
        OutOfRange,
        RateLimited,
        ServerError,
        SigningError,
        SpecError,
        TableError,
        TranslationError,
        TranslatorError,
        Unauthorized,
        UnknownAccessKey,
        UnknownOperation,
        Untranslatable,
        ValidationFailed,
    )
    from translator.mapping.load import Mappings, OperationPair, load_mappings
    from translator.matrix import MatrixRow, compatibility_matrix
    from translator.models import OperationModels, models_for, problems, validate
    from translator.models.rules import Breach, breaches
    from translator.signing import sign, verify
    from translator.spec import ApiSpec, FieldSpec, OperationSpec, load_spec
    from translator.translate import (
        Converted,
        IdRewrite,
        Note,
        TranslatedRequest,
        TranslatedResponse,
        convert,
        route_direction,
        route_request,
        translate_error,
        translate_request,
        translate_response,
    )

_HOMES: dict[str, str] = {
    "ApiCallError": "translator.errors",
    "ApiClient": "translator.core.client",
    "ApiResult": "translator.core.client",
    "ApiSpec": "translator.spec",
    "ApiStatusError": "translator.errors",
    "ApiTimeout": "translator.errors",
    "ApiUnreachable": "translator.errors",
    "BadInput": "translator.errors",
    "BadRequest": "translator.errors",
    "BadSignature": "translator.errors",
    "BlockingApiClient": "translator.core.blocking",
    "Breach": "translator.models.rules",
    "ClockSkew": "translator.errors",
    "ConstantMismatch": "translator.errors",
    "Converted": "translator.translate",
    "Credentials": "translator.core.credentials",
    "FieldSpec": "translator.spec",
    "Forbidden": "translator.errors",
    "IdRewrite": "translator.translate",
    "IncompleteListing": "translator.errors",
    "Mappings": "translator.mapping.load",
    "MatrixRow": "translator.matrix",
    "MissingSignature": "translator.errors",
    "NotFound": "translator.errors",
    "Note": "translator.translate",
    "OperationModels": "translator.models",
    "OperationPair": "translator.mapping.load",
    "OperationSpec": "translator.spec",
    "OutOfRange": "translator.errors",
    "RateLimited": "translator.errors",
    "RetryPolicy": "translator.core.retry",
    "ServerError": "translator.errors",
    "SigningError": "translator.errors",
    "SpecError": "translator.errors",
    "TableError": "translator.errors",
    "TranslatedRequest": "translator.translate",
    "TranslatedResponse": "translator.translate",
    "TranslationError": "translator.errors",
    "TranslatorError": "translator.errors",
    "Unauthorized": "translator.errors",
    "UnknownAccessKey": "translator.errors",
    "UnknownOperation": "translator.errors",
    "Untranslatable": "translator.errors",
    "ValidationFailed": "translator.errors",
    "breaches": "translator.models.rules",
    "compatibility_matrix": "translator.matrix",
    "convert": "translator.translate",
    "load_mappings": "translator.mapping.load",
    "load_spec": "translator.spec",
    "models_for": "translator.models",
    "problems": "translator.models",
    "route_direction": "translator.translate",
    "route_request": "translator.translate",
    "sign": "translator.signing",
    "translate_error": "translator.translate",
    "translate_request": "translator.translate",
    "translate_response": "translator.translate",
    "validate": "translator.models",
    "verify": "translator.signing",
}
"""Each public name and the module that defines it."""

__all__ = [
    "ApiCallError",
    "ApiClient",
    "ApiResult",
    "ApiSpec",
    "ApiStatusError",
    "ApiTimeout",
    "ApiUnreachable",
    "BadInput",
    "BadRequest",
    "BadSignature",
    "BlockingApiClient",
    "Breach",
    "ClockSkew",
    "ConstantMismatch",
    "Converted",
    "Credentials",
    "FieldSpec",
    "Forbidden",
    "IdRewrite",
    "IncompleteListing",
    "Mappings",
    "MatrixRow",
    "MissingSignature",
    "NotFound",
    "Note",
    "OperationModels",
    "OperationPair",
    "OperationSpec",
    "OutOfRange",
    "RateLimited",
    "RetryPolicy",
    "ServerError",
    "SigningError",
    "SpecError",
    "TableError",
    "TranslatedRequest",
    "TranslatedResponse",
    "TranslationError",
    "TranslatorError",
    "Unauthorized",
    "UnknownAccessKey",
    "UnknownOperation",
    "Untranslatable",
    "ValidationFailed",
    "breaches",
    "compatibility_matrix",
    "convert",
    "load_mappings",
    "load_spec",
    "models_for",
    "problems",
    "route_direction",
    "route_request",
    "sign",
    "translate_error",
    "translate_request",
    "translate_response",
    "validate",
    "verify",
]


def __getattr__(name: str) -> _typing.Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'translator' has no attribute {name!r}")
    value = getattr(_import_module(home), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
