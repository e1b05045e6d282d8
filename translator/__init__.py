"""apig-translator: move API Gateway tenants from the shared v1.0 API to the dedicated v2 API.

The public API is assembled here; everything else is an implementation detail.
"""

from translator.errors import (
    BadInput,
    BadSignature,
    ClockSkew,
    ConstantMismatch,
    MissingSignature,
    OutOfRange,
    SigningError,
    SpecError,
    TableError,
    TranslationError,
    TranslatorError,
    UnknownAccessKey,
    UnknownOperation,
    Untranslatable,
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
    route_direction,
    route_request,
    translate_error,
    translate_request,
    translate_response,
)

__all__ = [
    "ApiSpec",
    "BadInput",
    "BadSignature",
    "ClockSkew",
    "ConstantMismatch",
    "Converted",
    "FieldSpec",
    "IdRewrite",
    "Mappings",
    "MatrixRow",
    "MissingSignature",
    "Note",
    "OperationModels",
    "OperationPair",
    "OperationSpec",
    "OutOfRange",
    "SigningError",
    "SpecError",
    "TableError",
    "TranslatedRequest",
    "TranslatedResponse",
    "TranslationError",
    "TranslatorError",
    "UnknownAccessKey",
    "UnknownOperation",
    "Untranslatable",
    "ValidationFailed",
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
