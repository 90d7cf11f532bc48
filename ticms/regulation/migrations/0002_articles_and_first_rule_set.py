import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "articles.json"

FIRST_THRESHOLDS = {
    "site_area_min_m2": "5000",
    "instrument_value_min_wan_yuan": "2000",
    "operation_min_months": 12,
    "co_builders_min": 2,
    "rd_investment_years": 3,
    "rd_investment_avg_min_wan_yuan": "3000",
    "prior_investment_min_wan_yuan": "10000",
    "planned_investment_min_wan_yuan": "20000",
    "team_size_min": 100,
    "full_time_ratio_min": "1/2",
    "qualified_ratio_min": "4/5",
    "same_team_ratio": "1/2",
}


def load(apps, schema_editor):
    Chapter = apps.get_model("regulation", "Chapter")
    Article = apps.get_model("regulation", "Article")
    RuleSet = apps.get_model("regulation", "RuleSet")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    chapters = {}
    for ch in data["chapters"]:
        chapters[ch["number"]], _ = Chapter.objects.update_or_create(
            number=ch["number"], defaults={"label": ch["label"], "title": ch["title"]}
        )
    for a in data["articles"]:
        Article.objects.update_or_create(
            number=a["number"],
            defaults={"label": a["label"], "chapter": chapters[a["chapter"]], "text": a["text"],
                      "items": a["items"]},
        )
    RuleSet.objects.get_or_create(
        code="2025.1",
        defaults={
            "title": "《江苏省技术创新中心管理办法（试行）》组建条件（第十二条、第四条）",
            "effective_from": dt.date(2025, 1, 1),
            "thresholds": FIRST_THRESHOLDS,
            "notes": "试行办法的首个规则集。同一团队的判定比例（same_team_ratio）为本系统对"
                     "第十二条第4项“同一团队”的量化口径，属原则性条件，可经书面说明后通过。",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("regulation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
