from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("establishment", "0005_objection_receipt_no"),
    ]

    operations = [
        migrations.AlterField(
            model_name="objection",
            name="receipt_no",
            field=models.CharField(
                editable=False, max_length=12, unique=True, verbose_name="受理编号"
            ),
        ),
    ]
