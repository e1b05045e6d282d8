"""One API client for both versions: ``call(op_id, ...)`` and ``list_all(op_id, ...)``.

A call is named by its operation id; the URL is the operation's documented template filled by
``translator.spec.routes.fill`` (v2's prefix parameters, project and instance, come from the
client's configuration). The body is JSON, or a ``multipart/form-data`` form when the operation's
request carries a file (``translator.core.forms``). Auth is a token or an AK/SK signature over the
exact bytes sent (``translator.core.credentials``); 429, 5xx and transport failures are retried
(``translator.core.retry``); a non-2xx answer raises an ``ApiCallError`` (``translator.errors``)
unless ``check=False``.

The transport is a seam: ``transport=httpx.ASGITransport(app=...)`` serves the calls from an ASGI
app in the same process (tests, the shim in front of an emulator); the default one opens sockets
through aiohttp (``translator.core.aiohttp_transport``: httpx's own costs several times more CPU
per request).
``ApiClient`` is async; ``translator.core.blocking.BlockingApiClient`` is the same client for
synchronous callers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
import orjson
import yaml

from translator.core import forms, listing
from translator.core.aiohttp_transport import AiohttpTransport
from translator.core.apierrors import body_keys
from translator.core.credentials import Credentials
from translator.core.forms import File
from translator.core.retry import RetryPolicy
from translator.errors import (
    ApiStatusError,
    ApiTimeout,
    ApiUnreachable,
    BadRequest,
    Forbidden,
    NotFound,
    RateLimited,
    ServerError,
    SpecError,
    TranslationError,
    Unauthorized,
    UnknownOperation,
)
from translator.spec import OperationSpec, load_spec
from translator.spec.paging import paging
from translator.spec.routes import fill
from translator.types import Version

log = logging.getLogger("translator.core.client")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Per send: 10 s to connect, 30 s for each read, write and pool wait."""
USER_AGENT = "apig-translator"
_STATUS_ERRORS: dict[int, type[ApiStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    429: RateLimited,
}
QueryValue = str | int | float | bool | None
Query = Mapping[str, QueryValue | list[str | int | float | bool]]
FileValue = File | tuple[str, bytes] | tuple[str, bytes, str]


@dataclass(frozen=True, slots=True)
class ApiResult:
    """One answer: its status, decoded body (JSON or YAML; None when empty; text otherwise),
    headers, and the operation called."""

    status: int
    body: Any
    headers: httpx.Headers
    op_id: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def _query(query: Query | None) -> list[tuple[str, QueryValue]]:
    """Query pairs as the API reads them: booleans lowercase, lists as repeated keys, None left out."""
    pairs: list[tuple[str, QueryValue]] = []
    for name, value in (query or {}).items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((name, forms.text(item)))
    return pairs


def _decode(response: httpx.Response) -> Any:
    content = response.content
    if not content.strip():
        return None
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError:
            return response.text
    if media in ("application/x-yaml", "application/yaml", "text/yaml"):
        try:
            return yaml.safe_load(content)
        except yaml.YAMLError:
            return response.text
    return response.text


def _file(value: FileValue) -> File:
    if isinstance(value, File):
        return value
    if len(value) == 3:
        return File(value[0], value[1], value[2])
    return File(value[0], value[1])


def status_error(result: ApiResult, attempts: int = 1) -> ApiStatusError:
    """The ``ApiStatusError`` subclass for a non-2xx answer (its documented code and message)."""
    body = result.body if isinstance(result.body, dict) else {}
    code_key, message_key = body_keys()
    code = body.get(code_key)
    message = body.get(message_key)
    if not isinstance(message, str) or not message:
        message = httpx.codes.get_reason_phrase(result.status) or "error"
    cls = _STATUS_ERRORS.get(result.status, ServerError if result.status >= 500 else ApiStatusError)
    return cls(
        result.op_id,
        message,
        status=result.status,
        code=code if isinstance(code, str) else None,
        request_id=result.headers.get("x-request-id"),
        attempts=attempts,
    )


class ApiClient:
    """An async client of one API version ("v1.0" or "v2") at ``base_url``.

    ``project_id`` and ``instance_id`` fill v2's URL prefix. ``credentials``: None sends no auth
    (an open emulator). ``transport``: an ``httpx`` transport (e.g. ``httpx.ASGITransport``);
    None opens sockets. ``timeout`` applies to each send; ``retry`` decides the retries.
    """

    def __init__(
        self,
        base_url: str,
        version: Version,
        *,
        project_id: str | None = None,
        instance_id: str | None = None,
        credentials: Credentials | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.version: Version = version
        self.spec = load_spec(version)
        self.credentials = credentials
        self.retry = retry if retry is not None else RetryPolicy()
        self.prefix = self._prefix(project_id, instance_id)
        sockets = transport is None
        self.http = httpx.AsyncClient(
            base_url=base_url,
            transport=AiohttpTransport(trust_env=True) if transport is None else transport,
            timeout=timeout,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
            trust_env=sockets,
        )

    def _prefix(self, project_id: str | None, instance_id: str | None) -> dict[str, str]:
        """The prefix parameters (in the spec's order: project, then instance) and their values."""
        names = self.spec.prefix_params
        values = (project_id, instance_id)
        if len(names) > len(values):
            raise SpecError(f"{self.version}: unexpected URL prefix parameters {names}")
        out: dict[str, str] = {}
        for name, value in zip(names, values, strict=False):
            if not value:
                raise ValueError(f"a {self.version} client needs a value for {name}")
            out[name] = value
        return out

    def __repr__(self) -> str:
        return f"ApiClient({str(self.http.base_url)!r}, {self.version!r}, credentials={self.credentials!r})"

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()

    def operation(self, op_id: str) -> OperationSpec:
        try:
            return self.spec.operation(op_id)
        except SpecError:
            raise UnknownOperation(f"{self.version} has no operation {op_id!r}") from None

    def url(self, op: OperationSpec, path: Mapping[str, str] | None = None) -> str:
        """``op``'s path with the prefix and ``path`` parameters filled in (percent-encoded)."""
        given = dict(path or {})
        names = {p.name for p in op.path_params} | set(self.prefix)
        unknown = sorted(set(given) - names)
        if unknown:
            raise TranslationError(f"{op.id}: no path parameter {', '.join(map(repr, unknown))}")
        clash = sorted(set(given) & set(self.prefix))
        if clash:
            raise TranslationError(f"{op.id}: {', '.join(clash)} come from the client's configuration")
        return fill(op, {**self.prefix, **{k: str(v) for k, v in given.items()}})

    def _content(
        self, op: OperationSpec, body: Any, files: Mapping[str, FileValue] | None
    ) -> tuple[bytes, dict[str, str]]:
        if forms.takes_form(op):
            if body is not None and not isinstance(body, Mapping):
                raise TranslationError(f"{op.id}: a form body is an object of fields")
            parts = {name: _file(value) for name, value in (files or {}).items()}
            content, content_type = forms.encode(op, {**(body or {}), **parts})
            return content, {"Content-Type": content_type}
        if files:
            raise TranslationError(f"{op.id}: the request is JSON, it takes no files")
        if body is None:
            return b"", {}
        return orjson.dumps(body), {"Content-Type": "application/json"}

    async def call(
        self,
        op_id: str,
        *,
        path: Mapping[str, str] | None = None,
        query: Query | None = None,
        body: Any = None,
        files: Mapping[str, FileValue] | None = None,
        check: bool = True,
    ) -> ApiResult:
        """Send operation ``op_id``; its answer, or an ``ApiCallError`` (non-2xx only if ``check``)."""
        op = self.operation(op_id)
        url = self.url(op, path)
        params = _query(query)
        content, headers = self._content(op, body, files)
        attempts = 0

        async def send() -> httpx.Response:
            nonlocal attempts
            attempts += 1
            request = self.http.build_request(op.method, url, params=params, content=content, headers=headers)
            if self.credentials is not None:
                self.credentials.apply(request)
            response = await self.http.send(request)
            log.debug("%s %s %s -> %d", op.id, op.method, op.path, response.status_code)
            return response

        try:
            response: httpx.Response = await self.retry.retrying(op.id)(send)
        except httpx.TimeoutException as exc:
            problem = f"no answer within the timeout ({type(exc).__name__})"
            raise ApiTimeout(op.id, problem, attempts=attempts) from exc
        except httpx.TransportError as exc:
            raise ApiUnreachable(op.id, f"no answer: {type(exc).__name__}", attempts=attempts) from exc
        result = ApiResult(response.status_code, _decode(response), response.headers, op.id)
        if check and not result.ok:
            raise status_error(result, attempts)
        return result

    async def list_all(
        self,
        op_id: str,
        *,
        path: Mapping[str, str] | None = None,
        query: Query | None = None,
        page_size: int | None = None,
    ) -> list[dict[str, Any]]:
        """Every item of list operation ``op_id`` for ``query``, each once, following the pages to
        the end; raises ``IncompleteListing`` when they do not add up to the answer's ``total``."""
        op = self.operation(op_id)
        described = paging(self.version, op.id)
        if described is None:
            raise UnknownOperation(f"{self.version} {op.id} is not a paged list")

        async def fetch(page_query: dict[str, Any]) -> Any:
            return (await self.call(op.id, path=path, query=page_query)).body

        return await listing.collect(described, fetch, query, page_size)
