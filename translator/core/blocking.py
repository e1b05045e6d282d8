"""The API client for synchronous callers (test scenarios, the CLI): the one ``ApiClient``,
run on an event loop of its own (an anyio blocking portal on a daemon thread).

Calls from several threads at once are fine: each runs as its own task on the client's loop.
``run`` hands a whole async job (e.g. many calls in flight on ``client``, the async client) to
that loop at once: one thread switch for the job instead of one per call.
Close the client (``close`` or ``with``) to stop the loop.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import httpx
from anyio.from_thread import start_blocking_portal

from translator.core.client import DEFAULT_TIMEOUT, ApiClient, ApiResult, FileValue, Query
from translator.core.credentials import Credentials
from translator.core.retry import RetryPolicy
from translator.types import Version

T = TypeVar("T")


class BlockingApiClient:
    """``ApiClient`` with the same arguments, whose ``call`` and ``list_all`` block."""

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
        self._stack = contextlib.ExitStack()
        self._portal = self._stack.enter_context(start_blocking_portal())
        make = functools.partial(
            ApiClient,
            base_url,
            version,
            project_id=project_id,
            instance_id=instance_id,
            credentials=credentials,
            transport=transport,
            timeout=timeout,
            retry=retry,
        )
        try:
            self.client: ApiClient = self._portal.call(make)  # built on the loop it runs on
        except BaseException:
            self._stack.close()
            raise
        self._closed = False

    @property
    def version(self) -> Version:
        return self.client.version

    def __repr__(self) -> str:
        return f"Blocking{self.client!r}"

    def __enter__(self) -> BlockingApiClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._portal.call(self.client.aclose)
        finally:
            self._stack.close()

    def call(
        self,
        op_id: str,
        *,
        path: Mapping[str, str] | None = None,
        query: Query | None = None,
        body: Any = None,
        files: Mapping[str, FileValue] | None = None,
        check: bool = True,
    ) -> ApiResult:
        """``ApiClient.call``, blocking."""
        send = functools.partial(
            self.client.call, op_id, path=path, query=query, body=body, files=files, check=check
        )
        return self._portal.call(send)

    def list_all(
        self,
        op_id: str,
        *,
        path: Mapping[str, str] | None = None,
        query: Query | None = None,
        page_size: int | None = None,
    ) -> list[dict[str, Any]]:
        """``ApiClient.list_all``, blocking."""
        walk = functools.partial(self.client.list_all, op_id, path=path, query=query, page_size=page_size)
        return self._portal.call(walk)

    def run(self, job: Callable[..., Awaitable[T]], *args: Any) -> T:
        """``await job(*args)`` on the client's loop, blocking: ``job`` may use ``self.client``
        (the async ``ApiClient``), e.g. to keep many calls in flight."""
        return self._portal.call(job, *args)
