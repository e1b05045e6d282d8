"""Request bodies sent as ``multipart/form-data`` (the v2 Swagger import): :func:`encode` the
request object the operation's request spec describes into a form, :func:`decode` a form into it.

Each form field is typed by the spec: booleans and integers as their text, an ``object`` field as
an uploaded file holding a JSON or YAML document. Decoding errors are the documented 400s: an
empty upload ``APIG.3609``, a file neither JSON nor YAML ``APIG.3600``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, NamedTuple

import orjson
import yaml

from translator.core.apierrors import ApiError, parameter_error
from translator.spec import FieldSpec, OperationSpec

MULTIPART = "multipart/form-data"


def file_fields(op: OperationSpec) -> tuple[str, ...]:
    """The request fields of ``op`` that are files: root fields of type ``object`` with no
    documented members (the spec's description of an upload). Empty: ``op`` takes no form."""
    if op.request is None or op.request.shape != "object":
        return ()
    return tuple(
        f.name for f in op.request.fields if f.type == "object" and not f.children and f.values is None
    )


def takes_form(op: OperationSpec) -> bool:
    """Whether ``op``'s request travels as ``multipart/form-data``."""
    return bool(file_fields(op))


def text(value: Any) -> str:
    """A scalar as a form field or query parameter reads it (booleans ``true``/``false``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode("utf-8")
    return str(value)


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
    except (yaml.YAMLError, RecursionError):  # a document nested past the parser's stack is no document
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


class File(NamedTuple):
    """An uploaded file of a form, when its name or media type matter (else give bytes or a document)."""

    filename: str
    content: bytes
    media_type: str = "application/octet-stream"


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


def _part(f: FieldSpec, value: Any) -> tuple[str, str, bytes]:
    """(extra Content-Disposition parameters, Content-Type, content) of one field's part."""
    if f.type == "object":
        if isinstance(value, File):
            return f'; filename="{_quoted(value.filename)}"', value.media_type, value.content
        if isinstance(value, bytes | str):
            raw = value.encode("utf-8") if isinstance(value, str) else value
            return f'; filename="{f.name}"', "application/octet-stream", raw
        return f'; filename="{f.name}.json"', "application/json", orjson.dumps(value)
    if not isinstance(value, bool | int | float | str):
        raise ValueError(f"form field {f.name}: a {f.type} cannot be {type(value).__name__}")
    return "", "text/plain; charset=utf-8", text(value).encode("utf-8")


def encode(op: OperationSpec, data: Mapping[str, Any], boundary: str | None = None) -> tuple[bytes, str]:
    """``data`` (the operation's request object) as a form: (body, Content-Type header value).

    Fields are typed by the request spec: ``object`` fields are files (a :class:`File`, raw bytes or
    text, or a document sent as JSON), the others text. ``None`` values are left out; a field the
    request does not document is a ``ValueError``.
    """
    fields = {f.name: f for f in (op.request.fields if op.request is not None else ())}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(f"{op.id}: the request has no form field {', '.join(unknown)}")
    parts = [(name, *_part(fields[name], value)) for name, value in data.items() if value is not None]
    chosen = boundary or uuid.uuid4().hex
    marker = f"--{chosen}".encode("latin-1")
    if any(marker in content for *_, content in parts):
        if boundary is not None:
            raise ValueError("the form boundary occurs in a field's content")
        return encode(op, data)
    out = bytearray()
    for name, disposition, media_type, content in parts:
        out += marker + b"\r\n"
        out += f'Content-Disposition: form-data; name="{_quoted(name)}"{disposition}\r\n'.encode()
        out += f"Content-Type: {media_type}\r\n\r\n".encode() + content + b"\r\n"
    out += marker + b"--\r\n"
    return bytes(out), f"{MULTIPART}; boundary={chosen}"
