"""The sections of an application (第十三条第2项) as data: each with its page, its article and
the eligibility rule fields it feeds; their grouping in the task list; which section and field
a problem path points at."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy

from ...fields import RD_INVESTMENT
from ...models import PLAN_SECTIONS, Application

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


def rows_for(report_rows: list[dict], prefixes: tuple[str, ...]) -> list[dict]:
    """The eligibility rows whose rule reads any of the fields under `prefixes`."""
    if not prefixes:
        return []
    return [
        row
        for row in report_rows
        if any(field.startswith(p) for field in row["rule"].fields for p in prefixes)
    ]
