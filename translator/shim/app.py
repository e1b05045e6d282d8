"""The shim as an ASGI application: the v1.0 API served on top of a v2 backend.

One catch-all endpoint with guard clauses, one pass per request (``docs``: design.md, "A request
through the shim"): body (size limit) -> auth (pass the token, or verify the client's AK/SK
signature) -> route (which v1.0 operation; unsupported ones answer 501 with the table's reason)
-> validate against the v1.0 rules -> translate (ids in through the id map) -> the v2 calls
(``exchange``) -> translate the answer back (ids out) -> v1.0 HTTP out. Every error is a v1.0
error body (code and message, keyed as the error table names them), never a traceback or a page.
``/healthz`` and ``/metrics`` sit on paths v1.0 does not use. The app keeps no state but the
read-only id map, so replicas behind any load balancer answer alike.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from translator.core import forms, validation
from translator.core.apierrors import ROUTE_NOT_FOUND, ApiError
from translator.core.auth import AUTHORIZATION_HEADER, TOKEN_HEADER, CallerAuth
from translator.core.idmap import IdMap
from translator.core.idrewrite import CatalogIdRewrite
from translator.errors import TranslationError, UnknownOperation, ValidationFailed
from translator.mapping.load import load_mappings
from translator.shim.config import ShimConfig
from translator.shim.exchange import Exchange, Timing
from translator.shim.forward import TimedOut, Unreachable, Upstream, upstream_for
from translator.shim.metrics import CONTENT_TYPE, ShimMetrics
from translator.spec import OperationSpec
from translator.spec.routes import match

log = logging.getLogger("translator.shim")
access_log = logging.getLogger("translator.shim.access")
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
UNSUPPORTED = "APIG.0501"
"""The shim's own code for a v1.0 operation v2 cannot serve (the docs have no code for it)."""
TOO_LARGE = ("APIG.0201", 413, "Request entity too large")
BAD_GATEWAY = ("APIG.0201", 502, "Backend unavailable")
GATEWAY_TIMEOUT = ("APIG.0202", 504, "Backend timeout")
"""The API gateway's own answers for these cases (as its gateway error codes name them)."""
NO_OPERATION = "-"


@dataclass
class Shim:
    """What one shim app holds: config, the upstream pool, auth, the id map, metrics."""

    config: ShimConfig
    upstream: Upstream
    auth: CallerAuth
    metrics: ShimMetrics
    id_map: IdMap | None = None
    ids: CatalogIdRewrite | None = None
    exchange: Exchange = field(init=False)

    def __post_init__(self) -> None:
        to_target = self.id_map.to_target if self.id_map is not None else None
        self.exchange = Exchange(self.config, self.upstream, self.ids, to_target)

    @property
    def open(self) -> bool:
        """No credentials configured anywhere: any caller is accepted (a local emulator)."""
        return self.config.credentials is None and not self.config.accepted_keys


def build(config: ShimConfig, transport: httpx.AsyncBaseTransport | None = None) -> Shim:
    id_map = IdMap(config.id_map, check_every=config.id_map_check_every) if config.id_map else None
    ids = None
    if id_map is not None:
        ids = CatalogIdRewrite(id_map.to_target, id_map.to_source)
    keys = config.accepted_keys
    return Shim(
        config=config,
        upstream=upstream_for(config, transport),
        auth=CallerAuth(lookup=keys.get if keys else None),
        metrics=ShimMetrics(),
        id_map=id_map,
        ids=ids,
    )


def _error(code: str, status: int, message: str) -> ApiError:
    return ApiError(code, message, status)


