"""The database cache's table (settings.CACHES), so that `migrate` alone prepares a machine."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Idempotent; does nothing when CACHES has no database cache (the test settings).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0005_inbox_text_removed")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
