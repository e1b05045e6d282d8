"""The API client against the emulators over the ASGI seam (and once over a real socket): every
served operation of both versions, ``list_all`` over 1,001 objects, auth, retries and timeouts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import anyio
import httpx
import pytest
from core.conftest import AK, BASE, SK, TOKEN, Served
from emulator.sdk_driver import RawDriver
from emulator.test_sdk_v2 import run_scenario as run_v2
from emulator.test_v1_httpx import V1
from emulator.test_v1_httpx import run_scenario as run_v1

from translator.core.blocking import BlockingApiClient
from translator.core.client import ApiClient
from translator.core.credentials import Credentials
from translator.core.retry import RetryPolicy
from translator.emulator.config import EmulatorConfig
from translator.emulator.serve import running
from translator.errors import (
    ApiCallError,
    ApiTimeout,
    RateLimited,
    ServerError,
    TranslationError,
    TranslatorError,
    Unauthorized,
)
from translator.spec import load_spec
from translator.types import Version

Serve = Callable[..., Served]
FAST = RetryPolicy.fast()


def test_every_v1_operation_through_the_client_over_asgi(serve: Serve) -> None:
    served = serve("v1.0", ak=AK, sk=SK, token=TOKEN)
    with V1(BASE, transport=served.transport, credentials=Credentials.from_aksk(AK, SK)) as c:
        run_v1(c)
    handlers = set(served.emu.registry.handlers)
    assert served.transport.ops("v1.0") == c.called == handlers, sorted(handlers ^ c.called)
    assert all("SDK-HMAC-SHA256" in r.headers["authorization"] for r in served.transport.requests)


def test_every_v2_operation_through_the_client_over_asgi(serve: Serve) -> None:
    served = serve("v2", ak=AK, sk=SK, seed=1)
    cfg = served.config
    creds = Credentials.from_aksk(AK, SK)
    with RawDriver(BASE, cfg.project_id, cfg.instance_id, transport=served.transport, credentials=creds) as d:
        run_v2(d, served.emu)
    handlers = set(served.emu.registry.handlers)
    assert served.transport.ops("v2") == d.called == handlers, sorted(handlers ^ d.called)
    forms = [r for r in served.transport.requests if r.url.path.endswith("/openapi/import")]
    assert forms and all(r.headers["content-type"].startswith("multipart/form-data") for r in forms)
    assert all(r.headers["x-sdk-content-sha256"] == "UNSIGNED-PAYLOAD" for r in forms)


def test_the_v2_prefix_comes_from_the_configuration(serve: Serve) -> None:
    served = serve("v2", project_id="p" * 32, instance_id="i" * 32)
    with BlockingApiClient(BASE, "v2", **served.client_kwargs()) as c:
        assert c.call("instance.get").body["id"] == "i" * 32
    assert served.transport.requests[0].url.path == f"/v2/{'p' * 32}/apigw/instances/{'i' * 32}"
    other = {**served.client_kwargs(), "instance_id": "o" * 32}
    with BlockingApiClient(BASE, "v2", **other) as c, pytest.raises(ApiCallError) as info:
        c.call("env.list")
    assert (info.value.status, info.value.code) == (404, "APIG.3030")


async def _create_apps(client: ApiClient, count: int) -> set[str]:
    ids: set[str] = set()
    limiter = anyio.CapacityLimiter(8)

    async def one(i: int) -> None:
        async with limiter:
            ids.add((await client.call("app.create", body={"name": f"app_{i:04d}"})).body["id"])

    async with anyio.create_task_group() as group:
        for i in range(count):
            group.start_soon(one, i)
    return ids


@pytest.mark.anyio
@pytest.mark.parametrize("version", ["v1.0", "v2"])
async def test_list_all_over_1001_objects_returns_each_once(serve: Serve, version: Version) -> None:
    served = serve(version, quotas={"app": 1100})
    async with ApiClient(BASE, version, retry=RetryPolicy.never(), **served.client_kwargs()) as client:
        created = await _create_apps(client, 1001)
        assert len(created) == 1001
        served.transport.requests.clear()
        items = await client.list_all("app.list", page_size=100)
        assert len(items) == 1001 and {i["id"] for i in items} == created
        assert len(served.transport.requests) == 11
        everything = await client.list_all("app.list")  # the documented maximum page: 500
        assert [i["id"] for i in everything] == [i["id"] for i in items]
        assert len(served.transport.requests) == 11 + 3
        named = await client.list_all("app.list", query={"name": "app_09"}, page_size=7)
        assert {i["name"] for i in named} == {f"app_{i:04d}" for i in range(900, 1000)}


def test_list_all_follows_a_parent_path(serve: Serve) -> None:
    served = serve("v1.0")
    with BlockingApiClient(BASE, "v1.0", **served.client_kwargs()) as c:
        app_id = c.call("app.create", body={"name": "codes_app"}).body["id"]
        for letter in "ABC":
            c.call("app.code.create", path={"app_id": app_id}, body={"app_code": letter * 64})
        codes = c.list_all("app.code.list", path={"app_id": app_id}, page_size=2)
    assert sorted(code["app_code"][0] for code in codes) == ["A", "B", "C"]


def test_faults_are_retried_until_they_pass(serve: Serve, caplog: pytest.LogCaptureFixture) -> None:
    served = serve("v1.0", faults="rate=0.5,status=429|503,retry_after=1,seed=7")
    policy = RetryPolicy(attempts=12, initial=0.001, max_wait=0.002, jitter=0, max_retry_after=0.005)
    caplog.set_level(logging.INFO, logger="translator.core.client")
    with BlockingApiClient(BASE, "v1.0", retry=policy, **served.client_kwargs()) as c:
        names = {c.call("env.create", body={"name": f"ENV_{i}"}).body["name"] for i in range(10)}
        listed = c.list_all("env.list")
    assert names <= {e["name"] for e in listed} and len(listed) == 11  # RELEASE too
    faults = served.emu.faults
    assert faults.injected > 0 and faults.calls == len(served.transport.requests)
    waits = {r.getMessage().rsplit(" ", 1)[1] for r in caplog.records if "retrying" in r.getMessage()}
    assert waits == {"0.005s"}  # Retry-After: 1, capped by the policy; never the 0.001 s backoff


@pytest.mark.parametrize(("status", "error"), [(503, ServerError), (429, RateLimited)])
def test_a_permanent_fault_gives_up_after_the_attempts(
    serve: Serve, status: int, error: type[ApiCallError]
) -> None:
    served = serve("v1.0", faults=f"rate=1,status={status},retry_after=0")
    with BlockingApiClient(BASE, "v1.0", retry=RetryPolicy.fast(4), **served.client_kwargs()) as c:
        with pytest.raises(error) as info:
            c.call("env.list")
        assert (info.value.status, info.value.attempts) == (status, 4)
        assert served.emu.faults.calls == 4
        assert "(after 4 attempts)" in str(info.value) and info.value.op_id == "env.list"
        assert c.call("env.list", check=False).status == status  # check=False: the answer itself


def test_a_wrong_secret_key_is_a_401(serve: Serve) -> None:
    served = serve("v2", ak=AK, sk=SK)
    wrong = Credentials.from_aksk(AK, "not-the-secret-key", security_token="temporary-token")
    with BlockingApiClient(BASE, "v2", credentials=wrong, retry=FAST, **served.client_kwargs()) as c:
        with pytest.raises(Unauthorized) as info:
            c.call("env.list")
        assert isinstance(info.value, ApiCallError) and isinstance(info.value, TranslatorError)
        assert (info.value.status, info.value.code, info.value.attempts) == (401, "APIG.1002", 1)
        text = f"{info.value} {info.value!r} {wrong!r} {c!r}"
        assert "not-the-secret-key" not in text and AK not in text and "temporary-token" not in text
    right = Credentials.from_aksk(AK, SK, security_token="temporary-token")
    with BlockingApiClient(BASE, "v2", credentials=right, **served.client_kwargs()) as c:
        assert c.call("env.create", body={"name": "SIGNED"}).status == 201
    sent = served.transport.requests[-1]
    assert "x-security-token" in sent.headers["authorization"].split("SignedHeaders=")[1]


def test_token_auth(serve: Serve) -> None:
    served = serve("v1.0", token=TOKEN)
    with BlockingApiClient(
        BASE, "v1.0", credentials=Credentials.from_token(TOKEN), **served.client_kwargs()
    ) as c:
        assert c.call("env.list").body["total"] == 1
    assert served.transport.requests[-1].headers["x-auth-token"] == TOKEN
    for creds, code in ((Credentials.from_token("wrong-token"), "APIG.1002"), (None, "APIG.1000")):
        with BlockingApiClient(BASE, "v1.0", credentials=creds, **served.client_kwargs()) as c:
            with pytest.raises(Unauthorized) as info:
                c.call("env.list")
            assert info.value.code == code and "wrong-token" not in str(info.value)


def test_over_a_real_socket_and_a_timeout(tmp_path: Path) -> None:
    config = EmulatorConfig(api="v2", port=0, db=str(tmp_path / "socket.db"), ak=AK, sk=SK)
    creds = Credentials.from_aksk(AK, SK)
    with running(config) as (url, emu):
        ids = {"project_id": config.project_id, "instance_id": config.instance_id}
        with BlockingApiClient(url, "v2", credentials=creds, **ids) as c:
            assert c.call("env.create", body={"name": "OVER_TCP"}).status == 201
            assert {e["name"] for e in c.list_all("env.list", page_size=1)} == {"RELEASE", "OVER_TCP"}
        emu.faults.update("latency_ms=400")
        quick = httpx.Timeout(0.1)
        with (
            BlockingApiClient(
                url, "v2", credentials=creds, timeout=quick, retry=RetryPolicy.fast(2), **ids
            ) as c,
            pytest.raises(ApiTimeout) as info,
        ):
            c.call("env.list")
        emu.faults.update("off")
    assert info.value.status is None and info.value.attempts == 2
    assert "timeout" in str(info.value) and info.value.op_id == "env.list"


def test_the_spec_paths_are_the_ones_sent(serve: Serve) -> None:
    """A path parameter is percent-encoded into the op's own template (never pasted into a string)."""
    served = serve("v1.0")
    with BlockingApiClient(BASE, "v1.0", **served.client_kwargs()) as c:
        r = c.call("app.get", path={"id": "a/b c"}, check=False)
        with pytest.raises(TranslationError, match="no path parameter 'app_id'"):
            c.call("app.get", path={"app_id": "x"})
    assert r.status == 404
    assert served.transport.requests[0].url.raw_path == b"/v1.0/apigw/apps/a%2Fb%20c"
    assert load_spec("v1.0").operation("app.get").path == "/v1.0/apigw/apps/{id}"
