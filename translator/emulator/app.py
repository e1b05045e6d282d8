"""The emulator as an ASGI application: one catch-all endpoint with guard clauses.

body (read up to the size limit) -> auth -> faults -> route (404 for an unknown path; 405 with a
truthful ``Allow`` for a method the path does not serve; HEAD as GET without the body; OPTIONS)
-> validate (path, query, body within the nesting and list limits) -> handler (store) -> response
shaped by the operation's response spec with its documented success status (a handler's ``Raw``
result, a file, is sent as it is). Reading the body is async; for a body over ``INLINE_BYTES``,
auth (hashing the body), parsing, validation, the store and shaping the response run on a worker
thread, so one large request does not hold up the others; a small one is served on the event loop
at once (two thread hops cost more than serving it). A ``multipart/form-data`` body is decoded
by ``forms`` into the request object the spec describes; any other body is JSON. Errors are
documented bodies in the version's dialect (code and message, keyed as the error table names
them); never a traceback.
``/openapi.json`` (GET) and ``/_emulator/faults`` (GET/PUT, with the same auth as the API) sit on
paths neither API uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import orjson
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from translator.core import bodies, forms, validation
from translator.core.apierrors import BODY_TOO_LARGE, ROUTE_NOT_FOUND, ApiError, parameter_error
from translator.core.bodies import Limits
from translator.emulator import http
from translator.emulator.auth import Authenticator
from translator.emulator.config import EmulatorConfig
from translator.emulator.declare import Call, Ids, Raw, Registry
from translator.emulator.faults import FaultInjector
from translator.emulator.http import json_response
from translator.emulator.openapi import openapi_document
from translator.emulator.registry import registry_for
from translator.emulator.shape import project_body
from translator.emulator.store import Store
from translator.emulator.store_errors import Conflict
from translator.errors import BadInput, UnknownOperation
from translator.spec import OperationSpec, load_spec
from translator.spec.routes import match
from translator.types import Version

log = logging.getLogger("translator.emulator")
T = TypeVar("T")
FAULTS_PATH = "/_emulator/faults"
OPENAPI_PATH = "/openapi.json"
_FAULT_CODES = {429: "APIG.9008", 500: "APIG.9999"}
FAULT_LIMITS = Limits(max_bytes=4096)
"""A fault spec is a short line."""
INLINE_BYTES = 64 * 1024
"""A request with a body up to this size is served on the event loop, a larger one on a thread."""


@dataclass
class Emulator:
    """The state behind one emulator app: config, store, registry, faults and auth.

    ``owned_dir``: the temporary directory holding the database when none was configured; it
    goes, with everything SQLite wrote beside the database, on ``close``."""

    config: EmulatorConfig
    store: Store
    registry: Registry
    ids: Ids
    faults: FaultInjector
    auth: Authenticator
    db_path: str
    owned_dir: str | None = None
    _openapi: bytes | None = field(default=None, repr=False)

    def openapi(self) -> bytes:
        if self._openapi is None:
            self._openapi = orjson.dumps(openapi_document(self.registry, self.config))
        return self._openapi

    def close(self) -> None:
        """Close the store and remove what the emulator created for itself. Idempotent."""
        self.store.close()
        if self.owned_dir is not None:
            shutil.rmtree(self.owned_dir, ignore_errors=True)


def build(config: EmulatorConfig) -> Emulator:
    """Open (or create) the store, register the kinds and seed the built-in documents.

    Without ``config.db`` the database lives in a new temporary directory, removed by
    ``Emulator.close`` (and at once when building fails). A database that cannot be opened is a
    ``StoreError`` naming it.
    """
    registry = registry_for(config.api, config.quotas)  # a bad quota name fails before any file exists
    owned = None
    db = config.db
    if db is None:
        owned = tempfile.mkdtemp(prefix=f"apig-emulator-{config.api}-")
        db = os.path.join(owned, "emulator.db")
    try:
        store = Store(db, kinds=[r.kind for r in registry.resources.values()])
        try:
            for name, doc in registry.seeds:
                with contextlib.suppress(Conflict):
                    store.create(registry.resources[name].kind, doc)
        except BaseException:
            store.close()
            raise
    except BaseException:
        if owned is not None:
            shutil.rmtree(owned, ignore_errors=True)
        raise
    return Emulator(
        config=config,
        store=store,
        registry=registry,
        ids=Ids(config.seed),
        faults=FaultInjector(config.faults),
        auth=Authenticator(config),
        db_path=db,
        owned_dir=owned,
    )


def _error(
    err: ApiError, version: Version, request_id: str, headers: dict[str, str] | None = None
) -> Response:
    status, body = err.render(version)
    return json_response(status, body, {"X-Request-Id": request_id, **(headers or {})})


def _parse_body(op: OperationSpec, raw: bytes, content_type: str | None, limits: Limits) -> Any:
    try:
        if forms.is_form(content_type) and content_type is not None:
            data = forms.decode(op, raw, content_type)
            bodies.check_shape(data, limits)
            return data
        return bodies.parse(raw, limits)
    except BadInput as exc:
        if exc.limit == "items":
            raise parameter_error("APIG.2006", exc.field) from None
        if exc.limit == "size":
            raise ApiError(BODY_TOO_LARGE, f"Request entity too large: {exc}") from None
        raise ApiError("APIG.2000", f"Parameter error: Serialization error: {exc}") from None


_SCOPE_ERRORS = (
    ("APIG.1005", "No permissions to request this method"),
    ("APIG.3030", "The instance does not exist;id:{value}"),
)
"""The answers for a foreign project and instance, in the order of the spec prefix's parameters."""


