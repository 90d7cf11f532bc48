"""python manage.py verify_audit → exit 0 when the audit chain is intact, 1 otherwise."""

import sys

from django.core.management.base import BaseCommand

from ticms.common.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit chain; names the first broken event."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"audit chain intact: {report.checked} events verified")
            return
        self.stderr.write(
            f"audit chain BROKEN at event #{report.broken_seq}: {report.problem} "
            f"({report.checked} events verified before it)"
        )
        sys.exit(1)
