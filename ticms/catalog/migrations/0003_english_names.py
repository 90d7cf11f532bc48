from django.db import migrations, models

# English names of the seeded industry fields and sub-fields, by code (0002_industry_fields).
NAMES_EN = {
    "E01": "New-generation information technology",
    "E0101": "Integrated circuits",
    "E0102": "New displays",
    "E0103": "Software and information services",
    "E0104": "Internet of Things",
    "E0105": "Artificial intelligence",
    "E02": "High-end equipment",
    "E0201": "Machine tools",
    "E0202": "Industrial robots",
    "E0203": "Aerospace equipment",
    "E0204": "Marine engineering equipment",
    "E0205": "Rail transit equipment",
    "E0206": "Construction machinery",
    "E03": "New materials",
    "E0301": "High-performance fibres and composites",
    "E0302": "Advanced polymer materials",
    "E0303": "Nanomaterials",
    "E0304": "Electronic chemicals",
    "E04": "Biomedicine",
    "E0401": "Innovative drugs",
    "E0402": "High-end medical devices",
    "E0403": "Modern traditional Chinese medicine",
    "E05": "New energy",
    "E0501": "Photovoltaics",
    "E0502": "Wind power equipment",
    "E0503": "Smart grids",
    "E06": "New energy vehicles",
    "E0601": "Vehicles and key components",
    "E0602": "Power batteries",
    "E0603": "Intelligent connected vehicles",
    "E07": "Energy saving and environmental protection",
    "E0701": "Environmental protection equipment",
    "E0702": "Resource recycling",
    "T01": "Textiles and clothing",
    "T0101": "High-end textiles",
    "T0102": "Branded clothing",
    "T02": "Metallurgy",
    "T0201": "Special steel",
    "T0202": "High-end metal products",
    "T03": "Petrochemicals",
    "T0301": "High-end fine chemicals",
    "T0302": "New chemical materials",
    "T04": "Food",
    "T0401": "Advanced food processing",
    "T05": "Building materials",
    "T0501": "Green building materials",
    "T06": "Light industry",
    "T0601": "Smart home appliances",
    "F01": "Future information",
    "F0101": "Third-generation semiconductors",
    "F0102": "Future networks",
    "F0103": "General artificial intelligence",
    "F0104": "Virtual reality",
    "F02": "Future energy",
    "F0201": "Hydrogen energy",
    "F0202": "New energy storage",
    "F0203": "Zero-carbon and negative-carbon technologies",
    "F03": "Future health",
    "F0301": "Cell and gene technologies",
    "F0302": "Synthetic biology",
    "F04": "Future materials",
    "F0401": "Frontier new materials",
}


def fill(apps, schema_editor):
    IndustryField = apps.get_model("catalog", "IndustryField")
    for field in IndustryField.objects.filter(code__in=NAMES_EN, name_en=""):
        field.name_en = NAMES_EN[field.code]
        field.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_industry_fields")]

    operations = [
        migrations.AddField(
            model_name="industryfield",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
