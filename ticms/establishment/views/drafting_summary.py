"""What the drafting pages read and show: the sections of an application with their status
(未开始 / 进行中 / 已完成) taken from what is stored, the links of the error summary, the
read-only summary, the eligibility rows of each section, and a version comparison in words.
Reads only; every query count here is independent of the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Degree, TitleLevel
from ticms.centers.models import CoBuilderKind, TeamType
from ticms.common.money import (
    MONEY_UNITS,
    fmt_amount,
    fmt_count,
    fmt_money,
    fmt_number,
    is_blank,
)
from ticms.regulation.eligibility import rule_set_for

from ..completeness import as_of, submission_problems
from ..eligibility import application_eligibility, team_counts
from ..fields import QUESTIONS, RD_INVESTMENT, rd_investment_years
from ..models import (
    PLAN_SECTIONS,
    Application,
    ApplicationAttachment,
    ApplicationCoBuilder,
    ApplicationStatus,
    ApplicationTarget,
    ApplicationTeamMember,
    ExcludedUnit,
    MaterialKind,
    OpinionResponse,
)
from ..permissions import can_edit_application

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("未开始"),
    IN_PROGRESS: gettext_lazy("进行中"),
    COMPLETED: gettext_lazy("已完成"),
}
PLAN_SLUGS = {name.removeprefix("plan_"): (name, label) for name, label in PLAN_SECTIONS}
PROFILE_PAGES = {
    "center": (gettext_lazy("组建条件 — 中心"), "第十二条第1项"),
    "host_unit": (gettext_lazy("组建条件 — 依托单位"), "第十二条第2项"),
    "region": (gettext_lazy("组建条件 — 牵头地区"), "第十二条第3项"),
}
FULL_TIME_PATH = "team.executive_director_full_time"


@dataclass(frozen=True)
class SectionDef:
    key: str
    label: object
    url_name: str
    url_arg: str = ""  # the section's slug in the URL, when the page serves several
    article: str = ""
    # Eligibility rule fields this section feeds (prefix match), to show beside it.
    rule_fields: tuple[str, ...] = ()
    optional: bool = False


def _sections() -> tuple[SectionDef, ...]:
    sections = [
        SectionDef(
            "basics",
            gettext_lazy("基本信息"),
            "establishment:draft_basics",
            article="第四条",
            rule_fields=("layout.sub_field",),
        ),
    ]
    for slug, (name, label) in PLAN_SLUGS.items():
        sections.append(SectionDef(name, label, "establishment:draft_plan", slug, "第十三条第2项"))
    sections += [
        SectionDef(
            "targets", gettext_lazy("考核指标"), "establishment:draft_targets", "", "第十三条第2项"
        ),
        *(
            SectionDef(
                key,
                label,
                "establishment:draft_profile",
                key,
                article,
                rule_fields=(f"{key}.",),
            )
            for key, (label, article) in PROFILE_PAGES.items()
        ),
        SectionDef(
            "leaders",
            gettext_lazy("主任与执行主任"),
            "establishment:draft_leaders",
            article="第十二条第4项",
            rule_fields=(
                FULL_TIME_PATH,
                "layout.director_id_number",
                "layout.executive_director_id_number",
            ),
        ),
        SectionDef(
            "co_builders",
            gettext_lazy("共建单位"),
            "establishment:draft_co_builders",
            article="第十二条第1项",
            rule_fields=("center.co_builders",),
        ),
        SectionDef(
            "team",
            gettext_lazy("团队成员"),
            "establishment:draft_team",
            article="第十二条第4项",
            rule_fields=(
                "team.members",
                "team.full_time_members",
                "team.rd_staff",
                "team.has_",
                "layout.team_id_numbers",
            ),
        ),
        SectionDef(
            "excluded_units",
            gettext_lazy("回避单位"),
            "establishment:draft_excluded_units",
            article="第十三条第3项",
            optional=True,
        ),
        SectionDef(
            "attachments",
            gettext_lazy("附件材料"),
            "establishment:draft_attachments",
            article="第十三条第2项",
        ),
        SectionDef(
            "responses",
            gettext_lazy("论证意见答复"),
            "establishment:draft_responses",
            article="第十三条第3项",
        ),
    ]
    return tuple(sections)


SECTIONS = _sections()
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
GROUPS = (
    (gettext_lazy("申请书"), ("basics",)),
    (
        gettext_lazy("建设方案（第十三条第2项）"),
        (*(name for name, _label in PLAN_SECTIONS), "targets"),
    ),
    (
        gettext_lazy("组建条件（第十二条）"),
        ("center", "host_unit", "region", "leaders", "co_builders", "team"),
    ),
    (gettext_lazy("专家评审回避与附件"), ("excluded_units", "attachments")),
    (gettext_lazy("按论证意见完善"), ("responses",)),
)

# Problem path (prefix) -> section; the more specific first.
_PATH_SECTIONS = (
    (FULL_TIME_PATH, "leaders"),
    ("center_name", "basics"),
    ("sub_field", "basics"),
    *((name, name) for name, _label in PLAN_SECTIONS),
    ("targets", "targets"),
    ("center", "center"),
    ("host_unit", "host_unit"),
    ("region", "region"),
    ("director", "leaders"),
    ("executive_director", "leaders"),
    ("co_builders", "co_builders"),
    ("team", "team"),
    ("attachments", "attachments"),
    ("responses", "responses"),
)


def section_of(path: str) -> str:
    for prefix, key in _PATH_SECTIONS:
        if path == prefix or path.startswith(f"{prefix}."):
            return key
    return "basics"


def field_anchor(path: str) -> str:
    """The id of the field a problem path is about, on its section page."""
    if path == f"{RD_INVESTMENT[0]}.{RD_INVESTMENT[1]}":
        return "rd-investment"
    if path in ("director", "executive_director"):
        return f"id_{path}_name"
    if path in ("targets", "co_builders", "team"):
        return "id_name"
    if path.startswith("attachments."):
        return f"material-{path.split('.', 1)[1]}"
    if path.startswith("responses."):
        return f"id_opinion_{path.split('.', 1)[1]}"
    return f"id_{path.rsplit('.', 1)[-1]}"


def section_url(application: Application, key: str) -> str:
    section = SECTION_BY_KEY[key]
    args = [application.pk, section.url_arg] if section.url_arg else [application.pk]
    return reverse(section.url_name, args=args)


def _row_count(model) -> Subquery:
    rows = (
        model.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def row_counts(application: Application) -> dict[str, int]:
    """How many rows each list section holds, in one query."""
    return (
        Application.objects.filter(pk=application.pk)
        .annotate(
            n_targets=_row_count(ApplicationTarget),
            n_co_builders=_row_count(ApplicationCoBuilder),
            n_team=_row_count(ApplicationTeamMember),
            n_excluded_units=_row_count(ExcludedUnit),
            n_attachments=_row_count(ApplicationAttachment),
            n_responses=_row_count(OpinionResponse),
        )
        .values(
            "n_targets",
            "n_co_builders",
            "n_team",
            "n_excluded_units",
            "n_attachments",
            "n_responses",
        )
        .get()
    )


def revision_opinions(application: Application) -> list[dict]:
    """The argumentation opinions to answer, while the application is being revised."""
    if application.status != ApplicationStatus.REVISING:
        return []
    from ticms.reviews.selectors import argumentation_opinions

    return list(argumentation_opinions(application))


def all_problems(application: Application, opinions: list[dict] | None = None) -> dict:
    """`submission_problems` plus, while revising, every opinion not yet answered."""
    problems = submission_problems(application)
    if application.status == ApplicationStatus.REVISING:
        answered = {
            r.opinion_key for r in application.opinion_responses.all() if r.response.strip()
        }
        for index, opinion in enumerate(opinions or []):
            if opinion["key"] not in answered:
                problems.setdefault(f"responses.{index}", []).append(
                    _("请答复%(author)s的论证意见") % {"author": opinion["author"]}
                )
    return problems


def _has_data(key: str, application: Application, counts: dict) -> bool:
    profile = application.profile_data or {}
    if key == "basics":
        return True
    if key.startswith("plan_"):
        return bool(getattr(application, key).strip())
    if key in PROFILE_PAGES:
        return bool(profile.get(key))
    if key == "leaders":
        return bool(
            application.director_id
            or application.executive_director_id
            or (profile.get("team") or {}).get("executive_director_full_time") is not None
        )
    return bool(counts.get(f"n_{key}"))


def problem_links(application: Application, problems: dict, *, editable: bool) -> list[dict]:
    """Every gap as a link: to its field on the section page, or (read-only) to the part of
    the summary."""
    links = []
    for path, messages in problems.items():
        key = section_of(path)
        url = (
            f"{section_url(application, key)}#{field_anchor(path)}"
            if editable
            else f"#summary-{key}"
        )
        links.extend({"message": message, "url": url, "section": key} for message in messages)
    return links


def rows_for(report_rows: list[dict], prefixes: tuple[str, ...]) -> list[dict]:
    """The eligibility rows whose rule reads any of the fields under `prefixes`."""
    if not prefixes:
        return []
    return [
        row
        for row in report_rows
        if any(field.startswith(p) for field in row["rule"].fields for p in prefixes)
    ]


def sections_context(application: Application, user) -> dict:
    """The task list: every section with its status and link, grouped, and the counts."""
    counts = row_counts(application)
    opinions = revision_opinions(application)
    problems = all_problems(application, opinions)
    problem_sections = {section_of(path) for path in problems}
    editable = can_edit_application(user, application)
    groups = []
    done = total = 0
    for title, keys in GROUPS:
        items = []
        for key in keys:
            if key == "responses" and application.status != ApplicationStatus.REVISING:
                continue
            section = SECTION_BY_KEY[key]
            has_data = _has_data(key, application, counts)
            if not has_data:
                status = NOT_STARTED
            elif key in problem_sections:
                status = IN_PROGRESS
            else:
                status = COMPLETED
            if not section.optional:
                total += 1
                done += status == COMPLETED
            items.append(
                {
                    "key": key,
                    "label": section.label,
                    "article": section.article,
                    "url": section_url(application, key),
                    "status": status,
                    "status_label": STATUS_LABELS[status],
                    "optional": section.optional,
                }
            )
        if items:
            groups.append({"title": title, "sections": items})
    return {
        "groups": groups,
        "done": done,
        "total": total,
        "counts": counts,
        "problems": problems,
        "problem_links": problem_links(application, problems, editable=editable),
        "opinions": opinions,
        "editable": editable,
    }


def eligibility_context(application: Application, user, *, section: str = "") -> dict:
    """The live check: each rule's outcome with its article and numbers, and the verdict;
    limited to the rules one section feeds when `section` is given."""
    report = application_eligibility(application, viewer=user)
    rows = report.rows()
    if section:
        rows = rows_for(rows, SECTION_BY_KEY[section].rule_fields)
    return {
        "report": report,
        "rows": rows,
        "section": section,
        "editable": can_edit_application(user, application),
        "url": reverse("establishment:draft_eligibility", args=[application.pk])
        + (f"?section={section}" if section else ""),
    }


# --- The read-only summary --------------------------------------------------------------------


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
    years = rd_investment_years(day, rule_set_for(day))
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


# --- Comparing two versions -------------------------------------------------------------------

_ITEM_LABELS = {
    "uscc": gettext_lazy("统一社会信用代码"),
    "duties": gettext_lazy("分工"),
    "position": gettext_lazy("岗位"),
    "full_time": gettext_lazy("全职"),
    "is_rd_staff": gettext_lazy("研发人员"),
    "baseline": gettext_lazy("现有基础"),
    "target_value": gettext_lazy("目标值"),
    "target_year": gettext_lazy("完成年度"),
    "reason": gettext_lazy("理由"),
    "id_masked": gettext_lazy("证件号码"),
    "sha256": gettext_lazy("摘要"),
    "title_level": gettext_lazy("职称级别"),
    "degree": gettext_lazy("学位"),
}
_UNLABELLED = {"name", "kind", "team", "unit"}


def _codes() -> dict[str, str]:
    table = {}
    for choices in (CoBuilderKind, TeamType, MaterialKind, TitleLevel, Degree):
        table.update({value: str(label) for value, label in choices.choices})
    return table


def _number_kind(path: str) -> str:
    """How a snapshot path's numbers are shown: money (万元), a count, or a quantity."""
    if not path.startswith("profile."):
        return ""  # names and texts, even when they look like numbers
    if path.endswith("_wan_yuan"):
        return "money"
    return "count" if path.startswith("profile.team.") else "number"


