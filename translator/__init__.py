"""apig-translator: move API Gateway tenants from the shared v1.0 API to the dedicated v2 API.

The public API is assembled here; everything else is an implementation detail.
"""

from translator.core.blocking import BlockingApiClient
from translator.core.client import ApiClient, ApiResult
from translator.core.credentials import Credentials
from translator.core.retry import RetryPolicy
from translator.errors import (
    ApiCallError,
    ApiStatusError,
    ApiTimeout,
    ApiUnreachable,
    BadRequest,
    BadSignature,
    ClockSkew,
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
    ValidationFailed,
)
from translator.mapping.load import Mappings, OperationPair, load_mappings
from translator.matrix import MatrixRow, compatibility_matrix
from translator.models import OperationModels, models_for, problems, validate
from translator.signing import sign, verify
from translator.spec import ApiSpec, FieldSpec, OperationSpec, load_spec
from translator.translate import (
    Converted,
    IdRewrite,
    Note,
    TranslatedRequest,
    TranslatedResponse,
    convert,
    route_request,
    translate_error,
    translate_request,
    translate_response,
)

__all__ = [
    "ApiCallError",
    "ApiClient",
    "ApiResult",
    "ApiSpec",
    "ApiStatusError",
    "ApiTimeout",
    "ApiUnreachable",
    "BadRequest",
    "BadSignature",
    "BlockingApiClient",
    "ClockSkew",
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
    "ValidationFailed",
    "compatibility_matrix",
    "convert",
    "load_mappings",
    "load_spec",
    "models_for",
    "problems",
    "route_request",
    "sign",
    "translate_error",
    "translate_request",
    "translate_response",
    "validate",
    "verify",
]
