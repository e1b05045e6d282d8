"""Prometheus metrics of one shim app (its own registry, so several apps in a process do not clash).

``apig_shim_requests_total{operation,status}``, ``apig_shim_upstream_seconds{operation}`` (the v2
calls of one request), ``apig_shim_translation_seconds{operation}`` (request and response
translation, no I/O) and ``apig_shim_request_seconds{operation}`` (the whole request). Several
uvicorn workers each keep their own counters: run one replica per port to scrape each.

The counting is plain integers in the app's event loop (one list item per observation); the
registry renders them, as prometheus-client's own metrics would be, when ``/metrics`` is read.
prometheus-client's metric objects take a lock and walk the buckets in Python on every
observation: four of them cost more per request than the rest of the bookkeeping.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.samples import Sample
from prometheus_client.utils import floatToGoString

_FAST = (0.00005, 0.0001, 0.00015, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05)
_SLOW = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST
REQUESTS = ("apig_shim_requests", "v1.0 requests served, by v1.0 operation and answered status")
HISTOGRAMS = (
    (
        "apig_shim_request_seconds",
        "Time to answer one v1.0 request",
        _SLOW,
    ),
    (
        "apig_shim_translation_seconds",
        "Time spent translating one request and its response (no I/O)",
        _FAST,
    ),
    (
        "apig_shim_upstream_seconds",
        "Time spent waiting for the v2 backend on one v1.0 request (all its calls)",
        _SLOW,
    ),
)


class _Histogram:
    """One histogram series: a count per bucket (the last one: above every bound) and the sum."""

    __slots__ = ("bounds", "counts", "created", "total")

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.total = 0.0
        self.created = time.time()

    def observe(self, value: float) -> None:
        self.counts[bisect_left(self.bounds, value)] += 1  # first bucket whose bound is >= value
        self.total += value

    def buckets(self) -> list[tuple[str, float]]:
        out, running = [], 0
        for bound, count in zip((*self.bounds, float("inf")), self.counts, strict=True):
            running += count
            out.append((floatToGoString(bound), float(running)))  # type: ignore[no-untyped-call]
        return out


class ShimMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._requests: dict[tuple[str, int], list[float]] = {}
        """(operation, status) -> [count, created]"""
        self._series: dict[str, tuple[_Histogram, _Histogram, _Histogram]] = {}
        """operation -> (request, translation, upstream) histograms"""
        self.registry.register(self)

    def observe(
        self, operation: str, status: int, total: float, translation: float, upstream: float = 0.0
    ) -> None:
        count = self._requests.get((operation, status))
        if count is None:
            count = self._requests[(operation, status)] = [0, time.time()]
        count[0] += 1
        series = self._series.get(operation)
        if series is None:
            request, translation_, upstream_ = (_Histogram(bounds) for _, _, bounds in HISTOGRAMS)
            series = self._series[operation] = (request, translation_, upstream_)
        latency, translated, backend = series
        latency.observe(total)
        if translation:
            translated.observe(translation)
        if upstream:
            backend.observe(upstream)

    def collect(self) -> Iterator[Metric]:
        """The metrics as prometheus-client's registry renders them (its collector interface)."""
        requests = CounterMetricFamily(*REQUESTS, labels=("operation", "status"))
        for (operation, status), (count, created) in list(self._requests.items()):
            requests.add_metric((operation, str(status)), count, created=created)
        yield requests
        for i, (name, documentation, _) in enumerate(HISTOGRAMS):
            family = HistogramMetricFamily(name, documentation, labels=("operation",))
            for operation, series in list(self._series.items()):
                hist = series[i]
                family.add_metric((operation,), hist.buckets(), hist.total)
                family.samples.append(Sample(f"{name}_created", {"operation": operation}, hist.created))
            yield family

    def render(self) -> bytes:
        return generate_latest(self.registry)
