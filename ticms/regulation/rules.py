"""The rules of 第十二条 and 第四条 as code.

Each rule has a stable id, the article it cites, a severity and a check that explains itself
with the numbers. Boundaries are inclusive (不少于/不低于/以上 include the number); amounts are
Decimal and ratios are compared in integers, never floats.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ticms.common.money import (
    at_least_ratio,
    fmt_money,
    fmt_money_beside,
    fmt_number,
    fmt_percent,
    fmt_percent_beside,
    money_beside,
)
from ticms.common.text import bracketed

from .profile import CO_BUILDER_KINDS, MISSING, Profile
from .thresholds import Thresholds

CN_NUMERALS = "零一二三四五六七八九"


def article_label(number: int, item: int | None = None) -> str:
    """12, 1 -> '第十二条第1项' (the way the regulation is cited)."""
    tens, ones = divmod(number, 10)
    if number < 10:
        text = CN_NUMERALS[number]
    else:
        text = ("" if tens == 1 else CN_NUMERALS[tens]) + "十" + (CN_NUMERALS[ones] if ones else "")
    label = f"第{text}条"
    return f"{label}第{item}项" if item else label


class Severity(StrEnum):
    MANDATORY = "mandatory"
    IN_PRINCIPLE = "in_principle"


SEVERITY_LABELS = {Severity.MANDATORY: _("必备条件"), Severity.IN_PRINCIPLE: _("原则性条件")}


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    MISSING = "missing"
    SKIPPED = "skipped"


OUTCOME_LABELS = {
    Outcome.PASS: _("符合"),
    Outcome.FAIL: _("不符合"),
    Outcome.MISSING: _("缺少数据"),
    Outcome.SKIPPED: _("未核查"),
}

FIELD_LABELS = {
    "center.registered_in_jiangsu": _("是否在江苏省内注册登记"),
    "center.independent_legal_person": _("是否具有独立法人资格"),
    "center.co_building_agreement_signed": _("是否已签署共建协议"),
    "center.co_builders": _("共建单位"),
    "center.operating_since": _("实质性运行起始日期"),
    "center.rd_site_area_m2": _("独立研发场地面积"),
    "center.instrument_value_wan_yuan": _("科研仪器设备原值"),
    "host_unit.has_provincial_platform": _("依托单位是否建有省级及以上创新平台"),
    "host_unit.undertook_provincial_project": _("依托单位是否承担过省级及以上研发课题或项目"),
    "host_unit.rd_investment_wan_yuan": _("依托单位年度研发投入"),
    "region.industry_policy_issued": _("牵头地区是否已出台相关产业政策文件"),
    "region.has_industrial_park": _("牵头地区是否配套建有该领域产业园区"),
    "region.prior_investment_wan_yuan": _("地方政府前期投入"),
    "region.planned_investment_wan_yuan": _("建设期内地方政府新增投入"),
    "team.executive_director_full_time": _("执行主任是否全职"),
    "team.members": _("团队成员人数"),
    "team.full_time_members": _("全职人员人数"),
    "team.rd_staff": _("研发人员人数"),
    "team.rd_staff_qualified": _("中高级职称或硕士学位以上研发人员人数"),
    "team.has_core_rd_team": _("是否有核心技术研发团队"),
    "team.has_tech_support_team": _("是否有技术支撑服务团队"),
    "team.has_transfer_team": _("是否有成果转化应用团队"),
    "layout.sub_field": _("细分产业领域"),
    "layout.director_id_number": _("主任证件号码"),
    "layout.executive_director_id_number": _("执行主任证件号码"),
    "layout.team_id_numbers": _("团队成员证件号码"),
}


# Field paths (`host_unit.rd_investment_wan_yuan`) help API and command users find the field;
# on an applicant's pages they are noise: those render with field_paths(False).
SHOW_PATHS: ContextVar[bool] = ContextVar("show_paths", default=True)


@contextmanager
def field_paths(show: bool):
    token = SHOW_PATHS.set(show)
    try:
        yield
    finally:
        SHOW_PATHS.reset(token)


@dataclass(frozen=True)
class FieldRef:
    path: str

    def render(self) -> str:
        label = str(FIELD_LABELS.get(self.path, self.path))
        return bracketed(label, self.path) if SHOW_PATHS.get() else label


@dataclass(frozen=True)
class PathNote:
    """「（path）」 after a phrase that already names the field, or nothing."""

    path: str

    def render(self) -> str:
        return gettext("（%(note)s）") % {"note": self.path} if SHOW_PATHS.get() else ""


def _render_value(value):
    if isinstance(value, Msg | Join | FieldRef | PathNote):
        return value.render()
    if isinstance(value, list | tuple):
        return Join(list(value)).render()
    if isinstance(value, int | Decimal):
        return value
    return str(value)


@dataclass(frozen=True)
class Msg:
    """A translatable template and its numbers, rendered in whatever language is active."""

    template: Any
    params: dict = field(default_factory=dict)

    def render(self) -> str:
        if not self.params:
            return str(self.template)
        return str(self.template) % {k: _render_value(v) for k, v in self.params.items()}


_SEMICOLON = _("；")


@dataclass(frozen=True)
class Join:
    """Items joined by a (translatable) separator: '；' between problems, '、' in a list."""

    items: list
    sep: Any = _SEMICOLON

    def render(self) -> str:
        return str(self.sep).join(str(_render_value(v)) for v in self.items)


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    template: Any
    params: dict = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        with translation.override(language or translation.get_language() or "zh-hans"):
            return Msg(self.template, self.params).render()


@dataclass
class Context:
    profile: Profile
    thresholds: Thresholds
    as_of: dt.date
    exclude_center_id: int | None = None
    # Matching ID numbers against every supported center's leaders and teams reveals personal
    # data across cities: only the province (and the server-side command) may run it.
    personal_data_checks: bool = True
    # An application is also compared with the other applications in the pipeline (第四条、
    # 第十二条第4项); `disclose` names them, which only the province may see.
    exclude_application_id: int | None = None
    compare_applications: bool = False
    disclose: bool = True


@dataclass(frozen=True)
class Rule:
    id: str
    article_number: int
    item: int | None
    severity: Severity
    title: Any
    fields: tuple[str, ...]
    check: Callable[[Context], Finding]
    needs_layout: bool = False

    @property
    def article(self) -> str:
        return article_label(self.article_number, self.item)

    def evaluate(self, ctx: Context) -> Finding:
        if self.needs_layout and not ctx.profile.has_section("layout"):
            return Finding(
                Outcome.SKIPPED,
                _("未提供 layout（布局比对）信息，本项未进行数据库比对"),
            )
        return self.check(ctx)


# --- helpers ------------------------------------------------------------------------------------


def _labels(paths) -> list[FieldRef]:
    return [FieldRef(p) for p in paths]


def missing(*paths: str) -> Finding:
    return Finding(Outcome.MISSING, _("缺少数据，请补充：%(fields)s"), {"fields": _labels(paths)})


def _values(ctx: Context, *paths: str):
    values = [ctx.profile.get(p) for p in paths]
    absent = [p for p, v in zip(paths, values, strict=True) if v is MISSING]
    return values, absent


def _actual_percent(part: int, whole: int, limit: Fraction) -> str:
    # Never shown on the other side of the threshold it is compared with.
    return fmt_percent_beside(part, whole, limit)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def boolean_rule(path: str, yes, no) -> Callable[[Context], Finding]:
    def check(ctx: Context) -> Finding:
        value = ctx.profile.get(path)
        if value is MISSING:
            return missing(path)
        return Finding(Outcome.PASS, yes) if value else Finding(Outcome.FAIL, no)

    return check


def minimum_rule(path: str, key: str, unit, yes, no) -> Callable[[Context], Finding]:
    def check(ctx: Context) -> Finding:
        value = ctx.profile.get(path)
        if value is MISSING:
            return missing(path)
        limit = ctx.thresholds.amount(key)
        if key.endswith("_wan_yuan"):
            shown = {"value": fmt_money_beside(value, limit), "limit": fmt_money(limit)}
        else:
            shown = {"value": fmt_number(value), "limit": fmt_number(limit)}
        params = {**shown, "unit": unit}
        return Finding(
            Outcome.PASS if value >= limit else Outcome.FAIL, yes if value >= limit else no, params
        )

    return check


def all_true(ctx: Context, checks: list[tuple[str, Any]], yes) -> Finding:
    """Compound yes/no rule: any known `false` fails; else any absent value is missing."""
    values, absent = _values(ctx, *(p for p, _msg in checks))
    problems = [Msg(msg) for (p, msg), v in zip(checks, values, strict=True) if v is False]
    if problems:
        return Finding(Outcome.FAIL, _("%(problems)s"), {"problems": problems})
    if absent:
        return missing(*absent)
    return Finding(Outcome.PASS, yes)


# --- 第十二条第1项 -------------------------------------------------------------------------------


def check_co_built(ctx: Context) -> Finding:
    signed = ctx.profile.get("center.co_building_agreement_signed")
    builders = ctx.profile.get("center.co_builders")
    minimum = ctx.thresholds.count("co_builders_min")
    problems = []
    if signed is False:
        problems.append(Msg(_("尚未签署共建协议")))
    if builders is not MISSING:
        governments = sum(1 for b in builders if b["kind"] == "local_government")
        if len(builders) < minimum:
            problems.append(
                Msg(_("共建单位 %(n)d 家，少于 %(min)d 家"), {"n": len(builders), "min": minimum})
            )
        if governments == 0:
            problems.append(Msg(_("共建单位中没有地方政府")))
    if problems:
        return Finding(
            Outcome.FAIL,
            _("须由地方政府、园区、企业、高校院所等多方共建并签署共建协议：%(problems)s"),
            {"problems": problems},
        )
    absent = [
        p
        for p, v in (
            ("center.co_building_agreement_signed", signed),
            ("center.co_builders", builders),
        )
        if v is MISSING
    ]
    if absent:
        return missing(*absent)
    kinds = Join(
        [Msg(CO_BUILDER_KINDS[k]) for k in dict.fromkeys(b["kind"] for b in builders)], _("、")
    )
    return Finding(
        Outcome.PASS,
        _("已签署共建协议，共建单位 %(n)d 家（%(kinds)s），其中地方政府 %(gov)d 家"),
        {"n": len(builders), "kinds": kinds, "gov": governments},
    )


def check_operation(ctx: Context) -> Finding:
    since = ctx.profile.get("center.operating_since")
    if since is MISSING:
        return missing("center.operating_since")
    months = ctx.thresholds.count("operation_min_months")
    reached = add_months(since, months)
    params = {
        "since": since.isoformat(),
        "as_of": ctx.as_of.isoformat(),
        "months": months,
        "reached": reached.isoformat(),
    }
    if ctx.as_of >= reached:
        return Finding(
            Outcome.PASS,
            _("自 %(since)s 起实质性运行，至 %(as_of)s 已满 %(months)d 个月（%(reached)s 起满）"),
            params,
        )
    return Finding(
        Outcome.FAIL,
        _(
            "原则上须已实质性运行 %(months)d 个月以上：自 %(since)s 起运行，至 %(as_of)s "
            "未满 %(months)d 个月，须至 %(reached)s 方满"
        ),
        params,
    )


# --- 第十二条第2项 -------------------------------------------------------------------------------


def check_rd_investment(ctx: Context) -> Finding:
    path = "host_unit.rd_investment_wan_yuan"
    by_year = ctx.profile.get(path)
    n = ctx.thresholds.count("rd_investment_years")
    years = list(range(ctx.as_of.year - n, ctx.as_of.year))
    if by_year is MISSING:
        return missing(path)
    absent = [y for y in years if y not in by_year]
    if absent:
        return Finding(
            Outcome.MISSING,
            # The number of years comes from the rule set, so the message must not say 三.
            _("缺少 %(years)s 年度的依托单位研发投入%(path)s，近%(n)d年指 %(first)d—%(last)d 年"),
            {
                "years": Join([str(y) for y in absent], _("、")),
                "path": PathNote(path),
                "first": years[0],
                "last": years[-1],
                "n": n,
            },
        )
    total = sum((by_year[y] for y in years), Decimal(0))
    limit = ctx.thresholds.amount("rd_investment_avg_min_wan_yuan")
    average = Fraction(total) / n
    shown = money_beside(average, limit)
    params = {
        "first": years[0],
        "last": years[-1],
        "limit": fmt_money(limit),
        # Two decimals; "about" marks a value that is not exact.
        "average": (
            Msg(_("约 %(n)s"), {"n": fmt_money(shown)}) if shown != average else fmt_money(shown)
        ),
        "detail": " + ".join(fmt_money(by_year[y]) for y in years),
        "n": n,
    }
    if total >= limit * n:  # average >= limit, without division
        return Finding(
            Outcome.PASS,
            _(
                "近%(n)d年（%(first)d—%(last)d年）平均研发投入 %(average)s 万元 ≥ %(limit)s 万元"
                "（%(detail)s）"
            ),
            params,
        )
    return Finding(
        Outcome.FAIL,
        _(
            "近%(n)d年（%(first)d—%(last)d年）平均研发投入须不低于 %(limit)s 万元，"
            "当前为 %(average)s 万元（%(detail)s）"
        ),
        params,
    )


# --- 第十二条第3项 -------------------------------------------------------------------------------


def check_policy(ctx: Context) -> Finding:
    return all_true(
        ctx,
        [
            ("region.industry_policy_issued", _("牵头地区尚未出台相关产业政策文件")),
            ("region.has_industrial_park", _("牵头地区未配套建有该领域产业园区")),
        ],
        _("牵头地区已出台相关产业政策文件，并配套建有该领域产业园区"),
    )


def check_investment(ctx: Context) -> Finding:
    (prior, planned), absent = _values(
        ctx, "region.prior_investment_wan_yuan", "region.planned_investment_wan_yuan"
    )
    prior_min = ctx.thresholds.amount("prior_investment_min_wan_yuan")
    planned_min = ctx.thresholds.amount("planned_investment_min_wan_yuan")
    problems = []
    if prior is not MISSING and prior < prior_min:
        problems.append(
            Msg(
                _("前期投入 %(v)s 万元，少于 %(min)s 万元"),
                {"v": fmt_money_beside(prior, prior_min), "min": fmt_money(prior_min)},
            )
        )
    if planned is not MISSING and planned < planned_min:
        problems.append(
            Msg(
                _("建设期内新增投入 %(v)s 万元，少于 %(min)s 万元"),
                {"v": fmt_money_beside(planned, planned_min), "min": fmt_money(planned_min)},
            )
        )
    if problems:
        return Finding(
            Outcome.FAIL,
            _(
                "原则上地方政府前期投入不少于 %(prior_min)s 万元、建设期内新增投入不少于 "
                "%(planned_min)s 万元：%(problems)s"
            ),
            {
                "prior_min": fmt_money(prior_min),
                "planned_min": fmt_money(planned_min),
                "problems": problems,
            },
        )
    if absent:
        return missing(*absent)
    return Finding(
        Outcome.PASS,
        _(
            "地方政府前期投入 %(prior)s 万元 ≥ %(prior_min)s 万元，建设期内新增投入 "
            "%(planned)s 万元 ≥ %(planned_min)s 万元"
        ),
        {
            "prior": fmt_money_beside(prior, prior_min),
            "prior_min": fmt_money(prior_min),
            "planned": fmt_money_beside(planned, planned_min),
            "planned_min": fmt_money(planned_min),
        },
    )


# --- 第十二条第4项 -------------------------------------------------------------------------------


def check_team_size(ctx: Context) -> Finding:
    members = ctx.profile.get("team.members")
    if members is MISSING:
        return missing("team.members")
    minimum = ctx.thresholds.count("team_size_min")
    params = {"n": members, "min": minimum}
    if members >= minimum:
        return Finding(Outcome.PASS, _("团队成员 %(n)d 人 ≥ %(min)d 人"), params)
    return Finding(Outcome.FAIL, _("团队成员须不少于 %(min)d 人，当前为 %(n)d 人"), params)


def ratio_rule(part_path, whole_path, key, part_label, whole_label):
    def check(ctx: Context) -> Finding:
        (part, whole), absent = _values(ctx, part_path, whole_path)
        if absent:
            return missing(*absent)
        ratio = ctx.thresholds.ratio(key)
        params = {
            "part_label": part_label,
            "whole_label": whole_label,
            "part": part,
            "whole": whole,
            "limit": fmt_percent(ratio),
            "fraction": f"{ratio.numerator}/{ratio.denominator}",
        }
        if whole == 0:
            return Finding(Outcome.FAIL, _("%(whole_label)s为 0 人，无法满足比例要求"), params)
        params["actual"] = _actual_percent(part, whole, ratio)
        if at_least_ratio(part, whole, ratio):
            return Finding(
                Outcome.PASS,
                _(
                    "%(part_label)s %(part)d 人，占%(whole_label)s %(whole)d 人的 %(actual)s，"
                    "不少于 %(limit)s（%(fraction)s）"
                ),
                params,
            )
        return Finding(
            Outcome.FAIL,
            _(
                "%(part_label)s须不少于%(whole_label)s的 %(limit)s（%(fraction)s），当前为 "
                "%(part)d 人 / %(whole)d 人 = %(actual)s"
            ),
            params,
        )

    return check


def check_team_structure(ctx: Context) -> Finding:
    return all_true(
        ctx,
        [
            ("team.has_core_rd_team", _("缺少核心技术研发团队")),
            ("team.has_tech_support_team", _("缺少技术支撑服务团队")),
            ("team.has_transfer_team", _("缺少成果转化应用团队")),
        ],
        _("具有核心技术研发团队、技术支撑服务团队及成果转化应用团队"),
    )


def check_no_repeat_support(ctx: Context) -> Finding:
    from . import layout

    paths = (
        "layout.director_id_number",
        "layout.executive_director_id_number",
        "layout.team_id_numbers",
    )
    (director, executive, team), absent = _values(ctx, *paths)
    if not ctx.personal_data_checks:
        return Finding(
            Outcome.SKIPPED,
            _("负责人与团队的重复支持比对涉及个人信息，由省科技厅在形式审查时进行"),
        )
    ratio = ctx.thresholds.ratio("same_team_ratio")
    problems = layout.repeat_support_problems(
        leaders={"director": director or None, "executive_director": executive or None},
        team=team or [],
        same_team_ratio=ratio,
        exclude_center_id=ctx.exclude_center_id,
        disclose=ctx.disclose,
    )
    if ctx.compare_applications:
        problems += layout.repeat_in_applications(
            leaders={"director": director or None, "executive_director": executive or None},
            team=team or [],
            same_team_ratio=ratio,
            exclude_application_id=ctx.exclude_application_id,
            disclose=ctx.disclose,
        )
    if problems:
        return Finding(
            Outcome.FAIL,
            _("原则上同一负责人、同一团队不重复支持建设：%(problems)s"),
            {"problems": problems},
        )
    if absent:
        return missing(*absent)
    return Finding(
        Outcome.PASS,
        _(
            "主任、执行主任及 %(n)d 名团队成员均未与已支持建设的技术创新中心重复"
            "（团队重合比例低于 %(limit)s）"
        ),
        {"n": len(team), "limit": fmt_percent(ratio)},
    )


# --- 第四条 --------------------------------------------------------------------------------------


def check_no_duplicate_layout(ctx: Context) -> Finding:
    from . import layout

    sub_field = ctx.profile.get("layout.sub_field")
    if sub_field is MISSING:
        return missing("layout.sub_field")
    existing = layout.existing_layout(sub_field, exclude_center_id=ctx.exclude_center_id)
    if ctx.compare_applications:
        existing += layout.pipeline_layout(
            sub_field, exclude_application_id=ctx.exclude_application_id, disclose=ctx.disclose
        )
    if existing:
        return Finding(
            Outcome.FAIL,
            _("细分产业领域「%(field)s」已建有：%(existing)s。原则上不再重复布局建设"),
            {"field": sub_field, "existing": existing},
        )
    return Finding(
        Outcome.PASS,
        _("细分产业领域「%(field)s」尚未建有省级产业创新中心、制造业创新中心或技术创新中心"),
        {"field": sub_field},
    )


M, P = Severity.MANDATORY, Severity.IN_PRINCIPLE

ESTABLISHMENT_RULES: tuple[Rule, ...] = (
    Rule(
        "A12.1.jiangsu",
        12,
        1,
        M,
        _("在江苏省内注册登记"),
        ("center.registered_in_jiangsu",),
        boolean_rule(
            "center.registered_in_jiangsu",
            _("技术创新中心在江苏省内注册登记"),
            _("技术创新中心须在江苏省内注册登记，当前填报为未在省内注册"),
        ),
    ),
    Rule(
        "A12.1.legal_person",
        12,
        1,
        M,
        _("具有独立法人资格"),
        ("center.independent_legal_person",),
        boolean_rule(
            "center.independent_legal_person",
            _("技术创新中心具有独立法人资格"),
            _("技术创新中心须具有独立法人资格，当前填报为不具有"),
        ),
    ),
    Rule(
        "A12.1.co_built",
        12,
        1,
        M,
        _("多方共建并签署共建协议"),
        ("center.co_building_agreement_signed", "center.co_builders"),
        check_co_built,
    ),
    Rule(
        "A12.1.operation_12m",
        12,
        1,
        P,
        _("实质性运行12个月以上"),
        ("center.operating_since",),
        check_operation,
    ),
    Rule(
        "A12.1.site_area",
        12,
        1,
        M,
        _("独立研发场地面积"),
        ("center.rd_site_area_m2",),
        minimum_rule(
            "center.rd_site_area_m2",
            "site_area_min_m2",
            "m²",
            _("独立研发场地面积 %(value)s %(unit)s ≥ %(limit)s %(unit)s"),
            _("独立研发场地面积须不少于 %(limit)s %(unit)s，当前为 %(value)s %(unit)s"),
        ),
    ),
    Rule(
        "A12.1.instruments",
        12,
        1,
        M,
        _("科研仪器设备原值"),
        ("center.instrument_value_wan_yuan",),
        minimum_rule(
            "center.instrument_value_wan_yuan",
            "instrument_value_min_wan_yuan",
            _("万元"),
            _("科研仪器设备原值 %(value)s %(unit)s ≥ %(limit)s %(unit)s"),
            _("科研仪器设备原值须不少于 %(limit)s %(unit)s，当前为 %(value)s %(unit)s"),
        ),
    ),
    Rule(
        "A12.2.platform",
        12,
        2,
        M,
        _("依托单位建有省级及以上创新平台"),
        ("host_unit.has_provincial_platform",),
        boolean_rule(
            "host_unit.has_provincial_platform",
            _("依托单位建有省级及以上创新平台"),
            _("依托单位须建有省级及以上创新平台，当前填报为没有"),
        ),
    ),
    Rule(
        "A12.2.projects",
        12,
        2,
        M,
        _("依托单位承担过省级及以上研发课题或项目"),
        ("host_unit.undertook_provincial_project",),
        boolean_rule(
            "host_unit.undertook_provincial_project",
            _("依托单位承担过省级及以上研发课题或项目"),
            _("依托单位须承担过省级及以上研发课题或项目，当前填报为没有"),
        ),
    ),
    Rule(
        "A12.2.rd_investment",
        12,
        2,
        M,
        _("依托单位近三年平均年度研发投入"),
        ("host_unit.rd_investment_wan_yuan",),
        check_rd_investment,
    ),
    Rule(
        "A12.3.policy",
        12,
        3,
        M,
        _("已出台产业政策并配套建有产业园区"),
        ("region.industry_policy_issued", "region.has_industrial_park"),
        check_policy,
    ),
    Rule(
        "A12.3.investment",
        12,
        3,
        P,
        _("地方政府前期投入与建设期新增投入"),
        ("region.prior_investment_wan_yuan", "region.planned_investment_wan_yuan"),
        check_investment,
    ),
    Rule(
        "A12.4.executive_director",
        12,
        4,
        M,
        _("聘任全职执行主任"),
        ("team.executive_director_full_time",),
        boolean_rule(
            "team.executive_director_full_time",
            _("执行主任为全职管理负责人"),
            _("执行主任须全职全时在技术创新中心工作，当前填报为非全职"),
        ),
    ),
    Rule("A12.4.team_size", 12, 4, M, _("团队成员人数"), ("team.members",), check_team_size),
    Rule(
        "A12.4.full_time_ratio",
        12,
        4,
        M,
        _("全职人员比例"),
        ("team.full_time_members", "team.members"),
        ratio_rule(
            "team.full_time_members",
            "team.members",
            "full_time_ratio_min",
            _("全职人员"),
            _("团队成员"),
        ),
    ),
    Rule(
        "A12.4.qualified_ratio",
        12,
        4,
        M,
        _("中高级职称或硕士学位以上研发人员比例"),
        ("team.rd_staff_qualified", "team.rd_staff"),
        ratio_rule(
            "team.rd_staff_qualified",
            "team.rd_staff",
            "qualified_ratio_min",
            _("中高级职称或硕士学位以上研发人员"),
            _("研发人员"),
        ),
    ),
    Rule(
        "A12.4.team_structure",
        12,
        4,
        M,
        _("三类团队齐备"),
        ("team.has_core_rd_team", "team.has_tech_support_team", "team.has_transfer_team"),
        check_team_structure,
    ),
    Rule(
        "A12.4.no_repeat_support",
        12,
        4,
        P,
        _("同一负责人、同一团队不重复支持"),
        (
            "layout.director_id_number",
            "layout.executive_director_id_number",
            "layout.team_id_numbers",
        ),
        check_no_repeat_support,
        needs_layout=True,
    ),
    Rule(
        "A4.no_duplicate_layout",
        4,
        None,
        P,
        _("同一细分产业领域不重复布局"),
        ("layout.sub_field",),
        check_no_duplicate_layout,
        needs_layout=True,
    ),
)

RULES_BY_ID = {rule.id: rule for rule in ESTABLISHMENT_RULES}
