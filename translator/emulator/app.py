"""The emulator as an ASGI application: one catch-all endpoint with guard clauses.

auth -> faults -> route -> validate (path, query, body) -> handler (store) -> response shaped by
the operation's response spec with its documented success status (a handler's ``Raw`` result, a
file, is sent as it is). A ``multipart/form-data`` body is decoded by ``forms`` into the request
object the spec describes; any other body is JSON. Errors are documented bodies (code and message,
keyed as the error table names them); never a traceback. ``/openapi.json`` and ``/_emulator/faults``
(GET/PUT) sit on paths neither API uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import orjson
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from translator.core import forms, validation
from translator.core.apierrors import ROUTE_NOT_FOUND, ApiError, error_body
from translator.emulator.auth import Authenticator
from translator.emulator.config import EmulatorConfig
from translator.emulator.declare import Call, Ids, Raw, Registry
from translator.emulator.faults import FaultInjector
from translator.emulator.openapi import openapi_document
from translator.emulator.registry import registry_for
from translator.emulator.shape import project_body
from translator.emulator.store import Conflict, Store
from translator.errors import UnknownOperation
from translator.spec import OperationSpec, load_spec
from translator.spec.routes import match

log = logging.getLogger("translator.emulator")
FAULTS_PATH = "/_emulator/faults"
OPENAPI_PATH = "/openapi.json"
_FAULT_CODES = {429: "APIG.9008", 500: "APIG.9999"}


@dataclass
class Emulator:
    """The state behind one emulator app: config, store, registry, faults and auth."""

    config: EmulatorConfig
    store: Store
    registry: Registry
    ids: Ids
    faults: FaultInjector
    auth: Authenticator
    db_path: str
    _openapi: bytes | None = field(default=None, repr=False)

    def openapi(self) -> bytes:
        if self._openapi is None:
            self._openapi = orjson.dumps(openapi_document(self.registry, self.config))
        return self._openapi


def build(config: EmulatorConfig) -> Emulator:
    """Open (or create) the store, register the kinds and seed the built-in documents."""
    db = config.db
    if db is None:
        fd, db = tempfile.mkstemp(prefix=f"apig-emulator-{config.api}-", suffix=".db")
        os.close(fd)
    registry = registry_for(config.api, config.quotas)
    store = Store(db, kinds=[r.kind for r in registry.resources.values()])
    for name, doc in registry.seeds:
        with contextlib.suppress(Conflict):
            store.create(registry.resources[name].kind, doc)
    return Emulator(
        config=config,
        store=store,
        registry=registry,
        ids=Ids(config.seed),
        faults=FaultInjector(config.faults),
        auth=Authenticator(config),
        db_path=db,
    )


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    content = b"" if body is None else orjson.dumps(body)
    media = None if body is None else "application/json"
    return Response(content, status_code=status, headers=headers, media_type=media)


def _error(err: ApiError, request_id: str, headers: dict[str, str] | None = None) -> Response:
    return _json(err.status, err.body(), {"X-Request-Id": request_id, **(headers or {})})


def _parse_body(op: OperationSpec, raw: bytes, content_type: str | None) -> Any:
    if forms.is_form(content_type) and content_type is not None:
        return forms.decode(op, raw, content_type)
    if not raw.strip():
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError("APIG.2000", f"Parameter error: Serialization error: {exc.msg}") from None


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


def _serve(emu: Emulator, call: Call) -> Any:
    handler = emu.registry.handlers[call.op.id]
    return handler(call)


async def _api(request: Request, emu: Emulator) -> Response:
    request_id = emu.ids.hex()
    method = request.method
    raw_path = request.scope.get("raw_path") or request.url.path.encode()
    path = raw_path.decode("latin-1")
    query_string = request.scope.get("query_string", b"").decode("latin-1")
    raw_body = await request.body()
    try:
        emu.auth.check(method, path, query_string, dict(request.headers), raw_body)
        if emu.faults.latency_s:
            await asyncio.sleep(emu.faults.latency_s)
        fault = emu.faults.decide()
        if fault is not None:
            code = _FAULT_CODES.get(fault.status, "APIG.9999")
            return _error(ApiError(code, status=fault.status), request_id, dict(fault.headers))
        try:
            op, params = match(emu.config.api, method, path.split("?", 1)[0])
        except UnknownOperation:
            raise ApiError(ROUTE_NOT_FOUND) from None
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
            body=validation.body(op, _parse_body(op, raw_body, request.headers.get("content-type"))),
        )
        result = await run_in_threadpool(_serve, emu, call)
    except ApiError as err:
        return _error(err, request_id)
    except Exception:  # a defect: answer as the real service would, keep the details in the log
        log.exception("internal error on %s %s", method, path.split("?", 1)[0])
        return _error(ApiError("APIG.9999"), request_id)
    if isinstance(result, Raw):
        headers = {"X-Request-Id": request_id, **result.headers}
        return Response(result.content, op.success_status, headers, media_type=result.media_type)
    body = project_body(op.response, result, emu.registry.dialect.mask_secrets)
    status = op.success_status
    if status == 204:
        body = None
    return _json(status, body, {"X-Request-Id": request_id})


async def _faults(request: Request, emu: Emulator) -> Response:
    if request.method == "PUT":
        raw = (await request.body()).decode("utf-8", "replace").strip()
        try:
            loaded = orjson.loads(raw) if raw.startswith("{") else {"spec": raw}
            emu.faults.update(str(loaded.get("spec", "")))
        except (ValueError, AttributeError) as exc:
            return _json(400, error_body("APIG.2011", str(exc)))
    elif request.method != "GET":
        return _json(405, error_body("APIG.2000", "use GET or PUT"))
    spec = emu.faults.spec
    return _json(200, {"spec": str(spec), "calls": emu.faults.calls, "injected": emu.faults.injected})


def create_app(config: EmulatorConfig, emulator: Emulator | None = None) -> Starlette:
    """The emulator app of ``config`` (``app.state.emulator`` holds its state)."""
    emu = emulator if emulator is not None else build(config)
    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]

    async def endpoint(request: Request) -> Response:
        path = request.url.path
        if path == OPENAPI_PATH and request.method == "GET":
            return Response(emu.openapi(), media_type="application/json")
        if path == FAULTS_PATH:
            return await _faults(request, emu)
        return await _api(request, emu)

    app = Starlette(routes=[Route("/{rest:path}", endpoint, methods=methods)])
    app.state.emulator = emu
    return app
