"""One validated v1.0 call through the backend: translate, the v2 calls, translate the answer back.

The v2 calls are the operation's own, after those ``multicall`` needs first (the throttle a
special setting lives under, the stored ACL's type, an exported API's group); a v1.0 list asking
for every item (``page_size=0``) follows the v2 pages to the end and answers one page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from translator.core import listing
from translator.core.apierrors import render_body
from translator.errors import IncompleteListing
from translator.mapping.load import CONFIGURED_PATH_PARAMS
from translator.redact import is_secret, masked
from translator.shim import multicall
from translator.shim.config import ShimConfig
from translator.shim.forward import Answer, Upstream
from translator.spec import OperationSpec, load_spec, walk
from translator.spec.paging import paging
from translator.translate import IdRewrite, TranslatedRequest, translate_request, translate_response


@dataclass
class Timing:
    """What the access log and the metrics report of one request."""

    operation: str
    upstream_url: str | None = None
    upstream_status: int | None = None
    calls: int = 0
    upstream: float = 0.0
    translation: float = 0.0


class Exchange:
    def __init__(
        self,
        config: ShimConfig,
        upstream: Upstream,
        ids: IdRewrite | None,
        to_target: Callable[[str, str], str | None] | None = None,
    ) -> None:
        self.config = config
        self.upstream = upstream
        self.ids = ids
        self.to_target = to_target
        self.prefix = dict(zip(CONFIGURED_PATH_PARAMS, (config.project_id, config.instance_id), strict=True))

    async def _send(
        self,
        timing: Timing,
        method: str,
        path: str,
        query: dict[str, Any],
        body: Any,
        token: str | None,
        **kw: Any,
    ) -> Answer:
        answer = await self.upstream.send(method, path, query, body, token=token, **kw)
        timing.calls += 1
        timing.upstream += answer.elapsed
        return answer

    def _own_id(self, resource: str, ident: str) -> str:
        mapped = self.to_target(resource, ident) if self.to_target is not None else None
        return mapped or ident

    async def run(
        self,
        op: OperationSpec,
        method: str,
        path: str,
        params: dict[str, str],
        query: dict[str, Any],
        body: Any,
        token: str | None,
        timing: Timing,
    ) -> tuple[int, Any, str | None]:
        async def get(url: str, q: dict[str, Any]) -> tuple[int, Any]:
            answer = await self._send(timing, "GET", url, q, None, token)
            return answer.status, answer.body

        several = bool(multicall.needs(op.id))  # most operations: one v2 call, nothing to look up
        try:
            path_values: dict[str, str] = {}
            if several:
                path_values = await multicall.parent_values(op, params, self.prefix, get, self._own_id)
            body = multicall.with_defaults(op, body) if several else body
            started = time.perf_counter()
            translated = translate_request(
                "v1_to_v2",
                method,
                path,
                query,
                body,
                project_id=self.config.project_id,
                instance_id=self.config.instance_id,
                check=False,
                stricter=False,  # the backend refuses what its rules refuse; the error comes back
                ids=self.ids,
                path_values=path_values or None,
            )
            timing.translation += time.perf_counter() - started
            if several:
                translated = await multicall.fill_body(translated.pair, translated, self.prefix, get)
        except multicall.UpstreamError as exc:
            status, error = render_body("v1.0", exc.status, exc.body)
            return status, error, None
        timing.upstream_url = translated.path
        filtered = any(query.get(name) not in (None, "") for name in multicall.local_filters(op.id))
        if translated.follow_pages or (filtered and paging("v2", translated.op_id) is not None):
            status, answer_body, media = await self._every_page(translated, token, timing)
        else:
            answer = await self._send(
                timing,
                translated.method,
                translated.path,
                translated.query,
                translated.body,
                token,
                content_type=translated.content_type,
                op=translated.pair.v2,
            )
            status, answer_body, media = answer.status, answer.body, answer.media_type
        timing.upstream_status = status
        if not 200 <= status < 300:
            return (*render_body("v1.0", status, answer_body), None)
        if not isinstance(answer_body, dict | list) and answer_body is not None:
            return translated.pair.v1.success_status, answer_body, media or "application/octet-stream"
        started = time.perf_counter()
        out = translate_response("v2_to_v1", translated.pair, status, answer_body, ids=self.ids)
        result = multicall.apply_filters(op.id, query, out.body) if filtered else out.body
        timing.translation += time.perf_counter() - started
        if _shows_secrets(translated.pair.v1.id):
            result = masked(result)  # v1.0 answers secrets masked
        return out.status, result, None

    async def _every_page(
        self, translated: TranslatedRequest, token: str | None, timing: Timing
    ) -> tuple[int, Any, str]:
        described = paging("v2", translated.op_id)
        assert described is not None
        rest = {k: v for k, v in translated.query.items() if k not in described.params}
        last: dict[str, Any] = {}
        failed: Answer | None = None

        async def fetch(page: dict[str, Any]) -> Any:
            nonlocal last, failed
            answer = await self._send(timing, translated.method, translated.path, page, None, token)
            if not 200 <= answer.status < 300:
                failed = answer
                raise IncompleteListing(translated.op_id, f"status {answer.status}")
            if isinstance(answer.body, dict):
                last = answer.body
            return answer.body

        try:
            items = await listing.collect(described, fetch, rest, described.max_size)
        except IncompleteListing:
            if failed is not None:
                return failed.status, failed.body, failed.media_type
            raise
        body = {**last, described.items: items, described.total: len(items)}
        if described.count in last:
            body[described.count] = len(items)
        return 200, body, "application/json"


@cache
def _shows_secrets(v1_op: str) -> bool:
    """Whether the v1.0 operation's documented response has a secret field (most have none: then
    the answer is not walked)."""
    op = load_spec("v1.0").operation(v1_op)
    fields = op.response.root_fields() if op.response is not None else ()
    return any(is_secret(path) for path, _ in walk(fields))
