"""Timing one page through the Django test client: warm-ups, timed runs, one counted run."""

from __future__ import annotations

import contextlib
import math
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.template import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, instrumented_test_render

# A slow page (the province network once took 9 s) stops early: at least this many timed runs,
# then no more once the page has used its time budget (`--page-budget`).
MIN_RUNS = 3


@dataclass
class Result:
    name: str
    role: str
    url: str | None
    kind: str = "html"  # html | api | floor | export
    status: int | None = None
    runs: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    bytes: int = 0
    error: str = ""  # the page answered something else than 200 (or raised)
    skipped: str = ""  # not measured, and why (no account for the role, no such record)
    load: bool = False  # one of the pages of the loopback load
    x_auth: float | None = None
    x_layout: float | None = None
    misses: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and not self.skipped


class PageError(Exception):
    pass


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: p95 of 20 runs is the 19th fastest."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def fetch(client: Client, url: str):
    """One GET, timed until the whole body is read; returns (response, body size, seconds)."""
    start = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response, size, time.perf_counter() - start


def describe_failure(response) -> str:
    text = f"HTTP {response.status_code}"
    if response.status_code in (301, 302, 303, 307, 308):
        text += f" → {response.get('Location', '')}"
    exc_info = getattr(response, "exc_info", None)
    if exc_info and exc_info[1] is not None:
        text += f" ({type(exc_info[1]).__name__}: {str(exc_info[1])[:120]})"
    return text


def _one(client: Client, url: str) -> tuple[float, int]:
    response, size, seconds = fetch(client, url)
    if response.status_code != 200:
        raise PageError(describe_failure(response), response.status_code)
    return seconds, size


def measure(
    client: Client, result: Result, *, warmup: int, runs: int, budget: float, count: bool = True
) -> Result:
    """Fill `result` in place: warm-ups, `runs` timed GETs (fewer once past `budget` seconds),
    then one more GET inside CaptureQueriesContext for the query count."""
    if result.skipped:
        return result
    spent, samples = 0.0, []
    try:
        for _ in range(warmup):
            seconds, result.bytes = _one(client, result.url)
            spent += seconds
            if spent > budget / 4:  # a slow page is warm after one or two
                break
        while len(samples) < runs:
            seconds, result.bytes = _one(client, result.url)
            samples.append(seconds)
            spent += seconds
            if spent > budget and len(samples) >= MIN_RUNS:
                break
        if count:
            with CaptureQueriesContext(connection) as queries:
                _one(client, result.url)
            result.queries = len(queries.captured_queries)
    except PageError as exc:
        result.error, result.status = exc.args
        return result
    result.status = 200
    result.runs = len(samples)
    if samples:
        result.median_ms = statistics.median(samples) * 1000
        result.p95_ms = percentile(samples, 95) * 1000
    return result


@contextlib.contextmanager
def template_contexts():
    """Let the test client record each rendered template's context (response.context), as the
    test runner does, while the catalogue is built; never while timing."""
    original = Template._render
    Template._render = instrumented_test_render
    try:
        yield
    finally:
        Template._render = original