def _number(value, kind: str) -> str:
    try:
        if kind == "money":
            return fmt_money(value)
        return fmt_count(value) if kind == "count" else fmt_number(value)
    except ValueError:
        return str(value)


def shown(value, codes=None, kind: str = "") -> str:
    """A snapshot value in words; numbers (strings in the JSON) of a `kind` path formatted."""
    codes = codes if codes is not None else _codes()
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        parts = []
        unit = value.get("unit") if isinstance(value.get("unit"), str) else None
        for key, item in value.items():
            if key in ("size",) or item in (None, ""):
                continue
            if key == "unit" and "target_value" in value:
                continue  # shown after each value instead
            if key == "sha256":
                item = str(item)[:12]
            if key in ("baseline", "target_value") and _is_number(item):
                text = fmt_amount(item, unit or "")
            elif kind and not isinstance(item, dict | list | bool) and key not in _UNLABELLED:
                text = _number(item, kind)  # e.g. {year: amount} of the R&D investment
            else:
                text = shown(item, codes) if not isinstance(item, str) else codes.get(item, item)
            if key in _UNLABELLED:
                parts.append(text)
            else:
                label = _ITEM_LABELS.get(key, key)
                parts.append(_("%(label)s：%(value)s") % {"label": label, "value": text})
        return " · ".join(parts) or "—"
    if isinstance(value, list):
        return _("；").join(shown(item, codes) for item in value)
    if kind and _is_number(value):
        return _number(value, kind)
    return codes.get(value, str(value)) if isinstance(value, str) else str(value)


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return Decimal(str(value)).is_finite()
    except (InvalidOperation, TypeError, ValueError):
        return False


def comparison_rows(rows: list[dict]) -> list[dict]:
    """`versions.compare` rows in words: lists as the items removed and added, the rest as
    old → new."""
    codes = _codes()
    out = []
    for row in rows:
        old, new = row["old"], row["new"]
        if (
            isinstance(old, list | type(None))
            and isinstance(new, list | type(None))
            and (isinstance(old, list) or isinstance(new, list))
        ):
            old, new = old or [], new or []
            out.append(
                {
                    "label": row["label"],
                    "is_list": True,
                    "removed": [shown(item, codes) for item in old if item not in new],
                    "added": [shown(item, codes) for item in new if item not in old],
                }
            )
        else:
            out.append(
                {
                    "label": row["label"],
                    "is_list": False,
                    "old": shown(old, codes, _number_kind(row["path"])),
                    "new": shown(new, codes, _number_kind(row["path"])),
                }
            )
    return out
