"""Objections get a random receipt number instead of quoting their primary key; existing
objections get one too. The column becomes required and unique in the next migration, in a
transaction of its own (PostgreSQL refuses to alter a table with pending updates)."""

import secrets

from django.db import migrations, models

# Copied, not imported: a migration keeps working when the model's constants change.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12


def fill(apps, schema_editor):
    Objection = apps.get_model("establishment", "Objection")
    taken = set(Objection.objects.exclude(receipt_no=None).values_list("receipt_no", flat=True))
    for objection in Objection.objects.filter(receipt_no=None).only("pk").iterator():
        number = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        while number in taken:
            number = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        taken.add(number)
        Objection.objects.filter(pk=objection.pk).update(receipt_no=number)


class Migration(migrations.Migration):
    dependencies = [
        ("establishment", "0004_application_for_existing_center"),
    ]

    operations = [
        migrations.AddField(
            model_name="objection",
            name="receipt_no",
            field=models.CharField(
                editable=False, max_length=12, null=True, verbose_name="受理编号"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
