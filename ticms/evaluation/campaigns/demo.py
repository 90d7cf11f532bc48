"""Demo of a performance evaluation (第二十四、二十五条): last year's campaign with the default
indicator system, run through the services from opening to publishing — one center explained
why it could not take part, one never answered, one was checked on site — then the dynamic
management proposals (第二十五条) and one 较差 center put under rectification."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ticms.accounts import selectors as accounts
from ticms.accounts.models import Role, User
from ticms.evaluation.models import IndicatorSystem
from ticms.reporting.models import AnnualReport, AnnualReportStatus

from . import services
from .compute import campaign_compute
from .default_system import DEFAULT_SYSTEM
from .indicators import indicator_system_create

# Shares only: whatever the demo figures, the three classes all appear.
RULES = {"excellent_min": None, "good_min": "60", "excellent_share": "30", "good_share": "70"}


def seed(*, province: User) -> None:
    evaluator = User.objects.filter(role=Role.EVALUATOR, organisation__isnull=False).first()
    if evaluator is None:
        return
    system = IndicatorSystem.objects.filter(code=DEFAULT_SYSTEM["code"]).first()
    system = system or indicator_system_create(actor=province, spec=DEFAULT_SYSTEM)
    today = timezone.localdate()
    last = today.year - 1
    campaign = services.campaign_create(
        actor=province, name=f"{last}年度技术创新中心绩效评估", year_from=last, year_to=last,
        system_id=system.pk, agency_id=evaluator.organisation_id,
        self_evaluation_due=today + dt.timedelta(days=7),
        city_check_due=today + dt.timedelta(days=14),
        scoring_due=today + dt.timedelta(days=30), rating_rules=RULES,
    )  # fmt: skip
    services.campaign_transition(actor=province, campaign_id=campaign.pk, action="open")
    filed = set(
        AnnualReport.objects.filter(year=last, status=AnnualReportStatus.FILED).values_list(
            "center_id", flat=True
        )
    )
    entries = list(campaign.entries.select_related("center").order_by("center__code"))
    declined = False
    for entry in entries:
        staff = accounts.center_staff(entry.center).first()
        if staff is None:
            continue
        if entry.center_id not in filed:
            if not declined:  # the other late one never answers: absent when scoring starts
                services.entry_transition(
                    actor=staff, campaign_id=campaign.pk, entry_id=entry.pk, action="decline",
                    params={"absence_reason": "年度报告尚未备案，主体设备搬迁期间暂停运行。"},
                )  # fmt: skip
                declined = True
            continue
        services.entry_transition(
            actor=staff, campaign_id=campaign.pk, entry_id=entry.pk,
            action="submit_self_evaluation",
            params={"data_confirmed": True,
                    "self_evaluation": "按建设方案完成年度目标，关键技术攻关取得阶段性突破。",
                    "evidence": "年度报告；项目验收证书；技术合同登记证明。"},
        )  # fmt: skip
        city = accounts.city_officers(entry.center.city_id).first()
        if city is not None:
            services.entry_transition(
                actor=city, campaign_id=campaign.pk, entry_id=entry.pk, action="city_check",
                params={"city_opinion": "数据与已备案年度报告一致，同意报送。"},
            )  # fmt: skip
    services.campaign_transition(actor=province, campaign_id=campaign.pk, action="start_scoring")
    qualitative = list(system.indicators.filter(kind="qualitative").order_by("order"))
    taking_part = [e for e in campaign.entries.exclude(status__in=["absent", "excused"])]
    for n, entry in enumerate(taking_part):
        for indicator in qualitative:
            services.qualitative_score_set(
                actor=evaluator, campaign_id=campaign.pk, entry_id=entry.pk,
                indicator_id=indicator.pk, score=str(60 + (n * 7) % 35),
                reason="依据自评报告与佐证材料，结合专家意见评分。",
            )  # fmt: skip
    if taking_part:
        first = taking_part[0]
        services.entry_transition(
            actor=evaluator, campaign_id=campaign.pk, entry_id=first.pk, action="pick_onsite"
        )
        services.entry_transition(
            actor=evaluator, campaign_id=campaign.pk, entry_id=first.pk, action="record_onsite",
            params={"onsite_findings": "现场核查研发场地与仪器设备，与年度报告一致。"},
        )  # fmt: skip
    campaign.refresh_from_db()
    campaign_compute(campaign, actor=evaluator)
    services.campaign_transition(actor=evaluator, campaign_id=campaign.pk, action="submit_results")
    services.campaign_transition(actor=province, campaign_id=campaign.pk, action="publish")
    _dynamic_management(campaign, province)


def _dynamic_management(campaign, province: User) -> None:
    """第二十五条 on the published ratings: the proposals (here at once, not in the worker), and
    the first 较差 center put under rectification by the province."""
    from ticms.common import jobs
    from ticms.evaluation.dynamic import services as dynamic
    from ticms.evaluation.models import DynamicDecision

    campaign.refresh_from_db()
    if campaign.proposals_job_id:
        jobs.job_run(campaign.proposals_job_id)
    poor = (
        DynamicDecision.objects.filter(proposal="rectification", status="proposed")
        .order_by("center__code")
        .first()
    )
    if poor is not None:
        dynamic.decision_transition(
            actor=province, decision_id=poor.pk, action="order_rectification",
            params={"rectification_deadline": timezone.localdate() + dt.timedelta(days=90)},
            comment="评估结果为较差，限期三个月整改并提交整改报告。",
        )  # fmt: skip