def _check_scope(emu: Emulator, params: dict[str, str]) -> None:
    """v2: the path's prefix parameters (project, instance) must be the configured ones."""
    names = load_spec(emu.config.api).prefix_params
    configured = (emu.config.project_id, emu.config.instance_id)
    for name, expected, (code, message) in zip(names, configured, _SCOPE_ERRORS, strict=False):
        value = params.get(name)
        if value is not None and value != expected:
            raise ApiError(code, message.format(value=value))


def _handle(
    emu: Emulator,
    request_id: str,
    method: str,
    path: str,
    query_string: str,
    content_type: str | None,
    raw_body: bytes,
) -> Response:
    """Route, validate and serve one authenticated request (on a worker thread: parsing and
    validating a large body must not hold up the event loop)."""
    if method == "OPTIONS":
        served = http.allowed(emu.config.api, path)
        if served:
            return Response(status_code=204, headers={"Allow": ", ".join(served), "X-Request-Id": request_id})
    try:
        op, params = match(emu.config.api, "GET" if method == "HEAD" else method, path)
    except UnknownOperation:
        raise http.not_served(method, http.allowed(emu.config.api, path)) from None
    if op.id not in emu.registry.handlers:
        raise ApiError(ROUTE_NOT_FOUND, f"The API does not exist: {op.id} is not served by the emulator")
    _check_scope(emu, params)
    query = dict(parse_qsl(query_string, keep_blank_values=True))
    call = Call(
        registry=emu.registry,
        store=emu.store,
        ids=emu.ids,
        config=emu.config,
        op=op,
        path=validation.path_params(op, params),
        query=validation.query(op, query),
        body=validation.body(op, _parse_body(op, raw_body, content_type, emu.config.limits)),
    )
    result = emu.registry.handlers[op.id](call)
    if isinstance(result, Raw):
        headers = {"X-Request-Id": request_id, **result.headers}
        return Response(result.content, op.success_status, headers, media_type=result.media_type)
    body = project_body(op.response, result, emu.registry.dialect.mask_secrets)
    status = op.success_status
    return json_response(status, None if status == 204 else body, {"X-Request-Id": request_id})


