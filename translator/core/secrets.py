"""Secrets kept off the command line (where every local user reads them in ``ps``).

As the official SDK does, a secret comes from an environment variable (``HUAWEICLOUD_SDK_AK``,
``HUAWEICLOUD_SDK_SK``; the commands name theirs in ``--help``) or from a file: a file holding the
secret alone (``--sk-file``, as container secrets are mounted), or the SDK's credentials file, an
INI file whose ``[basic]`` section holds ``ak``, ``sk`` and ``project_id`` (here also ``token``).
Errors name the file and the key, never the value.
"""

from __future__ import annotations

import configparser
import os
import stat

MAX_SECRET_FILE = 64 * 1024
CREDENTIALS_SECTION = "basic"
CREDENTIAL_KEYS = ("ak", "sk", "project_id", "token")


class SecretFileError(ValueError):
    """A secret file cannot be read or holds no secret; the message names the file only."""


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SECRET_FILE + 1)
    except OSError as exc:
        raise SecretFileError(f"{path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_SECRET_FILE:
        raise SecretFileError(f"{path}: larger than {MAX_SECRET_FILE} bytes; not a secret file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SecretFileError(f"{path}: not UTF-8 text") from None


def read_secret(path: str) -> str:
    """The secret in file ``path``: its text without the trailing newline (one line, not empty)."""
    value = _read(path).strip("\r\n")
    if not value.strip() or "\n" in value:
        raise SecretFileError(f"{path}: expected the secret alone on one line")
    return value


def read_credentials(path: str) -> dict[str, str]:
    """The ``[basic]`` keys of an SDK credentials file that are set (``ak``, ``sk``, ``project_id``,
    ``token``)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_read(path), source=path)
    except configparser.Error as exc:
        raise SecretFileError(f"{path}: not an INI credentials file ({type(exc).__name__})") from None
    if not parser.has_section(CREDENTIALS_SECTION):
        raise SecretFileError(f"{path}: no [{CREDENTIALS_SECTION}] section")
    section = parser[CREDENTIALS_SECTION]
    return {k: section[k].strip() for k in CREDENTIAL_KEYS if section.get(k, "").strip()}


def readable_by_others(path: str) -> bool:
    """Whether users other than the owner may read ``path`` (worth a warning for a secret file)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRGRP | stat.S_IROTH))
