"""Open to-dos and notifications about major matters name their records by the new app, so that
leaving a state closes them (common.inbox.todos_close_for). Audit events keep the type they were
written under (the chain's hashes cover it); common.labels reads it as the current one."""

from django.db import migrations

MOVED = ("majormatterreport", "changerequest", "centerrecordversion")


def forward(apps, schema_editor):
    InboxItem = apps.get_model("common", "InboxItem")
    for model in MOVED:
        InboxItem.objects.filter(object_type=f"reporting.{model}").update(
            object_type=f"matters.{model}"
        )


def backward(apps, schema_editor):
    InboxItem = apps.get_model("common", "InboxItem")
    for model in MOVED:
        InboxItem.objects.filter(object_type=f"matters.{model}").update(
            object_type=f"reporting.{model}"
        )


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial"), ("common", "0007_audit_event_note")]

    operations = [migrations.RunPython(forward, backward)]
