"""python manage.py bench — the benchmark of issue 10 (`make bench` runs it).

Times every page whose data grows through the Django test client, with DEBUG off in-process,
against two floors measured in the same run; then the Excel export, verify_audit and a loopback
load against gunicorn. Prints one table and the targets; exit status 1 only when a page errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
import time
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from ticms.accounts.models import User
from ticms.bench import load, measure, pages, report
from ticms.bench.measure import Result
from ticms.bench.report import Floors, Run
from ticms.bench.urls import FLOOR_AUTH, FLOOR_BARE, FLOOR_LAYOUT, FLOOR_PUBLIC_LAYOUT
from ticms.bench.users import PUBLIC, parse_mapping, resolve
from ticms.centers.models import Center
from ticms.common.audit import verify_chain
from ticms.common.models import AuditEvent, InboxItem
from ticms.reporting.models import AnnualReport

EXPORT_URL = "/centers/export.xlsx"


@contextlib.contextmanager
def quiet_axes():
    """django-axes logs every login and logout: not news in a benchmark."""
    axes = logging.getLogger("axes")
    level = axes.level
    axes.setLevel(logging.WARNING)
    try:
        yield
    finally:
        axes.setLevel(level)


class Command(BaseCommand):
    help = "Benchmark every page that shows growing data against the floors (issue 10)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20, help="timed runs per page (20)")
        parser.add_argument("--warmup", type=int, default=3, help="warm-up runs per page (3)")
        parser.add_argument(
            "--page-budget",
            type=float,
            default=30.0,
            help="seconds one page may take in all; a slower page stops after 3 timed runs (30)",
        )
        parser.add_argument(
            "--users",
            default="",
            help="accounts per role, e.g. province=alice,city=bob (default: the scale-* "
            "accounts of seed_scale, else the demo's)",
        )
        parser.add_argument("--json", dest="json_path", help="also write the results to FILE")
        parser.add_argument(
            "--load-seconds", type=float, default=20.0, help="loopback load time; 0 skips (20)"
        )
        parser.add_argument("--load-connections", type=int, default=32)
        parser.add_argument("--load-workers", type=int, default=2, help="gunicorn workers (2)")
        parser.add_argument(
            "--seed-centers",
            type=int,
            default=0,
            help="migrate, and when there is no center yet, run seed_scale with this many",
        )
        parser.add_argument("--seed-years", type=int, default=10)
        parser.add_argument(
            "--only",
            default="",
            help="measure only the pages whose name contains one of these words "
            "(comma-separated, e.g. 'audit log,directory'); the floors are always measured",
        )
        parser.add_argument("--skip-export", action="store_true")
        parser.add_argument("--skip-verify", action="store_true")

    def handle(self, *args, **o):
        self.verbosity = o["verbosity"]
        if o["runs"] < 1 or o["warmup"] < 0:
            raise CommandError("--runs must be at least 1 and --warmup at least 0")
        if o["seed_centers"]:
            self._ensure_data(o["seed_centers"], o["seed_years"])
        if User._meta.db_table not in connection.introspection.table_names():
            raise CommandError(
                "the database has no tables: run `make bench` (migrates and seeds), or "
                "`manage.py migrate` and `manage.py seed_scale` first"
            )
        try:
            accounts = resolve(parse_mapping(o["users"]))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not accounts.users:
            raise CommandError(
                "no account for any role: "
                + "; ".join(f"{k}: {v}" for k, v in accounts.missing.items())
                + ". Load data with seed_scale (or seed_demo), or pass --users."
            )
        for role, why in accounts.missing.items():
            self.stderr.write(f"warning: {role} pages not measured — {why}")

        run = Run(meta=self._meta(o, accounts), floors={}, pages=[])
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(DEBUG=False, ROOT_URLCONF="ticms.bench.urls", ALLOWED_HOSTS=hosts):
            clients = self._clients(accounts)
            try:
                self._measure(run, accounts, clients, o)
            finally:
                with quiet_axes():
                    for client in clients.values():
                        client.logout()  # the sessions force_login made
        if o["load_seconds"] > 0:
            mix = [(r.role, r.url) for r in run.pages if r.load and r.status == 200]
            self.stderr.write(f"loopback load: {o['load_seconds']:g} s …")
            run.load = load.run_load(
                users=accounts.users,
                mix=mix,
                seconds=o["load_seconds"],
                connections=o["load_connections"],
                workers=o["load_workers"],
            )
        report.assess(run)
        self.stdout.write(self._header(run))
        self.stdout.write(report.table(run))
        self.stdout.write("")
        self.stdout.write(report.summary(run))
        if o["json_path"]:
            Path(o["json_path"]).write_text(report.to_json(run), encoding="utf-8")
            self.stdout.write(f"results written to {o['json_path']}")
        if run.errors:
            raise CommandError(
                f"{len(run.errors)} pages answered an error: "
                + "; ".join(f"{r.name} ({r.role}) {r.url}: {r.error}" for r in run.errors[:10])
            )

    def _measure(self, run: Run, accounts, clients, o) -> None:
        timing = {"warmup": o["warmup"], "runs": o["runs"], "budget": o["page_budget"]}
        run.floors = self._floors(clients, timing)
        catalogue = pages.catalogue(accounts, clients)
        wanted = [w.strip() for w in o.get("only", "").split(",") if w.strip()]
        if wanted:
            catalogue = [p for p in catalogue if any(w in p.name for w in wanted)]
            if not catalogue:
                raise CommandError(f"--only {o['only']!r}: no page name contains these words")
        for index, page in enumerate(catalogue, start=1):
            result = Result(page.name, page.role, page.url, page.kind, skipped=page.skipped)
            result.load = page.load
            if not result.skipped:
                measure.measure(clients[page.role], result, **timing)
            run.pages.append(result)
            self._progress(f"[{index}/{len(catalogue)}] {page.name} ({page.role})", result)
        if not o["skip_export"]:
            run.export = self._export(clients, accounts, timing)
        if not o["skip_verify"]:
            run.verify = self._verify()

    def _clients(self, accounts) -> dict[str, Client]:
        clients = {PUBLIC: Client(raise_request_exception=False)}
        with quiet_axes():
            for role, user in accounts.users.items():
                clients[role] = Client(raise_request_exception=False)
                clients[role].force_login(user)
        return clients

    def _ensure_data(self, centers: int, years: int) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if Center.objects.exists():
            return
        if "seed_scale" not in get_commands():
            raise CommandError(
                "the database is empty and seed_scale is not available in this checkout: load "
                "data another way (e.g. `DEBUG=1 manage.py seed_demo`) and run bench again"
            )
        self.stderr.write(f"empty database: seed_scale --centers {centers} --years {years} …")
        started = time.perf_counter()
        call_command("seed_scale", "--centers", str(centers), "--years", str(years))
        self.stderr.write(f"seeded in {time.perf_counter() - started:.0f} s")

    def _floors(self, clients, timing) -> dict[str, Floors]:
        floors = {}
        for role, client in clients.items():
            if role == PUBLIC:
                auth = Result("floor: bare (not logged in)", role, FLOOR_BARE, "floor")
                layout = Result("floor: layout", role, FLOOR_PUBLIC_LAYOUT, "floor")
            else:
                auth = Result("floor: authenticated", role, FLOOR_AUTH, "floor")
                layout = Result("floor: layout", role, FLOOR_LAYOUT, "floor")
            for result in (auth, layout):
                measure.measure(client, result, **timing)
                self._progress(f"{result.name} ({role})", result)
            floors[role] = Floors(auth, layout)
        return floors

    def _export(self, clients, accounts, timing) -> Result:
        result = Result("Excel export of all centers", "province", EXPORT_URL, "export")
        if "province" not in accounts.users:
            result.skipped = "no province account"
            return result
        # A few runs are enough for a multi-second download.
        runs = {**timing, "warmup": min(timing["warmup"], 1), "runs": min(timing["runs"], 3)}
        measure.measure(clients["province"], result, **runs)
        self._progress("Excel export", result)
        return result

    def _verify(self) -> dict:
        self.stderr.write("verify_audit …")
        started = time.perf_counter()
        chain = verify_chain()
        return {
            "seconds": time.perf_counter() - started,
            "ok": chain.ok,
            "checked": chain.checked,
            "problem": str(chain.problem or ""),
        }

    def _progress(self, label: str, result: Result) -> None:
        if self.verbosity < 1:
            return
        if result.skipped:
            text = f"skipped: {result.skipped}"
        elif result.error:
            text = f"ERROR {result.error}"
        else:
            text = f"median {result.median_ms:.1f} ms, p95 {result.p95_ms:.1f} ms"
        self.stderr.write(f"{label}: {text}")

    def _meta(self, o, accounts) -> dict:
        db = connection.settings_dict
        return {
            "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": f"{connection.vendor} {db.get('NAME')}",
            "python": sys.version.split()[0],
            "django": django.get_version(),
            "runs": o["runs"],
            "warmup": o["warmup"],
            "page_budget_s": o["page_budget"],
            "accounts": {role: u.username for role, u in accounts.users.items()},
            "missing_accounts": accounts.missing,
            "data": {
                "centers": Center.objects.count(),
                "annual reports": AnnualReport.objects.count(),
                "audit events": AuditEvent.objects.count(),
                "inbox items": InboxItem.objects.count(),
                "users": User.objects.count(),
            },
        }

    def _header(self, run: Run) -> str:
        m = run.meta
        data = ", ".join(f"{v:,} {k}" for k, v in m["data"].items())
        accounts = ", ".join(f"{k}={v}" for k, v in m["accounts"].items())
        return (
            f"TICMS benchmark — {m['database']} — {m['started_at']}\n"
            f"data: {data}\n"
            f"accounts: {accounts}\n"
            f"{m['warmup']} warm-ups + {m['runs']} runs per page (fewer past "
            f"{m['page_budget_s']:g} s), DEBUG off in-process; ratios are medians over the "
            f"same role's floors\n"
        )
