"""Queue the daily reminders for the worker: once (cron), or every --every seconds (make run).

The task is idempotent (each reminder is recorded once), so queueing it often is harmless."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from ticms.reporting.tasks import send_annual_report_reminders


class Command(BaseCommand):
    help = "Queue the annual report reminders (第二十二条) for the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args, every: int, now: bool, **options):
        while True:
            if now:
                from ticms.reporting.deadlines import annual_report_reminders_send

                sent = annual_report_reminders_send()
                self.stdout.write(f"reminders sent: {sent}")
            else:
                result = send_annual_report_reminders.enqueue()
                self.stdout.write(f"reminders queued: {result.id}")
            if every <= 0:
                return
            time.sleep(every)