async def _api(request: Request, emu: Emulator) -> Response:
    request_id = emu.ids.hex()
    method = request.method
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    path = raw_path.decode("latin-1").split("?", 1)[0]
    query_string = request.scope.get("query_string", b"").decode("latin-1")
    version = emu.config.api
    try:
        raw_body = await http.read_body(request, emu.config.limits)
    except ApiError as err:  # the rest of the body is never read: close the connection
        return _error(err, version, request_id, {"Connection": "close"})
    try:
        headers = dict(request.headers)
        small = len(raw_body) <= INLINE_BYTES
        await _serve(small, emu.auth.check, method, path, query_string, headers, raw_body)
        if emu.faults.latency_s:
            await asyncio.sleep(emu.faults.latency_s)
        fault = emu.faults.decide()
        if fault is not None:
            code = _FAULT_CODES.get(fault.status, "APIG.9999")
            return _error(ApiError(code, status=fault.status), version, request_id, dict(fault.headers))
        content_type = request.headers.get("content-type")
        args = (emu, request_id, method, path, query_string, content_type, raw_body)
        response = await _serve(small, _handle, *args)
    except ApiError as err:
        response = _error(err, version, request_id, _allow(err, version, path))
    except Exception:  # a defect: answer as the real service would, keep the details in the log
        log.exception("internal error on %s %s", method, path)
        response = _error(ApiError("APIG.9999"), version, request_id)
    return http.without_body(response) if method == "HEAD" else response


async def _serve(inline: bool, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``: here on the event loop (``inline``) or on a worker thread."""
    return fn(*args) if inline else await run_in_threadpool(fn, *args)


def _allow(err: ApiError, version: Version, path: str) -> dict[str, str]:
    return {"Allow": ", ".join(http.allowed(version, path))} if err.status == 405 else {}


async def _faults(request: Request, emu: Emulator) -> Response:
    """GET (HEAD) the fault spec and counters, PUT a new spec: with the same auth as the API."""
    request_id = emu.ids.hex()
    version = emu.config.api
    allow = ("GET", "HEAD", "PUT")
    try:
        raw = await http.read_body(request, FAULT_LIMITS)
        query_string = request.scope.get("query_string", b"").decode("latin-1")
        emu.auth.check(request.method, FAULTS_PATH, query_string, dict(request.headers), raw)
        if request.method not in allow:
            raise ApiError(ROUTE_NOT_FOUND, f"use {' or '.join(allow)}", status=405)
        if request.method == "PUT":
            text = raw.decode("utf-8", "replace").strip()
            try:
                loaded = orjson.loads(text) if text.startswith("{") else {"spec": text}
                emu.faults.update(str(loaded.get("spec", "")))
            except (ValueError, AttributeError) as exc:
                raise ApiError("APIG.2011", str(exc)) from None
    except ApiError as err:
        headers = {"Allow": ", ".join(allow)} if err.status == 405 else {}
        return _error(err, version, request_id, headers)
    spec = emu.faults.spec
    answer = {"spec": str(spec), "calls": emu.faults.calls, "injected": emu.faults.injected}
    response = json_response(200, answer, {"X-Request-Id": request_id})
    return http.without_body(response) if request.method == "HEAD" else response


async def _openapi(request: Request, emu: Emulator) -> Response:
    if request.method not in ("GET", "HEAD"):
        err = ApiError(ROUTE_NOT_FOUND, "use GET", status=405)
        return _error(err, emu.config.api, emu.ids.hex(), {"Allow": "GET, HEAD"})
    response = Response(emu.openapi(), media_type="application/json")
    return http.without_body(response) if request.method == "HEAD" else response


class _Endpoint:
    """The one ASGI endpoint: a class, so that Starlette routes every method to it."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        path = request.url.path
        if path == OPENAPI_PATH:
            response = await _openapi(request, self.emu)
        elif path == FAULTS_PATH:
            response = await _faults(request, self.emu)
        else:
            response = await _api(request, self.emu)
        await response(scope, receive, send)


def create_app(config: EmulatorConfig, emulator: Emulator | None = None) -> Starlette:
    """The emulator app of ``config`` (``app.state.emulator`` holds its state)."""
    emu = emulator if emulator is not None else build(config)
    app = Starlette(routes=[Route("/{rest:path}", _Endpoint(emu))])
    app.state.emulator = emu
    return app
