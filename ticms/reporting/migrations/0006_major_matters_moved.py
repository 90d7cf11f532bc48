"""Major matters moved to their own app (ticms.matters): the models leave this app's state;
their tables stay where they are, under the same names (matters 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0005_host_unit_change")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='changerequest',
                    name='center',
                ),
                migrations.RemoveField(
                    model_name='changerequest',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='majormatterreport',
                    name='center',
                ),
                migrations.RemoveField(
                    model_name='majormatterreport',
                    name='created_by',
                ),
                migrations.DeleteModel(
                    name='CenterRecordVersion',
                ),
                migrations.DeleteModel(
                    name='ChangeRequest',
                ),
                migrations.DeleteModel(
                    name='MajorMatterReport',
                ),
            ],
            database_operations=[],
        )
    ]
