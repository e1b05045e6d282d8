"""Request bodies sent as ``multipart/form-data`` (the v2 Swagger import): which operations take
a form, and the encoding of one.

An operation takes a form when its request carries a file: a root field of type ``object`` with
no documented members (the spec's description of an upload; the SDK sends such a body as
``multipart/form-data``). Text fields are sent as the API reads them: booleans as ``true`` and
``false``, numbers as digits, objects and arrays as JSON; files as parts with a file name and a
content type. The boundary is random per body.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from translator.spec import OperationSpec

MULTIPART = "multipart/form-data"


@dataclass(frozen=True, slots=True)
class FilePart:
    """A file sent as one part of a form."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def file_fields(op: OperationSpec) -> tuple[str, ...]:
    """The request fields of ``op`` that are files (empty: ``op`` takes no form)."""
    if op.request is None or op.request.shape != "object":
        return ()
    return tuple(
        f.name for f in op.request.fields if f.type == "object" and not f.children and f.values is None
    )


def takes_form(op: OperationSpec) -> bool:
    """Whether ``op``'s request is a ``multipart/form-data`` form."""
    return bool(file_fields(op))


def text(value: Any) -> str:
    """A form field's text as the API reads it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode("utf-8")
    return str(value)


def _quoted(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", " ")


def encode(fields: Mapping[str, Any], files: Mapping[str, FilePart]) -> tuple[bytes, str]:
    """The form's bytes and its ``Content-Type`` (with the boundary); None values are left out."""
    boundary = "apig-" + secrets.token_hex(16)
    out = bytearray()
    for name, value in fields.items():
        if value is None:
            continue
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{_quoted(name)}"\r\n\r\n'.encode()
        out += text(value).encode("utf-8") + b"\r\n"
    for name, part in files.items():
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quoted(name)}"; '
            f'filename="{_quoted(part.filename)}"\r\nContent-Type: {part.content_type}\r\n\r\n'
        ).encode()
        out += part.content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"{MULTIPART}; boundary={boundary}"
