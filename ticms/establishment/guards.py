"""Guards of the establishment lifecycles: each returns the problems that refuse the action."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.centers.models import CenterStatus
from ticms.common.citations import localize
from ticms.common.money import fmt_percent
from ticms.common.text import cited, labelled
from ticms.regulation.rules.messages import field_paths

from .completeness import flat, submission_problems
from .models import (
    ApplicationStatus,
    Contract,
    GuideQuota,
    ObjectionStatus,
)


def guide_publishable(guide, params, actor, comment) -> list[str]:
    problems = []
    today = timezone.localdate()
    if guide.closes_on < today:
        problems.append(_("申报截止日期（%(day)s）已过，请先修改指南") % {"day": guide.closes_on})
    if not guide.priority_fields.exists():
        problems.append(_("请至少选择一个优先布局领域（第十三条第1项）"))
    weights = list(guide.criteria.values_list("weight", flat=True))
    if not weights:
        problems.append(_("请设置专家评分指标及权重"))
    elif sum(weights, Decimal(0)) != Decimal(100):
        problems.append(
            _("专家评分指标的权重合计须为100%%，当前为 %(total)s")
            % {"total": fmt_percent(sum(weights, Decimal(0)), 100)}
        )
    return problems


def _eligibility_problems(application, actor, comment, *, allow_override: bool) -> list[str]:
    """第十二条 and 第四条 at a decision point: a mandatory failure or missing data refuses; an
    in-principle failure needs a written justification (the comment) where the step allows an
    override, and refuses where it does not."""
    from .eligibility import application_eligibility

    report = application_eligibility(application, viewer=actor)
    with field_paths(False):
        return _report_problems(report, comment, allow_override=allow_override)


def _report_problems(report, comment, *, allow_override: bool) -> list[str]:
    if report.verdict == "ineligible":
        return [
            _("不符合强制性条件 %(article)s：%(message)s")
            % {"article": localize(rule.article), "message": finding.render()}
            for rule, finding in report.results
            if rule.severity == "mandatory" and finding.outcome == "fail"
        ]
    if report.verdict == "incomplete":
        return [
            _("资格核查数据不完整 %(article)s：%(message)s")
            % {"article": localize(rule.article), "message": finding.render()}
            for rule, finding in report.results
            if finding.outcome == "missing"
        ]
    if report.verdict == "needs_override" and allow_override and not comment:
        failed = [rule for rule, finding in report.results if finding.outcome == "fail"]
        return [
            _("以下原则性条件未满足，须在办理意见中书面说明通过理由：%(rules)s")
            % {"rules": _("、").join(cited(r.article, r.title) for r in failed)}
        ]
    return []


def _content_problems(application, actor) -> list[str]:
    """Complete, and no mandatory condition of 第十二条 fails (in-principle ones are for the
    province to weigh)."""
    from .eligibility import application_eligibility

    gaps = submission_problems(application)
    problems = flat(gaps)
    if not gaps:
        report = application_eligibility(application, viewer=actor)
        if report.verdict == "ineligible":
            with field_paths(False):
                problems += [
                    labelled(localize(rule.article), finding.render())
                    for rule, finding in report.results
                    if rule.severity == "mandatory" and finding.outcome == "fail"
                ]
    return problems


def submittable(application, params, actor, comment) -> list[str]:
    """The first submission: within the guide's window."""
    problems = []
    today = timezone.localdate()
    guide = application.guide
    if not guide.is_open_on(today):
        problems.append(
            _("「%(guide)s」的申报时间为 %(start)s 至 %(end)s，当前不在申报时间内")
            % {"guide": guide.title, "start": guide.opens_on, "end": guide.closes_on}
        )
    return problems + _content_problems(application, actor)


def resubmittable(application, params, actor, comment) -> list[str]:
    """After a return the applicant answers whenever it is ready: the window was met by the
    first submission, and a return by the province always comes after it."""
    return _content_problems(application, actor)


def revision_submittable(application, params, actor, comment) -> list[str]:
    from ticms.reviews.selectors.argumentation import argumentation_opinions

    problems = _content_problems(application, actor)
    answered = {r.opinion_key: r.response.strip() for r in application.opinion_responses.all()}
    for opinion in argumentation_opinions(application):
        if not answered.get(opinion["key"]):
            problems.append(
                _("请逐条答复论证意见：尚未答复%(author)s的意见") % {"author": opinion["author"]}
            )
    return problems


