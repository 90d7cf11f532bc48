from django.db import migrations, models

# English names of Jiangsu's 13 cities divided into districts, by GB/T 2260 code.
NAMES_EN = {
    "320100": "Nanjing", "320200": "Wuxi", "320300": "Xuzhou", "320400": "Changzhou",
    "320500": "Suzhou", "320600": "Nantong", "320700": "Lianyungang", "320800": "Huai'an",
    "320900": "Yancheng", "321000": "Yangzhou", "321100": "Zhenjiang", "321200": "Taizhou",
    "321300": "Suqian",
}


def fill(apps, schema_editor):
    City = apps.get_model("accounts", "City")
    for city in City.objects.filter(code__in=NAMES_EN, name_en=""):
        city.name_en = NAMES_EN[city.code]
        city.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_login_lock")]

    operations = [
        migrations.AddField(
            model_name="city",
            name="name_en",
            field=models.CharField(blank=True, max_length=40, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
