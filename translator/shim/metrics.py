"""Prometheus metrics of one shim app (its own registry, so several apps in a process do not clash).

``apig_shim_requests_total{operation,status}``, ``apig_shim_upstream_seconds{operation}`` (the v2
calls of one request), ``apig_shim_translation_seconds{operation}`` (request and response
translation, no I/O) and ``apig_shim_request_seconds{operation}`` (the whole request). Several
uvicorn workers each keep their own counters: run one replica per port to scrape each.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

_FAST = (0.00005, 0.0001, 0.00015, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05)
_SLOW = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class ShimMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "apig_shim_requests",
            "v1.0 requests served, by v1.0 operation and answered status",
            ("operation", "status"),
            registry=self.registry,
        )
        self.upstream = Histogram(
            "apig_shim_upstream_seconds",
            "Time spent waiting for the v2 backend on one v1.0 request (all its calls)",
            ("operation",),
            buckets=_SLOW,
            registry=self.registry,
        )
        self.translation = Histogram(
            "apig_shim_translation_seconds",
            "Time spent translating one request and its response (no I/O)",
            ("operation",),
            buckets=_FAST,
            registry=self.registry,
        )
        self.latency = Histogram(
            "apig_shim_request_seconds",
            "Time to answer one v1.0 request",
            ("operation",),
            buckets=_SLOW,
            registry=self.registry,
        )

        self._children: dict[tuple[str, int], tuple[Any, Any, Any, Any]] = {}

    def observe(
        self, operation: str, status: int, total: float, translation: float, upstream: float = 0.0
    ) -> None:
        key = (operation, status)
        children = self._children.get(key)
        if children is None:  # labels() takes a lock and builds a key: once per operation and status
            children = (
                self.requests.labels(operation, str(status)),
                self.latency.labels(operation),
                self.translation.labels(operation),
                self.upstream.labels(operation),
            )
            self._children[key] = children
        count, latency, translated, backend = children
        count.inc()
        latency.observe(total)
        if translation:
            translated.observe(translation)
        if upstream:
            backend.observe(upstream)

    def render(self) -> bytes:
        return generate_latest(self.registry)
