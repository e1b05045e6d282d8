"""The shim as a plain ASGI application: the v1.0 API served on top of a v2 backend.

One endpoint with guard clauses, one pass per request (design.md, "A request
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
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl

import httpx
import orjson

from translator.core import forms, validation
from translator.core.apierrors import ROUTE_NOT_FOUND, ApiError
from translator.core.auth import AUTHORIZATION_HEADER, TOKEN_HEADER, CallerAuth
from translator.core.idmap import IdMap
from translator.core.idrewrite import CatalogIdRewrite
from translator.errors import IdMapError, TranslationError, UnknownOperation, ValidationFailed
from translator.mapping.load import load_mappings
from translator.shim.asgi import BodyTooLarge, Incoming, Receive, Scope, Send, lifespan, respond
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


def open_id_map(path: str, *, check_every: float = 1.0) -> IdMap:
    """The id map at ``path``, which must map v1.0 ids to v2 ids (an ``IdMapError`` otherwise)."""
    id_map = IdMap(path, check_every=check_every)
    if (id_map.source, id_map.target) != ("v1.0", "v2"):
        id_map.close()
        raise IdMapError(
            f"{path}: maps {id_map.source or '?'} ids to {id_map.target or '?'} ids (a journal of the way "
            "back?); the shim needs a map of v1.0 ids to v2 ids"
        )
    return id_map


def build(config: ShimConfig, transport: httpx.AsyncBaseTransport | None = None) -> Shim:
    id_map = open_id_map(config.id_map, check_every=config.id_map_check_every) if config.id_map else None
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


def json_content(status: int, body: Any) -> tuple[bytes, str | None]:
    if status == 204 or body is None:
        return b"", None
    return orjson.dumps(body), "application/json"


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

    def operation(self, method: str, path: str, timing: Timing) -> OperationSpec:
        try:
            op, _ = match("v1.0", method, path)
        except UnknownOperation:
            raise ApiError(ROUTE_NOT_FOUND) from None
        timing.operation = op.id
        if op.id not in self.mappings.pairs:
            _, reason = self.mappings.unsupported.get(op.id, ("", "no mapping table covers it"))
            message = f"{op.id} is not supported on the dedicated gateway: {' '.join(reason.split())}"
            raise _error(UNSUPPORTED, 501, message)
        return op

    async def api(self, request: Incoming, timing: Timing) -> tuple[int, Any, str | None]:
        """(status, body, media type of a non-JSON body) of one v1.0 call."""
        path, raw_query, headers = request.path, request.query, request.headers
        try:
            raw = await request.body(self.shim.config.max_body)
        except BodyTooLarge:
            limit = self.shim.config.max_body
            raise _error(*TOO_LARGE[:2], f"{TOO_LARGE[2]}: the limit is {limit} bytes") from None
        token = self.authenticate(request.method, path, raw_query, headers, raw)
        op = self.operation(request.method, path, timing)
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

    async def __call__(self, request: Incoming) -> tuple[int, bytes, str | None]:
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
            log.exception("internal error on %s %s", request.method, request.path)
            system = ApiError("APIG.9999")
            status, body = system.status, system.body()
        total = time.perf_counter() - started
        self.shim.metrics.observe(timing.operation, status, total, timing.translation, timing.upstream)
        if self.shim.config.access_log and access_log.isEnabledFor(logging.INFO):
            _log_access(request, status, total, timing)  # formatted only when someone reads it
        if media is not None and isinstance(body, str | bytes):
            return status, body.encode() if isinstance(body, str) else body, media
        return (status, *json_content(status, body))


def _log_access(request: Incoming, status: int, total: float, timing: Timing) -> None:
    """One structured line per request: no header, token, signature or body is ever logged."""
    access_log.info(
        "%s",
        orjson.dumps(
            {
                "op": timing.operation,
                "method": request.method,
                "v1_url": request.path,
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


class ShimApp:
    """The shim's ASGI application (``state.shim`` holds its state)."""

    def __init__(self, shim: Shim) -> None:
        self.state = SimpleNamespace(shim=shim)
        self.shim = shim
        self.handler = Handler(shim)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send, self.close)
            return
        if scope["type"] != "http":
            return
        request = Incoming.of(scope, receive)
        if request.path == HEALTH_PATH:
            status, content, media = await _health(self.shim)
        elif request.path == METRICS_PATH:
            status, content, media = 200, self.shim.metrics.render(), CONTENT_TYPE
        else:
            status, content, media = await self.handler(request)
        await respond(send, status, content, media)

    async def close(self) -> None:
        await self.shim.upstream.aclose()
        if self.shim.id_map is not None:
            self.shim.id_map.close()


def create_app(
    config: ShimConfig, transport: httpx.AsyncBaseTransport | None = None, shim: Shim | None = None
) -> ShimApp:
    """The shim app of ``config``. ``transport`` reaches the backend (an ``httpx.ASGITransport``
    serves it from an app in the same process)."""
    return ShimApp(shim if shim is not None else build(config, transport))


async def _health(shim: Shim) -> tuple[int, bytes, str | None]:
    """200 when the backend answers (any HTTP answer), 503 otherwise."""
    try:
        answer = await shim.upstream.send("GET", "/", {}, None)
    except (Unreachable, TimedOut) as exc:
        return (503, *json_content(503, {"status": "unavailable", "backend": type(exc).__name__}))
    return (200, *json_content(200, {"status": "ok", "backend_status": answer.status}))
