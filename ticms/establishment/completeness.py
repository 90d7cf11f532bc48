"""What a complete application holds (第十三条第2项): every gap, found at once."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.regulation.eligibility import rule_set_for

from .fields import QUESTIONS, rd_investment_years
from .models import PLAN_SECTIONS, Application, MaterialKind

MIN_PLAN_CHARS = 20  # a section is a paragraph, not a placeholder


def as_of(application: Application):
    """The date the application's figures speak for: its submission, or today for a draft."""
    if application.submitted_at is not None:
        return timezone.localdate(application.submitted_at)
    return timezone.localdate()


def rule_set_of(application: Application):
    """The rule set in force on the application's date, read once per application object
    (the task list, the check and the summary of one page all need it)."""
    day = as_of(application)
    cached = application.__dict__.get("_rule_set_of")
    if cached is None or cached[0] != day:
        cached = application.__dict__["_rule_set_of"] = (day, rule_set_for(day))
    return cached[1]


def submission_problems(
    application: Application, counts: dict | None = None
) -> dict[str, list[str]]:
    """Field path -> messages; empty when the application is complete. `counts`: the rows of
    each part (`n_targets`, `n_co_builders`, `n_team`) when the caller has counted them."""

    def has(part: str, related) -> bool:
        return counts[f"n_{part}"] > 0 if counts is not None else related.exists()

    problems: dict[str, list[str]] = {}

    def add(path: str, message) -> None:
        problems.setdefault(path, []).append(str(message))

    if not application.center_name.strip():
        add("center_name", _("请填写拟建中心名称"))
    if application.sub_field_id is None:
        add("sub_field", _("请选择细分产业领域"))
    for name, label in PLAN_SECTIONS:
        text = getattr(application, name).strip()
        if not text:
            add(name, _("请填写建设方案的「%(section)s」") % {"section": label})
        elif len(text) < MIN_PLAN_CHARS:
            add(
                name,
                _("「%(section)s」过于简略，请至少写%(n)d个字")
                % {"section": label, "n": MIN_PLAN_CHARS},
            )
    if not has("targets", application.targets):
        add("targets", _("请至少填写一项考核指标（第十三条第2项）"))
    stored = application.profile_data or {}
    for q in QUESTIONS:
        if (stored.get(q.section) or {}).get(q.key) in (None, ""):
            add(q.path, _("请填写「%(label)s」") % {"label": q.label})
    day = as_of(application)
    investment = (stored.get("host_unit") or {}).get("rd_investment_wan_yuan") or {}
    for year in rd_investment_years(day, rule_set_of(application)):
        if investment.get(str(year)) in (None, ""):
            add(
                "host_unit.rd_investment_wan_yuan",
                _("请填写依托单位 %(year)d 年度的研发投入") % {"year": year},
            )
    if application.director_id is None:
        add("director", _("请填写拟任主任"))
    if application.executive_director_id is None:
        add("executive_director", _("请填写拟任执行主任（全职管理负责人）"))
    if not has("co_builders", application.co_builders):
        add("co_builders", _("请填写共建单位（第十二条第1项：多方共建）"))
    if not has("team", application.team_members):
        add("team", _("请填写团队成员名单（第十二条第4项）"))
    present = set(application.attachments.values_list("kind", flat=True))
    labels = dict(MaterialKind.choices)
    for kind in application.guide.required_materials:
        if kind not in present:
            add(
                f"attachments.{kind}",
                _("请上传指南要求的「%(material)s」") % {"material": labels.get(kind, kind)},
            )
    return problems


def flat(problems: dict[str, list[str]]) -> list[str]:
    return [message for messages in problems.values() for message in messages]
