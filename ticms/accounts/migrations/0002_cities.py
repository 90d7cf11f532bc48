from django.db import migrations

# GB/T 2260 codes of Jiangsu's 13 cities divided into districts.
CITIES = [
    ("320100", "南京市"), ("320200", "无锡市"), ("320300", "徐州市"), ("320400", "常州市"),
    ("320500", "苏州市"), ("320600", "南通市"), ("320700", "连云港市"), ("320800", "淮安市"),
    ("320900", "盐城市"), ("321000", "扬州市"), ("321100", "镇江市"), ("321200", "泰州市"),
    ("321300", "宿迁市"),
]


def load(apps, schema_editor):
    City = apps.get_model("accounts", "City")
    for code, name in CITIES:
        City.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
