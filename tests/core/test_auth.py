"""translator.core.auth: callers checked against a token and an AK/SK key lookup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from translator.core.apierrors import ApiError
from translator.core.auth import CallerAuth
from translator.signing import sign

AK = "HPUAEXAMPLEACCESSKEY"
SK = "sk-Very-Secret-0123456789abcdefSECRET"
TOKEN = "tok-Very-Secret-0123456789"
HOST = "https://apig.example.com"
PATH = "/v1.0/apigw/apis"
QUERY = "page_no=1&page_size=20"
BODY = b'{"name": "api_1"}'
LOOKUP = {AK: SK}.get


def _signed(ak: str = AK, sk: str = SK, now: datetime | None = None) -> dict[str, str]:
    return sign("POST", f"{HOST}{PATH}?{QUERY}", {"Content-Type": "application/json"}, BODY, ak, sk, now)


def _code(auth: CallerAuth, headers: dict[str, str], body: bytes = BODY) -> str | None:
    try:
        auth.check("POST", PATH, QUERY, headers, body)
    except ApiError as err:
        assert err.status == 401
        for secret in (SK, TOKEN, "wrong-token", headers.get("Authorization", "-")[-64:]):
            assert secret not in err.message
        return err.code
    return None


@pytest.fixture
def auth() -> CallerAuth:
    return CallerAuth(TOKEN, LOOKUP)


def test_open_when_neither_token_nor_lookup_is_configured() -> None:
    assert CallerAuth().open and _code(CallerAuth(), {}) is None
    assert not CallerAuth(TOKEN).open and not CallerAuth(lookup=LOOKUP).open


def test_the_configured_token_is_accepted(auth: CallerAuth) -> None:
    assert _code(auth, {"X-Auth-Token": TOKEN}) is None


def test_a_wrong_token_is_apig_1002(auth: CallerAuth) -> None:
    assert _code(auth, {"X-Auth-Token": "wrong-token"}) == "APIG.1002"


def test_a_good_signature_is_accepted(auth: CallerAuth) -> None:
    assert _code(auth, _signed()) is None
    assert _code(CallerAuth(lookup=LOOKUP), _signed()) is None


def test_a_tampered_request_is_apig_1002(auth: CallerAuth) -> None:
    assert _code(auth, _signed(), body=b'{"name": "api_2"}') == "APIG.1002"
    headers = _signed()
    headers["Authorization"] = headers["Authorization"][:-1] + (
        "0" if headers["Authorization"][-1] != "0" else "1"
    )
    assert _code(auth, headers) == "APIG.1002"


def test_a_stale_sdk_date_is_apig_1001(auth: CallerAuth) -> None:
    stale = datetime.now(UTC) - timedelta(minutes=16)
    assert _code(auth, _signed(now=stale)) == "APIG.1001"


def test_an_unknown_access_key_is_apig_1002(auth: CallerAuth) -> None:
    assert _code(auth, _signed(ak="UNKNOWNACCESSKEY", sk="other-secret")) == "APIG.1002"
    assert _code(auth, _signed(sk="a-wrong-secret-key")) == "APIG.1002"


def test_missing_credentials_are_apig_1000(auth: CallerAuth) -> None:
    assert _code(auth, {}) == "APIG.1000"
    headers = {k: v for k, v in _signed().items() if k != "X-Sdk-Date"}
    assert _code(auth, headers) == "APIG.1000"  # signed, but without X-Sdk-Date


def test_a_kind_of_credentials_not_configured_is_apig_1002() -> None:
    assert _code(CallerAuth(TOKEN), _signed()) == "APIG.1002"
    assert _code(CallerAuth(lookup=LOOKUP), {"X-Auth-Token": TOKEN}) == "APIG.1002"


def test_header_names_are_case_insensitive(auth: CallerAuth) -> None:
    assert _code(auth, {"x-auth-token": TOKEN}) is None
    assert _code(auth, {k.lower(): v for k, v in _signed().items()}) is None
