# The finished texts go in a migration of their own: on PostgreSQL, rows updated in a migration
# leave deferred trigger events that forbid altering the table in the same transaction.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("common", "0004_inbox_messages")]

    operations = [
        migrations.RemoveField(model_name="inboxitem", name="title"),
        migrations.RemoveField(model_name="inboxitem", name="body"),
    ]
