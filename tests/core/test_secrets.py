"""Secrets from files: one secret alone, or the SDK's INI credentials file."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.core.secrets import SecretFileError, read_credentials, read_secret, readable_by_others


def test_a_secret_file_holds_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sk"
    path.write_text("s3cr3t\n", encoding="utf-8")
    assert read_secret(str(path)) == "s3cr3t"
    for content in ("", "\n", "one\ntwo\n"):
        path.write_text(content, encoding="utf-8")
        with pytest.raises(SecretFileError, match="alone on one line"):
            read_secret(str(path))
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(SecretFileError, match="UTF-8"):
        read_secret(str(path))
    path.write_bytes(b"x" * 70_000)
    with pytest.raises(SecretFileError, match="larger than"):
        read_secret(str(path))
    with pytest.raises(SecretFileError, match="No such file"):
        read_secret(str(tmp_path / "none"))


def test_the_sdk_credentials_file(tmp_path: Path) -> None:
    path = tmp_path / "credentials"
    path.write_text("[basic]\nak = AK\nsk = SK\nproject_id = P\n\n[global]\nak = G\n", encoding="utf-8")
    assert read_credentials(str(path)) == {"ak": "AK", "sk": "SK", "project_id": "P"}
    path.write_text("[global]\nak = G\n", encoding="utf-8")
    with pytest.raises(SecretFileError, match=r"no \[basic\] section"):
        read_credentials(str(path))
    path.write_text("ak = AK\nsk = VERY-SECRET\n", encoding="utf-8")
    with pytest.raises(SecretFileError) as info:
        read_credentials(str(path))
    assert "VERY-SECRET" not in str(info.value)


def test_readable_by_others(tmp_path: Path) -> None:
    path = tmp_path / "sk"
    path.write_text("x\n", encoding="utf-8")
    path.chmod(0o600)
    assert not readable_by_others(str(path))
    path.chmod(0o644)
    assert readable_by_others(str(path))
