"""Background work of the reporting app, run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_annual_report_reminders() -> int:
    from .deadlines import annual_report_reminders_send

    return annual_report_reminders_send()