def json_response(status: int, body: Any, request_id: str | None = None) -> Response:
    headers = {"X-Request-Id": request_id} if request_id else None
    if status == 204 or body is None:
        return Response(b"", status_code=status, headers=headers)
    return Response(orjson.dumps(body), status_code=status, headers=headers, media_type="application/json")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, at most ``limit`` bytes (more: 413, before reading it all)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _error(*TOO_LARGE[:2], f"{TOO_LARGE[2]}: the limit is {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _error(*TOO_LARGE[:2], f"{TOO_LARGE[2]}: the limit is {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_body(op: OperationSpec, raw: bytes, content_type: str | None) -> Any:
    """The v1.0 body: JSON (bad JSON: the documented 400), a form, or a document as text."""
    if op.request is None or not raw.strip():
        return None
    if forms.is_form(content_type) and content_type is not None:
        return forms.decode(op, raw, content_type)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if op.request.shape == "object" or raw.lstrip()[:1] in (b"{", b"["):
            raise ApiError("APIG.2000", f"Parameter error: Serialization error: {exc.msg}") from None
        return forms.document(raw)


class Handler:
    """The request pipeline of one app."""

    def __init__(self, shim: Shim) -> None:
        self.shim = shim
        self.mappings = load_mappings()

    def authenticate(
        self, method: str, path: str, query: str, headers: dict[str, str], raw: bytes
    ) -> str | None:
        """The caller's token to pass through, or None (the shim signs with its own credentials)."""
        token = headers.get(TOKEN_HEADER)
        if token:
            return token
        if headers.get(AUTHORIZATION_HEADER):
            if self.shim.auth.open:
                raise ApiError("APIG.1002")  # no keys to check the signature against
            self.shim.auth.check(method, path, query, headers, raw)
            return None
        if self.shim.open:
            return None
        raise ApiError("APIG.1000")

    def operation(self, method: str, path: str) -> OperationSpec:
        try:
            op, _ = match("v1.0", method, path)
        except UnknownOperation:
            raise ApiError(ROUTE_NOT_FOUND) from None
        if op.id not in self.mappings.pairs:
            _, reason = self.mappings.unsupported.get(op.id, ("", "no mapping table covers it"))
            message = f"{op.id} is not supported on the dedicated gateway: {' '.join(reason.split())}"
            raise _error(UNSUPPORTED, 501, message)
        return op

    async def api(self, request: Request, timing: Timing) -> tuple[int, Any, str | None]:
        """(status, body, media type of a non-JSON body) of one v1.0 call."""
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        target = raw_path.decode("latin-1")
        path = target.split("?", 1)[0]
        raw_query = request.scope.get("query_string", b"").decode("latin-1")
        headers = {k.lower(): v for k, v in request.headers.items()}
        raw = await read_body(request, self.shim.config.max_body)
        token = self.authenticate(request.method, path, raw_query, headers, raw)
        op = self.operation(request.method, path)
        timing.operation = op.id
        if self.shim.id_map is not None:
            self.shim.id_map.refresh()  # an import still running adds rows (checked at most once a second)
        _, params = match("v1.0", request.method, path)
        validation.path_params(op, params)
        query = validation.query(op, dict(parse_qsl(raw_query, keep_blank_values=True)))
        body = validation.body(op, parse_body(op, raw, headers.get("content-type")))
        try:
            return await self.shim.exchange.run(op, request.method, path, params, query, body, token, timing)
        except (TranslationError, ValidationFailed) as exc:
            raise ApiError("APIG.2011", f"Parameter error: {exc}") from None

    async def __call__(self, request: Request) -> Response:
        started = time.perf_counter()
        timing = Timing(operation=NO_OPERATION)
        media: str | None = None
        try:
            status, body, media = await self.api(request, timing)
        except ApiError as err:
            status, body = err.status, err.body()
        except Unreachable:
            status, body = BAD_GATEWAY[1], _error(*BAD_GATEWAY[:2], BAD_GATEWAY[2]).body()
        except TimedOut:
            status, body = GATEWAY_TIMEOUT[1], _error(*GATEWAY_TIMEOUT[:2], GATEWAY_TIMEOUT[2]).body()
        except Exception:  # a defect: a v1.0 system error, the details only in the log
            log.exception("internal error on %s %s", request.method, request.url.path)
            system = ApiError("APIG.9999")
            status, body = system.status, system.body()
        total = time.perf_counter() - started
        self.shim.metrics.observe(timing.operation, status, total, timing.translation, timing.upstream)
        if self.shim.config.access_log:
            _log_access(request, status, total, timing)
        if media is not None and isinstance(body, str | bytes):
            content = body.encode() if isinstance(body, str) else body
            return Response(content, status_code=status, media_type=media)
        return json_response(status, body)


def _log_access(request: Request, status: int, total: float, timing: Timing) -> None:
    """One structured line per request: no header, token, signature or body is ever logged."""
    access_log.info(
        "%s",
        orjson.dumps(
            {
                "op": timing.operation,
                "method": request.method,
                "v1_url": request.url.path,
                "v2_url": timing.upstream_url,
                "status": status,
                "upstream_status": timing.upstream_status,
                "calls": timing.calls,
                "ms": round(total * 1000, 3),
                "upstream_ms": round(timing.upstream * 1000, 3),
                "translation_us": round(timing.translation * 1e6, 1),
            }
        ).decode(),
    )


def create_app(
    config: ShimConfig, transport: httpx.AsyncBaseTransport | None = None, shim: Shim | None = None
) -> Starlette:
    """The shim app of ``config`` (``app.state.shim`` holds its state). ``transport`` reaches the
    backend (an ``httpx.ASGITransport`` serves it from an app in the same process)."""
    state = shim if shim is not None else build(config, transport)
    handler = Handler(state)
    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]

    async def endpoint(request: Request) -> Response:
        path = request.url.path
        if path == HEALTH_PATH:
            return await _health(state)
        if path == METRICS_PATH:
            return Response(state.metrics.render(), media_type=CONTENT_TYPE)
        return await handler(request)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        await state.upstream.aclose()
        if state.id_map is not None:
            state.id_map.close()

    app = Starlette(routes=[Route("/{rest:path}", endpoint, methods=methods)], lifespan=lifespan)
    app.state.shim = state
    return app


HealthCheck = Callable[[Shim], Awaitable[tuple[bool, str]]]


async def _health(shim: Shim) -> Response:
    """200 when the backend answers (any HTTP answer), 503 otherwise."""
    try:
        answer = await shim.upstream.send("GET", "/", {}, None)
    except (Unreachable, TimedOut) as exc:
        return json_response(503, {"status": "unavailable", "backend": type(exc).__name__})
    return json_response(200, {"status": "ok", "backend_status": answer.status})
