"""Only the system administrator uses Django's admin: province users made before were staff."""

from django.db import migrations


def only_sysadmin_is_staff(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_staff=True).exclude(role="sysadmin").update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_center")]
    operations = [migrations.RunPython(only_sysadmin_is_staff, migrations.RunPython.noop)]
