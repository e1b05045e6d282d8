"""Drive the official v2 SDK (huaweicloudsdkapig) by the catalog's operation ids (a test-only client)."""

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
    """The same calls as raw HTTP (no auth: for an open emulator); records each op's first response."""

    def __init__(self, endpoint: str, project_id: str, instance_id: str) -> None:
        self.http = httpx.Client(base_url=endpoint, timeout=10)
        self.fixed = {"project_id": project_id, "instance_id": instance_id}
        self.called: set[str] = set()
        self.responses: dict[str, Any] = {}

    def call(self, op_id: str, body: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
        op = load_spec("v2").operation(op_id)
        values = {**self.fixed, **params}
        path = op.path
        for p in op.path_params:
            path = path.replace("{" + p.name + "}", str(values.pop(p.name)))
        for key in self.fixed:
            values.pop(key, None)
        fields, files = _split(body)
        if files:
            form = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in fields.items()}
            uploads = {k: (u.name, u.content, u.content_type) for k, u in files.items()}
            r = self.http.request(op.method, path, data=form, files=uploads, params=values or None)
        else:
            r = self.http.request(op.method, path, json=body, params=values or None)
        assert r.status_code == op.success_status, (op_id, r.status_code, r.text)
        self.called.add(op_id)
        out: dict[str, Any] = r.json() if r.content else {}
        if r.content:
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
