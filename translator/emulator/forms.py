"""Request bodies sent as ``multipart/form-data`` (the v2 Swagger import), decoded into the JSON
object the operation's request spec describes.

Each form field is typed by the spec: booleans and integers from their text, an ``object`` field
(an uploaded file) parsed as a JSON or YAML document. Decoding errors are the documented 400s:
an empty upload ``APIG.3609``, a file neither JSON nor YAML ``APIG.3600``.
"""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

import orjson
import yaml

from translator.emulator.apierrors import ApiError, parameter_error
from translator.spec import FieldSpec, OperationSpec

MULTIPART = "multipart/form-data"


def is_form(content_type: str | None) -> bool:
    return (content_type or "").split(";", 1)[0].strip().lower() == MULTIPART


def _parts(raw: bytes, content_type: str) -> dict[str, bytes]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        raise ApiError("APIG.2000", "Parameter error: malformed multipart/form-data body")
    out: dict[str, bytes] = {}
    for part in message.iter_parts():
        if not isinstance(part, EmailMessage):
            continue
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            out.setdefault(name, payload)
    return out


def document(raw: bytes) -> Any:
    """An uploaded JSON or YAML document."""
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        raise ApiError("APIG.3609")
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise ApiError("APIG.3600") from None


def _typed(f: FieldSpec, raw: bytes) -> Any:
    if f.type == "object":
        return document(raw)
    text = raw.decode("utf-8", "replace")
    if f.type == "boolean":
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise parameter_error("APIG.2011", f.name)
        return lowered == "true"
    if f.type == "integer":
        try:
            return int(text.strip())
        except ValueError:
            raise parameter_error("APIG.2011", f.name) from None
    return text


def decode(op: OperationSpec, raw: bytes, content_type: str) -> dict[str, Any]:
    """The form of ``raw`` as the operation's request object (undocumented fields dropped)."""
    fields = {f.name: f for f in (op.request.fields if op.request is not None else ())}
    return {
        name: _typed(fields[name], value)
        for name, value in _parts(raw, content_type).items()
        if name in fields
    }
