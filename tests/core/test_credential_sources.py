"""Where the migration commands' credentials come from: flags, a secret file, the SDK's
credentials file, the SDK's variables, APIG_TOKEN; errors name files, never values."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.core.credential_sources import CredentialsError, resolve_access

SK = "sk-0123456789-very-secret"


def _file(path: Path, text: str) -> str:
    path.write_text(text)
    path.chmod(0o600)
    return str(path)


def test_flags_win_over_the_file_and_the_environment(tmp_path: Path) -> None:
    ini = _file(tmp_path / "c.ini", f"[basic]\nak = FILEAK\nsk = {SK}\nproject_id = pfile\n")
    env = {"HUAWEICLOUD_SDK_AK": "ENVAK", "HUAWEICLOUD_SDK_SK": "envsk", "HUAWEICLOUD_SDK_PROJECT_ID": "penv"}
    got = resolve_access(ak="FLAGAK", sk="flagsk", credentials_file=ini, project_id="pflag", environ=env)
    assert got.credentials is not None and (got.credentials.ak, got.credentials.sk) == ("FLAGAK", "flagsk")
    assert got.project_id == "pflag"
    got = resolve_access(credentials_file=ini, environ=env)
    assert got.credentials is not None and (got.credentials.ak, got.credentials.sk) == ("FILEAK", SK)
    assert got.project_id == "pfile"
    got = resolve_access(environ=env)
    assert got.credentials is not None and (got.credentials.ak, got.credentials.sk) == ("ENVAK", "envsk")
    assert got.project_id == "penv"


def test_the_secret_key_from_its_own_file(tmp_path: Path) -> None:
    path = _file(tmp_path / "sk", SK + "\n")
    got = resolve_access(ak="AK", sk_file=path, environ={})
    assert got.credentials is not None and got.credentials.kind == "aksk" and got.credentials.sk == SK
    assert SK not in repr(got) and SK not in repr(got.credentials)
    with pytest.raises(CredentialsError, match="not both"):
        resolve_access(ak="AK", sk=SK, sk_file=path, environ={})


def test_tokens_and_nothing(tmp_path: Path) -> None:
    ini = _file(tmp_path / "c.ini", "[basic]\ntoken = filetoken\n")
    got = resolve_access(credentials_file=ini, environ={"APIG_TOKEN": "envtoken"})
    assert got.credentials is not None and got.credentials.token == "filetoken"
    got = resolve_access(environ={"APIG_TOKEN": "envtoken"})
    assert got.credentials is not None and got.credentials.token == "envtoken"
    assert resolve_access(environ={}).credentials is None
    secured = resolve_access(ak="AK", sk=SK, environ={"HUAWEICLOUD_SDK_SECURITY_TOKEN": "st"})
    assert secured.credentials is not None and secured.credentials.security_token == "st"


def test_a_bad_file_is_named_without_its_content(tmp_path: Path) -> None:
    two_lines = _file(tmp_path / "sk", f"{SK}\nsecond line\n")
    with pytest.raises(CredentialsError) as err:
        resolve_access(ak="AK", sk_file=two_lines, environ={})
    assert two_lines in str(err.value) and SK not in str(err.value)
    bad = _file(tmp_path / "c.ini", f"sk = {SK}\n")
    with pytest.raises(CredentialsError) as err:
        resolve_access(credentials_file=bad, environ={})
    assert bad in str(err.value) and SK not in str(err.value)
    with pytest.raises(CredentialsError, match="missing"):
        resolve_access(sk_file=str(tmp_path / "missing"), environ={})
