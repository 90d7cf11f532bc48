"""The benchmark's table, the targets of issue 10 checked against it, and its JSON."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from dataclasses import dataclass, field

from .measure import Result
from .users import PUBLIC

# Issue 10, "Targets". Ratios compare medians; the absolute limit is on the p95.
LAYOUT_X_AUTH = 3.0
PAGE_P95_MS = 50.0
PAGE_X_LAYOUT = 5.0
EXPORT_S = 5.0
VERIFY_S = 30.0


@dataclass
class Floors:
    auth: Result
    layout: Result


@dataclass
class Target:
    name: str
    ok: bool
    detail: str


@dataclass
class Run:
    meta: dict
    floors: dict[str, Floors]
    pages: list[Result]
    export: Result | None = None
    verify: dict | None = None
    load: dict | None = None
    targets: list[Target] = field(default_factory=list)

    @property
    def errors(self) -> list[Result]:
        rows = [*self.pages, *(f for fl in self.floors.values() for f in (fl.auth, fl.layout))]
        return [r for r in rows if r.error]


def _ratio(value, floor: Result | None):
    if value is None or floor is None or not floor.median_ms:
        return None
    return value / floor.median_ms


def assess(run: Run) -> None:
    """Ratios and misses per page, then the targets."""
    for page in run.pages:
        floors = run.floors.get(page.role)
        page.x_auth = _ratio(page.median_ms, floors and floors.auth)
        page.x_layout = _ratio(page.median_ms, floors and floors.layout)
        page.misses = []
        if page.p95_ms is not None and page.p95_ms >= PAGE_P95_MS:
            page.misses.append(f"p95 ≥ {PAGE_P95_MS:g} ms")
        if page.x_layout is not None and page.x_layout > PAGE_X_LAYOUT:
            page.misses.append(f"> {PAGE_X_LAYOUT:g}× layout")
    for role, floors in run.floors.items():
        floors.layout.misses = []
        floors.layout.x_auth = _ratio(floors.layout.median_ms, floors.auth)
        floors.layout.x_layout = 1.0 if floors.layout.median_ms else None
        floors.auth.x_auth = 1.0 if floors.auth.median_ms else None
        floors.auth.x_layout = _ratio(floors.auth.median_ms, floors.layout)
        # A visitor's floor reads no session: shown for the portal's pages, not a target.
        if role == PUBLIC:
            continue
        if floors.layout.x_auth is not None and floors.layout.x_auth > LAYOUT_X_AUTH:
            floors.layout.misses = [f"> {LAYOUT_X_AUTH:g}× auth floor ({role})"]
    run.targets = _targets(run)


def _targets(run: Run) -> list[Target]:
    targets = []
    roles = {role: fl for role, fl in run.floors.items() if role != PUBLIC}
    floor_text = ", ".join(
        f"{role} {fl.layout.x_auth:.1f}×" if fl.layout.x_auth else f"{role} not measured"
        for role, fl in roles.items()
    )
    targets.append(
        Target(
            f"layout floor ≤ {LAYOUT_X_AUTH:g}× authenticated floor, every role",
            bool(roles) and all(fl.layout.x_auth and not fl.layout.misses for fl in roles.values()),
            floor_text or "floors not measured",
        )
    )
    measured = [p for p in run.pages if p.ok]
    slow = [p for p in measured if p.p95_ms is not None and p.p95_ms >= PAGE_P95_MS]
    heavy = [p for p in measured if p.x_layout is not None and p.x_layout > PAGE_X_LAYOUT]
    for name, missed, key, shown in (
        (f"every page p95 < {PAGE_P95_MS:g} ms", slow, "p95_ms", "p95 {:.0f} ms"),
        (f"every page ≤ {PAGE_X_LAYOUT:g}× layout floor", heavy, "x_layout", "{:.1f}×"),
    ):
        detail = f"{len(measured) - len(missed)} of {len(measured)} measured pages meet it"
        if missed:
            worst = sorted(missed, key=lambda p: -getattr(p, key))[:5]
            detail += "; worst: " + "; ".join(
                f"{p.name} ({p.role}) " + shown.format(getattr(p, key)) for p in worst
            )
        targets.append(Target(name, not missed and bool(measured), detail))
    if run.errors:
        targets.append(
            Target("every page answers 200", False, f"{len(run.errors)} pages answered an error")
        )
    if run.export is not None:
        e = run.export
        seconds = (e.median_ms or 0) / 1000
        targets.append(
            Target(
                f"Excel export of all centers < {EXPORT_S:g} s",
                e.ok and seconds < EXPORT_S,
                e.error or e.skipped or f"{seconds:.2f} s ({e.bytes / 1024:.0f} KB)",
            )
        )
    if run.verify is not None:
        v = run.verify
        targets.append(
            Target(
                f"verify_audit over the whole chain < {VERIFY_S:g} s",
                v["ok"] and v["seconds"] < VERIFY_S,
                f"{v['seconds']:.2f} s, {v['checked']:,} events, "
                + ("chain intact" if v["ok"] else f"chain BROKEN: {v['problem']}"),
            )
        )
    if run.load is not None and not run.load.get("skipped"):
        load = run.load
        targets.append(
            Target(
                "loopback load answers every request with 200",
                not load.get("error") and load.get("errors") == 0,
                load.get("error") or f"{load['errors']} errors in {load['requests']:,} requests",
            )
        )
    return targets


def _ms(value) -> str:
    return "—" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _x(value) -> str:
    return "—" if value is None else f"{value:.1f}×"


def _status(r: Result, runs: int) -> str:
    if r.skipped:
        return f"SKIP: {r.skipped}"
    if r.error:
        return f"ERROR: {r.error}"
    text = "MISS: " + "; ".join(r.misses) if r.misses else "OK"
    if r.runs < runs:
        text += f" (n={r.runs})"
    return text


def _cells(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fit(text: str, width: int) -> str:
    while _cells(text) > width:
        text = text[:-1]
    return text + " " * (width - _cells(text))


def table(run: Run) -> str:
    runs = run.meta.get("runs", 0)
    rows = []
    for role, floors in run.floors.items():
        for r in (floors.auth, floors.layout):
            rows.append((r.name, role, r))
    rows += [(p.name, p.role, p) for p in run.pages]
    width = min(64, max((_cells(name) for name, _r, _p in rows), default=10))
    head = (
        f"{'page':<{width}}  {'role':<9}  {'median ms':>9}  {'p95 ms':>8}  {'queries':>7}  "
        f"{'×auth':>7}  {'×layout':>7}  status"
    )
    lines = [head, "-" * len(head)]
    for name, role, r in rows:
        lines.append(
            f"{_fit(name, width)}  {role:<9}  {_ms(r.median_ms):>9}  {_ms(r.p95_ms):>8}  "
            f"{'—' if r.queries is None else r.queries:>7}  {_x(r.x_auth):>7}  "
            f"{_x(r.x_layout):>7}  {_status(r, runs)}"
        )
    return "\n".join(lines)


def summary(run: Run) -> str:
    lines = []
    if run.export is not None:
        e = run.export
        lines.append(
            f"Excel export of all centers ({e.role}, {e.url}): "
            + (
                e.error
                or e.skipped
                or f"median {e.median_ms / 1000:.2f} s over {e.runs} runs, {e.queries} queries, "
                f"{e.bytes / 1024:.0f} KB"
            )
        )
    if run.verify is not None:
        v = run.verify
        lines.append(
            f"verify_audit: {v['seconds']:.2f} s for {v['checked']:,} events, "
            + ("chain intact" if v["ok"] else f"chain BROKEN: {v['problem']}")
        )
    if run.load is not None:
        lines.append("Loopback load: " + load_text(run.load))
    lines.append("")
    lines.append("Targets (issue 10; ratios compare medians):")
    for t in run.targets:
        lines.append(f"  [{'OK  ' if t.ok else 'MISS'}] {t.name}: {t.detail}")
    return "\n".join(lines)


def load_text(load: dict) -> str:
    if load.get("skipped"):
        return f"skipped ({load['skipped']})"
    if load.get("error"):
        return f"ERROR: {load['error']}"
    errors = load["errors"]
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(load["error_kinds"].items()))
    return (
        f"gunicorn {load['workers']} workers, {load['connections']} connections, "
        f"{load['window_seconds']:g} s (+{load['seconds'] - load['window_seconds']:.1f} s for "
        f"the requests in flight), {len(load['mix'])} pages: {load['requests']:,} requests, "
        f"{load['rps']:.1f} req/s, latency median {_ms(load['median_ms'])} ms / "
        f"p95 {_ms(load['p95_ms'])} ms, errors {errors}" + (f" ({statuses})" if statuses else "")
    )


def to_json(run: Run) -> str:
    data = {
        "meta": run.meta,
        "floors": {
            role: {"auth": dataclasses.asdict(f.auth), "layout": dataclasses.asdict(f.layout)}
            for role, f in run.floors.items()
        },
        "pages": [dataclasses.asdict(p) for p in run.pages],
        "export": dataclasses.asdict(run.export) if run.export else None,
        "verify_audit": run.verify,
        "load": run.load,
        "targets": [dataclasses.asdict(t) for t in run.targets],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
