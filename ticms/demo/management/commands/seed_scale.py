"""A province at scale for benchmarks (development machines only):
`python manage.py seed_scale --centers 5000 --years 10` on an empty, migrated database."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from ticms.centers.models import Center
from ticms.common.selectors import audit_actions
from ticms.demo.scale import run

EMPTY_HINT = (
    "run it on an empty database, e.g. `DATABASE_URL=sqlite:///var/scale.sqlite3 DEBUG=1 "
    "python manage.py migrate && DATABASE_URL=sqlite:///var/scale.sqlite3 DEBUG=1 "
    "python manage.py seed_scale`"
)


class Command(BaseCommand):
    help = (
        "Build a large, valid data set (centers in every state, ten years of annual reports, "
        "matters, applications with reviews, inbox items, about 200 audit events per center) "
        "in bulk, for benchmarks. Needs DEBUG and a database without centers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=5000)
        parser.add_argument("--years", type=int, default=10, help="years of annual reports")
        parser.add_argument(
            "--audit-events", type=int, default=None, help="default: 200 per center"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same data)")
        parser.add_argument(
            "--password",
            default=None,
            help="password of the scale-* accounts (default: unusable, no login)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_scale refuses to run with DEBUG off: it fills a database with made-up "
                "people and accounts, for development and benchmark machines only (DEBUG=1)."
            )
        centers, years = options["centers"], options["years"]
        if not 8 <= centers <= 100_000:
            raise CommandError("--centers must be between 8 and 100000")
        if not 2 <= years <= 20:
            raise CommandError("--years must be between 2 and 20")
        events = options["audit_events"]
        if events is not None and not 0 <= events <= 50_000_000:
            raise CommandError("--audit-events must be between 0 and 50000000")
        if Center.objects.exists():
            raise CommandError(
                f"seed_scale refuses a database that already has centers: {EMPTY_HINT}"
            )
        with translation.override("zh-hans"), _fast_load(), transaction.atomic():
            summary = run(
                centers=centers,
                years=years,
                audit_events=events,
                seed=options["seed"],
                password=options["password"],
                stdout=self.stdout,
            )
            # The audit page's action filter, caught up once here rather than by its first view.
            audit_actions()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum would do in its own time: statistics for the planner, and the
            # visibility map that lets a deep page be read from an index alone.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(summary)


@contextmanager
def _fast_load():
    """No query log (DEBUG keeps one per bulk insert) and, on SQLite, no fsync while loading:
    a crash mid-way leaves a database to throw away, which is all it would be good for."""
    # SQLite refuses to change the safety level inside a transaction (a test's, say).
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB
            cursor.execute("PRAGMA temp_store=MEMORY")
    try:
        with override_settings(DEBUG=False):
            yield
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
