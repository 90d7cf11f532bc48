"""The read-only summary of an application: everything entered, by part, with the eligibility
rows of each part; for the check page and for readers of the application."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ticms.centers.models import TeamType
from ticms.common.money import MONEY_UNITS, fmt_money, fmt_number, is_blank

from ...completeness import as_of, rule_set_of
from ...eligibility import team_counts
from ...fields import QUESTIONS, RD_INVESTMENT, rd_investment_years
from ...models import PLAN_SECTIONS, Application, MaterialKind
from .sections import PROFILE_PAGES, SECTION_BY_KEY, rows_for, section_url


def _in_unit(value, unit) -> str:
    return fmt_money(value) if (unit or "").strip() in MONEY_UNITS else fmt_number(value)


def target_rows(targets) -> list[dict]:
    """考核指标 rows with their numbers shown (money when the unit is); the baseline None if
    not given."""
    return [
        {
            "pk": t.pk,
            "name": t.name,
            "unit": t.unit,
            "baseline": None if t.baseline is None else _in_unit(t.baseline, t.unit),
            "target_value": _in_unit(t.target_value, t.unit),
            "target_year": t.target_year,
        }
        for t in targets
    ]


def _shown(question, value):
    if value in (None, ""):
        return None
    if question.kind == "bool":
        return _("是") if value else _("否")
    if question.kind == "date":
        return value
    try:
        return fmt_money(value) if question.key.endswith("_wan_yuan") else fmt_number(value)
    except ValueError:
        return str(value)


def _money_or_none(value) -> str | None:
    try:
        return None if is_blank(value) else fmt_money(value)
    except ValueError:
        return str(value)


def summary_context(application: Application, *, report_rows: list[dict] | None = None) -> dict:
    """Everything entered, by part, for the check page and for readers of the application."""
    profile = application.profile_data or {}
    day = as_of(application)
    years = rd_investment_years(day, rule_set_of(application))
    investment = (profile.get(RD_INVESTMENT[0]) or {}).get(RD_INVESTMENT[1]) or {}
    conditions = []
    for key, (label, article) in PROFILE_PAGES.items():
        answers = [
            {"label": q.label, "value": _shown(q, (profile.get(key) or {}).get(q.key))}
            for q in QUESTIONS
            if q.section == key
        ]
        if key == RD_INVESTMENT[0]:
            answers += [
                {
                    "label": _("%(year)d 年度研发投入（万元）") % {"year": year},
                    "value": _money_or_none(investment.get(str(year))),
                }
                for year in years
            ]
        conditions.append(
            {
                "key": key,
                "label": label,
                "article": article,
                "answers": answers,
                "url": section_url(application, key),
                "rules": rows_for(report_rows or [], SECTION_BY_KEY[key].rule_fields),
            }
        )
    full_time = (profile.get("team") or {}).get("executive_director_full_time")
    attachments = list(application.attachments.select_related("uploaded_by"))
    present = {a.kind for a in attachments}
    labels = dict(MaterialKind.choices)
    counts = team_counts(application)
    rows = report_rows or []
    return {
        "plan": [
            {
                "key": name,
                "label": label,
                "text": getattr(application, name),
                "url": section_url(application, name),
            }
            for name, label in PLAN_SECTIONS
        ],
        "targets": target_rows(application.targets.all()),
        "conditions": conditions,
        "executive_full_time": None if full_time is None else (_("是") if full_time else _("否")),
        "co_builders": list(application.co_builders.all()),
        "team": counts,
        "teams": [(label, counts[f"team_{value}"]) for value, label in TeamType.choices],
        "excluded_units": list(application.excluded_units.all()),
        "attachments": attachments,
        "required_materials": [
            {"kind": kind, "label": labels.get(kind, kind), "present": kind in present}
            for kind in application.guide.required_materials
        ],
        "responses": list(application.opinion_responses.all()),
        "rules": {key: rows_for(rows, s.rule_fields) for key, s in SECTION_BY_KEY.items()},
    }
