from django.db import migrations

from ticms.common import audit_search


def forwards(apps, schema_editor):
    audit_search.create(schema_editor)


def backwards(apps, schema_editor):
    audit_search.drop(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("common", "0008_scale_indexes_audit_actions_jobs")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