def within_quota(application, params, actor, comment) -> list[str]:
    """少而精 (第十一条): the guide may limit how many a city recommends. The quota row is
    locked so that two officers recommending at once cannot both take the last place."""
    quota = (
        GuideQuota.objects.select_for_update()
        .filter(guide_id=application.guide_id, city_id=application.city_id)
        .first()
    )
    if quota is None:
        return []
    used = (
        type(application)
        .objects.filter(
            guide_id=application.guide_id,
            city_id=application.city_id,
            recommended_at__isnull=False,
        )
        # A place comes back when its application leaves the pipeline before the province.
        .exclude(status__in=(ApplicationStatus.WITHDRAWN, ApplicationStatus.CITY_REJECTED))
        .exclude(pk=application.pk)
        .count()
    )
    if used >= quota.quota:
        return [
            _("「%(guide)s」分配给%(city)s的推荐名额为 %(quota)d 个，已推荐 %(used)d 个，名额已满")
            % {
                "guide": application.guide.title,
                "city": str(application.city),
                "quota": quota.quota,
                "used": used,
            }
        ]
    return []


def needs_justification(application, actor) -> bool:
    """An in-principle condition of 第十二条/第四条 is not met: passing or deciding needs the
    officer's written reasons (the comment)."""
    from .eligibility import application_eligibility

    return application_eligibility(application, viewer=actor).verdict == "needs_override"


def formal_review_passable(application, params, actor, comment) -> list[str]:
    """A mandatory failure cannot pass; an in-principle failure passes only with a written
    justification (第十二条 原则上, DESIGN §3); incomplete data cannot pass either."""
    problems = flat(submission_problems(application))
    return problems + _eligibility_problems(application, actor, comment, allow_override=True)


def argumentation_complete(application, params, actor, comment) -> list[str]:
    from ticms.reviews.selectors.argumentation import argumentation_problems

    return list(argumentation_problems(application))


def argumentation_supports(application, params, actor, comment) -> list[str]:
    """第十三条第4项: only an application that passed the expert argumentation goes on."""
    from ticms.reviews.selectors.argumentation import panel_recommendation

    problems = argumentation_complete(application, params, actor, comment)
    if not problems and panel_recommendation(application) not in (
        "support",
        "support_with_changes",
    ):
        problems.append(_("专家组意见为不支持，未通过专家论证，不能进入研究决定"))
    return problems


def decidable(application, params, actor, comment) -> list[str]:
    """The decision re-checks 第十二条 and 第四条 on the plan as revised: figures may have
    changed since the formal review."""
    return flat(submission_problems(application)) + _eligibility_problems(
        application, actor, comment, allow_override=True
    )


def _latest_notice(application):
    return application.notices.order_by("-published_at", "-pk").first()


def notice_clear(application, params, actor, comment) -> list[str]:
    """公示无异议: the period is over, every objection handled, none upheld."""
    notice = _latest_notice(application)
    if notice is None:
        return [_("尚未公示")]
    problems = []
    today = timezone.localdate()
    if today <= notice.ends_on:
        problems.append(
            _("公示期至 %(end)s 结束（%(n)d个工作日），期满后方可批准组建")
            % {"end": notice.ends_on, "n": notice.workdays}
        )
    counts = {s: 0 for s in ObjectionStatus.values}
    for status in notice.objections.values_list("status", flat=True):
        counts[status] += 1
    if counts[ObjectionStatus.PENDING]:
        problems.append(_("尚有 %(n)d 条异议未处理") % {"n": counts[ObjectionStatus.PENDING]})
    if counts[ObjectionStatus.UPHELD]:
        problems.append(_("公示期间有异议成立，不能批准组建"))
    approved_on = params.get("approved_on")
    if approved_on is not None and approved_on <= notice.ends_on:
        problems.append(_("批准日期须晚于公示截止日期（%(end)s）") % {"end": notice.ends_on})
    return problems


def objection_upheld(application, params, actor, comment) -> list[str]:
    notice = _latest_notice(application)
    if notice is None or not notice.objections.filter(status=ObjectionStatus.UPHELD).exists():
        return [_("只有公示期间有异议成立时才能终止组建")]
    return []


def contract_signable(application, params, actor, comment) -> list[str]:
    problems = []
    signed_on = params.get("signed_on")
    if application.approved_on and signed_on and signed_on < application.approved_on:
        problems.append(
            _("合同签订日期不能早于批准组建日期（%(day)s）") % {"day": application.approved_on}
        )
    number = params.get("contract_no")
    if number and Contract.objects.filter(number=number).exists():
        problems.append(_("合同编号 %(no)s 已被使用") % {"no": number})
    if application.status != ApplicationStatus.APPROVED:
        problems.append(_("只有已批准组建的申请可以签订合同"))
    center = application.center
    if center is not None and center.status != CenterStatus.CULTIVATING:
        problems.append(
            _("「%(center)s」当前状态为「%(state)s」，不能经本申请进入建设期（第六条）")
            % {"center": center.name, "state": center.get_status_display()}
        )
    return problems
