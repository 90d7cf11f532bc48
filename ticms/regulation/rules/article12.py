"""The checks of 第十二条 (组建条件): the center (第1项), the host unit (第2项), the leading
region (第3项) and the team (第4项). Boundaries are inclusive (不少于/不低于/以上 include the
number); amounts are Decimal and ratios are compared in integers, never floats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from ticms.common.money import (
    at_least_ratio,
    fmt_money,
    fmt_money_beside,
    fmt_percent,
    money_beside,
)

from ..profile import CO_BUILDER_KINDS, MISSING
from .base import Context
from .checks import actual_percent, add_months, all_true, missing, values_of
from .messages import Finding, Join, Msg, PathNote
from .outcomes import Outcome

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
    (prior, planned), absent = values_of(
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
        (part, whole), absent = values_of(ctx, part_path, whole_path)
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
        params["actual"] = actual_percent(part, whole, ratio)
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
    from .. import layout

    paths = (
        "layout.director_id_number",
        "layout.executive_director_id_number",
        "layout.team_id_numbers",
    )
    (director, executive, team), absent = values_of(ctx, *paths)
    if not ctx.personal_data_checks:
        return Finding(
            Outcome.SKIPPED,
            _("负责人与团队的重复支持比对涉及个人信息，由省科技厅在形式审查时进行"),
        )
    ratio = ctx.thresholds.ratio("same_team_ratio")
    # Both comparisons need the same people: looked up once.
    people = layout.people_of(team) if team else []
    problems = layout.repeat_support_problems(
        leaders={"director": director or None, "executive_director": executive or None},
        team=team or [],
        same_team_ratio=ratio,
        exclude_center_id=ctx.exclude_center_id,
        disclose=ctx.disclose,
        team_people=people,
    )
    if ctx.compare_applications:
        problems += layout.repeat_in_applications(
            leaders={"director": director or None, "executive_director": executive or None},
            team=team or [],
            same_team_ratio=ratio,
            exclude_application_id=ctx.exclude_application_id,
            disclose=ctx.disclose,
            team_people=people,
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
