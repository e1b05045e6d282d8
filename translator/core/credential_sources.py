"""Where a command's credentials come from, first found wins: its flags (``--token``, ``--ak`` with
``--sk`` or ``--sk-file``), the SDK's credentials file (``--credentials-file``: ``[basic]`` with
``ak``, ``sk``, ``project_id``, here also ``token``), the variables the official SDK reads
(``HUAWEICLOUD_SDK_AK``, ``HUAWEICLOUD_SDK_SK``, ``HUAWEICLOUD_SDK_SECURITY_TOKEN``,
``HUAWEICLOUD_SDK_PROJECT_ID``), then a token in ``APIG_TOKEN``.

A file keeps the secret out of ``ps``; an error names the file or the flag, never a value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from translator.core.credentials import Credentials
from translator.core.secrets import SecretFileError, read_credentials, read_secret

__all__ = ["Access", "CredentialsError", "resolve_access"]

ENV_AK = "HUAWEICLOUD_SDK_AK"
ENV_SK = "HUAWEICLOUD_SDK_SK"
ENV_SECURITY_TOKEN = "HUAWEICLOUD_SDK_SECURITY_TOKEN"
ENV_PROJECT_ID = "HUAWEICLOUD_SDK_PROJECT_ID"
ENV_TOKEN = "APIG_TOKEN"


class CredentialsError(ValueError):
    """Credentials that cannot be used as given; the message names flags and files only."""


@dataclass(frozen=True, repr=False)
class Access:
    """The credentials to call with (None: unauthenticated) and the project id found with them."""

    credentials: Credentials | None
    project_id: str | None

    def __repr__(self) -> str:
        kind = self.credentials.kind if self.credentials is not None else None
        return f"Access(credentials={kind!r}, project_id={self.project_id!r})"


def resolve_access(
    *,
    token: str | None = None,
    ak: str | None = None,
    sk: str | None = None,
    security_token: str | None = None,
    sk_file: str | None = None,
    credentials_file: str | None = None,
    project_id: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Access:
    """The credentials and project id from the flags given, the credentials file, the
    environment (``environ``, default ``os.environ``), in that order."""
    env = os.environ if environ is None else environ
    if sk and sk_file:
        raise CredentialsError("give --sk or --sk-file, not both")
    try:
        profile = read_credentials(credentials_file) if credentials_file else {}
        if sk_file:
            sk = read_secret(sk_file)
    except SecretFileError as exc:
        raise CredentialsError(str(exc)) from None
    token = token or profile.get("token")
    ak = ak or profile.get("ak") or env.get(ENV_AK)
    sk = sk or profile.get("sk") or env.get(ENV_SK)
    project = project_id or profile.get("project_id") or env.get(ENV_PROJECT_ID) or None
    if token:
        return Access(Credentials.from_token(token), project)
    if ak and sk:
        return Access(Credentials.from_aksk(ak, sk, security_token or env.get(ENV_SECURITY_TOKEN)), project)
    if env.get(ENV_TOKEN):
        return Access(Credentials.from_token(env[ENV_TOKEN]), project)
    return Access(None, project)
