"""Drive v2 by the catalog's operation ids: through the official SDK (huaweicloudsdkapig, a test-only
client) or through the project's own API client (``RawDriver``)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import huaweicloudsdkapig.v2 as sdk
import orjson
from huaweicloudsdkapig.v2 import ApigClient
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.formdata import FormFile
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.sdk_stream_response import SdkStreamResponse

from translator.core.blocking import BlockingApiClient
from translator.core.credentials import Credentials
from translator.core.forms import File
from translator.core.retry import RetryPolicy
from translator.spec import load_spec


@dataclass(frozen=True)
class Upload:
    """A file sent as a multipart/form-data field."""

    name: str
    content: bytes
    content_type: str = "application/json"


class _File(io.BytesIO):
    """An in-memory file as the SDK's ``FormFile`` wants it (a name and mode ``rb``)."""

    mode = "rb"

    def __init__(self, upload: Upload) -> None:
        super().__init__(upload.content)
        self.name = upload.name


def _split(body: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Upload]]:
    fields = {k: v for k, v in (body or {}).items() if not isinstance(v, Upload)}
    return fields, {k: v for k, v in (body or {}).items() if isinstance(v, Upload)}


class Driver(Protocol):
    called: set[str]

    def call(self, op_id: str, body: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]: ...


class RawDriver:
    """The same calls through the project's API client (no auth unless given ``credentials``: for
    an open emulator; over sockets unless given a ``transport``); records each op's first response."""

    def __init__(
        self,
        endpoint: str,
        project_id: str,
        instance_id: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        credentials: Credentials | None = None,
    ) -> None:
        self.client = BlockingApiClient(
            endpoint,
            "v2",
            project_id=project_id,
            instance_id=instance_id,
            credentials=credentials,
            transport=transport,
            timeout=httpx.Timeout(10),
            retry=RetryPolicy.never(),
        )
        self.called: set[str] = set()
        self.responses: dict[str, Any] = {}

    def __enter__(self) -> RawDriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def call(self, op_id: str, body: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
        op = load_spec("v2").operation(op_id)
        names = {p.name for p in op.path_params}
        path = {k: str(v) for k, v in params.items() if k in names}
        query = {k: v for k, v in params.items() if k not in names}
        fields, files = _split(body)
        uploads = {k: File(u.name, u.content, u.content_type) for k, u in files.items()}
        r = self.client.call(
            op_id,
            path=path,
            query=query or None,
            body=fields if files else body,
            files=uploads or None,
            check=False,
        )
        assert r.status == op.success_status, (op_id, r.status, r.body)
        self.called.add(op_id)
        out: dict[str, Any] = r.body if r.body is not None else {}
        if r.body is not None:
            self.responses.setdefault(op_id, out)
        return out


class SdkDriver:
    """Calls v2 operations through the SDK; remembers which operation ids were called."""

    def __init__(self, endpoint: str, ak: str, sk: str, project_id: str, instance_id: str) -> None:
        config = HttpConfig.get_default_config()
        config.retry_times = 0
        config.timeout = (5, 30)
        creds = BasicCredentials(ak, sk, project_id)
        self.client = (
            ApigClient.new_builder()
            .with_http_config(config)
            .with_credentials(creds)
            .with_endpoints([endpoint])
            .build()
        )
        self.instance_id = instance_id
        self.called: set[str] = set()

    def call(self, op_id: str, body: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
        """Call ``op_id``; returns the response as a dict (the SDK raises on an error status)."""
        op = load_spec("v2").operation(op_id)
        assert op.sdk is not None, op_id
        kwargs: dict[str, Any] = {"instance_id": self.instance_id, **params}
        if body is not None:
            assert op.sdk.body is not None, op_id
            body_cls = getattr(sdk, op.sdk.body)
            fields, files = _split(body)
            uploads = {k: FormFile(_File(u), u.content_type) for k, u in files.items()}
            kwargs["body"] = body_cls(**fields, **uploads)
        request = getattr(sdk, op.sdk.request)(**kwargs)
        response = getattr(self.client, op.sdk.method)(request)
        self.called.add(op_id)
        assert response.status_code == op.success_status, (op_id, response.status_code)
        if isinstance(response, SdkStreamResponse):  # a file: the document it holds
            got: list[Any] = []
            response.consume_download_stream(lambda stream: got.append(orjson.loads(stream.content)))
            return dict(got[0])
        out: dict[str, Any] = response.to_json_object() or {}
        return out
