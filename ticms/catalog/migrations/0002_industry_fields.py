from django.db import migrations

# Seed taxonomy (editable by the province in system administration). Future industries follow
# Jiangsu's ten future industries; codes: E = emerging, T = traditional, F = future.
FIELDS = [
    ("emerging", "E01", "新一代信息技术", [("E0101", "集成电路"), ("E0102", "新型显示"),
        ("E0103", "软件和信息服务"), ("E0104", "物联网"), ("E0105", "人工智能")]),
    ("emerging", "E02", "高端装备", [("E0201", "工业母机"), ("E0202", "工业机器人"),
        ("E0203", "航空航天装备"), ("E0204", "海洋工程装备"), ("E0205", "轨道交通装备"), ("E0206", "工程机械")]),
    ("emerging", "E03", "新材料", [("E0301", "高性能纤维及复合材料"), ("E0302", "先进高分子材料"),
        ("E0303", "纳米新材料"), ("E0304", "电子化学品")]),
    ("emerging", "E04", "生物医药", [("E0401", "创新药物"), ("E0402", "高端医疗器械"),
        ("E0403", "现代中药")]),
    ("emerging", "E05", "新能源", [("E0501", "光伏"), ("E0502", "风电装备"), ("E0503", "智能电网")]),
    ("emerging", "E06", "新能源汽车", [("E0601", "整车及关键零部件"), ("E0602", "动力电池"),
        ("E0603", "智能网联汽车")]),
    ("emerging", "E07", "节能环保", [("E0701", "环保装备"), ("E0702", "资源循环利用")]),
    ("traditional", "T01", "纺织服装", [("T0101", "高端纺织"), ("T0102", "品牌服装")]),
    ("traditional", "T02", "冶金", [("T0201", "特钢"), ("T0202", "高端金属制品")]),
    ("traditional", "T03", "石化", [("T0301", "高端精细化工"), ("T0302", "化工新材料")]),
    ("traditional", "T04", "食品", [("T0401", "食品精深加工")]),
    ("traditional", "T05", "建材", [("T0501", "绿色建材")]),
    ("traditional", "T06", "轻工", [("T0601", "智能家电")]),
    ("future", "F01", "未来信息", [("F0101", "第三代半导体"), ("F0102", "未来网络"),
        ("F0103", "通用智能"), ("F0104", "虚拟现实")]),
    ("future", "F02", "未来能源", [("F0201", "氢能"), ("F0202", "新型储能"), ("F0203", "零碳负碳")]),
    ("future", "F03", "未来健康", [("F0301", "细胞和基因技术"), ("F0302", "合成生物")]),
    ("future", "F04", "未来材料", [("F0401", "前沿新材料")]),
]


def load(apps, schema_editor):
    IndustryField = apps.get_model("catalog", "IndustryField")
    for order, (category, code, name, subs) in enumerate(FIELDS, start=1):
        parent, _ = IndustryField.objects.update_or_create(
            code=code, defaults={"name": name, "category": category, "order": order}
        )
        for sub_order, (sub_code, sub_name) in enumerate(subs, start=1):
            IndustryField.objects.update_or_create(
                code=sub_code,
                defaults={"name": sub_name, "category": category, "parent": parent,
                          "order": sub_order},
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
