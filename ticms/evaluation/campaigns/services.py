"""Every write of performance evaluation (第二十四、二十五条). Pages and the API import from here;
the integrity area records a veto with `evaluation_veto_record`."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Organisation, Role, User
from ticms.centers.models import Center, CenterStatus
from ticms.common import jobs, messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels
from ticms.common.models import InboxItem, Job
from ticms.common.workflow import transition_execute

from ..models import (
    Campaign,
    CampaignCenter,
    CampaignStatus,
    Indicator,
    IndicatorKind,
    IndicatorScore,
    IndicatorSystem,
)
from ..models.campaigns import NOT_PARTICIPATING, NOT_YET_SUBMITTED, CampaignCenterStatus
from . import ratings, selectors
from .workflow import CAMPAIGN_WORKFLOW, ENTRY_WORKFLOW

A24, A25, A26 = "第二十四条", "第二十五条", "第二十六条"
# Passed acceptance (第二十四条): operating, or under rectification after it.
EVALUATED_STATUSES = (
    CenterStatus.OPERATING,
    CenterStatus.RECTIFYING,
    CenterStatus.RECTIFICATION_REVIEW,
)
BATCH = 1000
MAX_TEXT = 5000

register_action_labels(
    {
        "evaluation_campaign.create": gettext_lazy("创建评估批次"),
        "evaluation_campaign.compute": gettext_lazy("计算评估得分"),
        "evaluation_campaign.rules": gettext_lazy("设置评级规则"),
        "campaign_center.absent": gettext_lazy("记为未参评"),
        "campaign_center.score": gettext_lazy("定性指标评分"),
        "campaign_center.veto": gettext_lazy("一票否决"),
        "indicator_system.create": gettext_lazy("制定评估指标体系"),
    }
)

SELF_EVALUATION_TODO = messages.define(
    "evaluation.self_evaluation_todo", gettext_lazy("%(obj)s：确认数据并提交自评")
)
RESULT_NOTICE = messages.define("evaluation.result_notice", gettext_lazy("%(obj)s：评估结果已发布"))
COMPUTED = messages.define(
    "evaluation.computed",
    gettext_lazy("已计算 %(n)d 家参评中心：优秀 %(e)d、良好 %(g)d、较差 %(p)d"),
)
COMPUTE = "evaluation.compute"


def _date(value, label, errors, name):
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        errors[name] = [_("「%(label)s」须为有效日期，格式为 YYYY-MM-DD") % {"label": label}]
        return None


def _year(value, label, errors, name):
    text = str(value if value is not None else "").strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        errors[name] = [_("「%(label)s」须为2000至2100之间的四位年份") % {"label": label}]
        return None
    return int(text)


def campaign_create(
    *, actor, name, year_from, year_to, system_id, agency_id,
    self_evaluation_due, city_check_due, scoring_due, rating_rules=None,
) -> Campaign:  # fmt: skip
    """The province drafts a campaign: its period, its indicator system and its agency."""
    if getattr(actor, "role", None) != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以组织绩效评估"))
    errors: dict[str, list] = {}
    name = str(name or "").strip()
    if not name or len(name) > 200:
        errors["name"] = [_("请填写评估批次名称（不超过200字）")]
    first = _year(year_from, _("评估期起始年度"), errors, "year_from")
    last = _year(year_to, _("评估期截止年度"), errors, "year_to")
    if first and last and first > last:
        errors["year_to"] = [_("评估期截止年度不能早于起始年度")]
    system = IndicatorSystem.objects.filter(pk=_int(system_id)).first()
    if system is None:
        errors["system_id"] = [_("请选择指标体系")]
    agency = Organisation.objects.filter(pk=_int(agency_id)).first()
    if agency is None:
        errors["agency_id"] = [_("请选择受托评估机构")]
    elif not User.objects.filter(role=Role.EVALUATOR, organisation=agency, is_active=True).exists():
        errors["agency_id"] = [_("「%(org)s」没有评估机构用户，不能受托评估") % {"org": agency}]
    dues = [
        _date(self_evaluation_due, _("自评截止日期"), errors, "self_evaluation_due"),
        _date(city_check_due, _("设区市审核截止日期"), errors, "city_check_due"),
        _date(scoring_due, _("评估打分截止日期"), errors, "scoring_due"),
    ]
    if all(dues) and not dues[0] <= dues[1] <= dues[2]:
        errors["city_check_due"] = [_("截止日期须依次为：自评、设区市审核、评估打分")]
    rules = None
    try:
        rules = ratings.rules_parse(rating_rules or ratings.DEFAULT_RULES)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name, year_from=first, year_to=last, system=system, agency=agency,
            self_evaluation_due=dues[0], city_check_due=dues[1], scoring_due=dues[2],
            rating_rules=rules.as_json(), created_by=actor,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="evaluation_campaign.create",
            obj=campaign,
            after=to_json({"name": name, "years": [first, last], "system": str(system),
                           "agency": str(agency), "due": dues}),
            article=A24,
        )  # fmt: skip
    return campaign


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def open_problems(campaign: Campaign) -> list[str]:
    problems = []
    if campaign.self_evaluation_due < timezone.localdate():
        problems.append(_("自评截止日期已过，请先修改截止日期"))
    if not selectors.agency_staff(campaign).exists():
        problems.append(_("受托评估机构没有可用的评估机构用户"))
    if not Center.objects.filter(status__in=EVALUATED_STATUSES).exists():
        problems.append(_("没有已通过验收的技术创新中心"))
    return problems


def entries_create(campaign: Campaign) -> None:
    """Every center that passed acceptance takes part; each gets its to-do (in bulk)."""
    centers = Center.objects.filter(status__in=EVALUATED_STATUSES).values_list("pk", flat=True)
    CampaignCenter.objects.bulk_create(
        (CampaignCenter(campaign=campaign, center_id=pk) for pk in centers), batch_size=BATCH
    )
    transaction.on_commit(lambda: _bulk_inbox(campaign, InboxItem.Kind.TODO))


def _staff_by_center(entries) -> dict[int, list[int]]:
    """Center id → ids of the users acting for it (centers.permissions.acting_q), two queries."""
    centers = {e.center_id: e.center.host_unit_id for e in entries}
    hosts: dict[int, list[int]] = {}
    for center_id, host in centers.items():
        hosts.setdefault(host, []).append(center_id)
    staff: dict[int, list[int]] = {pk: [] for pk in centers}
    users = User.objects.filter(role=Role.CENTER, is_active=True).filter(
        Q(center_id__in=list(centers)) | Q(organisation_id__in=list(hosts))
    )
    for user_id, center_id, org_id in users.values_list("pk", "center_id", "organisation_id"):
        targets = set([center_id] if center_id in staff else []) | set(hosts.get(org_id, []))
        for target in targets:
            if user_id not in staff[target]:
                staff[target].append(user_id)
    return staff


def _bulk_inbox(campaign: Campaign, kind: str) -> None:
    entries = list(
        CampaignCenter.objects.filter(campaign=campaign)
        .exclude(status__in=NOT_PARTICIPATING)
        .select_related("center", "campaign")
    )
    staff = _staff_by_center(entries)
    todo = kind == InboxItem.Kind.TODO
    items = [
        InboxItem(
            recipient_id=user_id,
            kind=kind,
            title_data=messages.msg(
                SELF_EVALUATION_TODO if todo else RESULT_NOTICE, obj=messages.ref(entry)
            ),
            url=entry.get_absolute_url(),
            article="第九条第4项" if todo else A25,
            object_type=entry._meta.label_lower,
            object_id=str(entry.pk),
            object_state=entry.status if todo else "",
            due_on=campaign.self_evaluation_due if todo else None,
        )
        for entry in entries
        for user_id in staff[entry.center_id]
    ]
    InboxItem.objects.bulk_create(items, batch_size=BATCH)


def absentees_record(campaign: Campaign, actor) -> None:
    """Self-evaluation closed: a center that has not submitted is recorded as not taking part
    (第二十五条); it may still give a reason for the province to accept."""
    late = list(
        CampaignCenter.objects.filter(campaign=campaign, status__in=NOT_YET_SUBMITTED)
        .select_related("center")
        .order_by("pk")
    )
    for entry in late:
        before = entry.status
        entry.status = CampaignCenterStatus.ABSENT
        audit_record(
            actor=actor, action="campaign_center.absent", obj=entry,
            before={"status": before}, after={"status": entry.status}, article=A25,
        )  # fmt: skip
    CampaignCenter.objects.bulk_update(late, ["status"], batch_size=BATCH)


def results_problems(campaign: Campaign, *, publishing: bool = False) -> list[str]:
    problems = []
    qualitative = Indicator.objects.filter(
        system_id=campaign.system_id, kind=IndicatorKind.QUALITATIVE
    ).count()
    entries = CampaignCenter.objects.filter(campaign=campaign).exclude(status__in=NOT_PARTICIPATING)
    if qualitative:
        given = IndicatorScore.objects.filter(
            entry__in=entries, indicator__kind=IndicatorKind.QUALITATIVE, score__isnull=False
        ).count()
        missing = entries.count() * qualitative - given
        if missing:
            problems.append(_("尚有 %(n)d 项定性指标未评分") % {"n": missing})
    onsite = entries.filter(status=CampaignCenterStatus.ONSITE).count()
    if onsite:
        problems.append(_("尚有 %(n)d 家中心的现场核查情况未记录") % {"n": onsite})
    if campaign.computed_at is None or campaign.stale:
        problems.append(_("评分有变动，请先重新计算评估得分"))
    return problems


def results_notify(campaign: Campaign) -> None:
    transaction.on_commit(lambda: _bulk_inbox(campaign, InboxItem.Kind.NOTICE))


def campaign_transition(*, actor, campaign_id, action: str, params=None, comment="") -> Campaign:
    campaign = selectors.campaign_get(user=actor, pk=campaign_id)
    return transition_execute(
        actor=actor, workflow=CAMPAIGN_WORKFLOW, obj=campaign, action=action,
        params=params, comment=comment,
    )  # fmt: skip


def entry_transition(
    *, actor, campaign_id, entry_id, action: str, params=None, comment=""
) -> CampaignCenter:
    entry = selectors.entry_get(user=actor, campaign_id=campaign_id, pk=entry_id)
    return transition_execute(
        actor=actor, workflow=ENTRY_WORKFLOW, obj=entry, action=action,
        params=params, comment=comment,
    )  # fmt: skip


def _score_value(raw, indicator: Indicator) -> Decimal:
    label = indicator.name
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        value = None
    if raw is None or isinstance(raw, bool) or value is None or not value.is_finite():
        raise ValidationFailed({"score": [_("「%(n)s」的得分须为数字") % {"n": label}]})
    if value.as_tuple().exponent < -2:
        raise ValidationFailed({"score": [_("「%(n)s」的得分最多保留两位小数") % {"n": label}]})
    if not indicator.min_score <= value <= indicator.max_score:
        raise ValidationFailed(
            {"score": [_("「%(n)s」的得分须在 %(low)s 至 %(high)s 分之间") % {
                "n": label, "low": _plain(indicator.min_score),
                "high": _plain(indicator.max_score)}]}
        )  # fmt: skip
    return value


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def qualitative_score_set(
    *, actor, campaign_id, entry_id, indicator_id, score, reason
) -> IndicatorScore:
    """The agency scores a qualitative indicator within its range, with a written reason."""
    entry = selectors.entry_get(user=actor, campaign_id=campaign_id, pk=entry_id)
    campaign = entry.campaign
    if not selectors.is_agency_of(actor, campaign):
        raise PermissionDenied(_("只有受托的评估机构可以评分"))
    if campaign.status != CampaignStatus.SCORING:
        raise Conflict(
            _("评估批次当前为「%(state)s」，不能评分") % {"state": campaign.get_status_display()}
        )
    if not entry.participated:
        raise Conflict(_("该中心未参评，不予评分"))
    indicator = Indicator.objects.filter(
        pk=_int(indicator_id), system_id=campaign.system_id, kind=IndicatorKind.QUALITATIVE
    ).first()
    if indicator is None:
        raise NotFound(_("定性指标不存在"))
    value = _score_value(score, indicator)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("请填写评分理由")]})
    if len(reason) > MAX_TEXT:
        raise ValidationFailed({"reason": [_("评分理由不能超过5000字")]})
    with transaction.atomic():
        row, _created = IndicatorScore.objects.select_for_update().get_or_create(
            entry=entry, indicator=indicator
        )
        before = {"score": row.score, "reason": row.reason}
        row.score, row.reason = value, reason
        row.scored_by, row.scored_at = actor, timezone.now()
        row.working = {
            "method": "judgement",
            "case": "given",
            "low": _plain(indicator.min_score),
            "high": _plain(indicator.max_score),
        }
        row.save()
        Campaign.objects.filter(pk=campaign.pk).update(stale=True)
        audit_record(
            actor=actor, action="campaign_center.score", obj=entry,
            before=to_json(before), after=to_json({"indicator": indicator.code, "score": value,
                                                   "reason": reason}),
            article=A24,
        )  # fmt: skip
    return row


def campaign_rules_set(*, actor, campaign_id, rules: dict) -> Campaign:
    """The province sets the rating rules (thresholds and/or shares) before publishing."""
    campaign = selectors.campaign_get(user=actor, pk=campaign_id)
    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以设置评级规则"))
    if campaign.status == CampaignStatus.PUBLISHED:
        raise Conflict(_("评估结果已发布，评级规则不能再修改"))
    parsed = ratings.rules_parse(rules)
    with transaction.atomic():
        before = campaign.rating_rules
        campaign.rating_rules = parsed.as_json()
        campaign.stale = True
        campaign.save(update_fields=["rating_rules", "stale"])
        audit_record(
            actor=actor, action="evaluation_campaign.rules", obj=campaign,
            before={"rules": before}, after={"rules": campaign.rating_rules}, article=A25,
        )  # fmt: skip
    return campaign


def campaign_compute_start(*, actor, campaign_id):
    """Queue the computation of the whole campaign (a background job with a progress bar)."""
    campaign = selectors.campaign_get(user=actor, pk=campaign_id)
    if not selectors.sees_whole_campaign(actor, campaign):
        raise PermissionDenied(_("只有省科技厅和受托的评估机构可以计算评估得分"))
    if campaign.status not in (CampaignStatus.SCORING, CampaignStatus.REVIEWING):
        raise Conflict(
            _("评估批次当前为「%(state)s」，不能计算得分")
            % {"state": campaign.get_status_display()}
        )
    with transaction.atomic():
        locked = (
            # Only the campaign's row: PostgreSQL cannot lock the nullable side of the join.
            Campaign.objects.select_for_update(of=("self",))
            .select_related("compute_job")
            .get(pk=campaign.pk)
        )
        running = locked.compute_job
        if running is not None and running.status in (Job.Status.QUEUED, Job.Status.RUNNING):
            raise Conflict(_("评估得分正在计算中，请等待本次计算完成"))
        job = jobs.job_start(actor=actor, kind=COMPUTE)
        Campaign.objects.filter(pk=campaign.pk).update(compute_job=job)
    return job


def _run_compute(job, progress):
    from .compute import campaign_compute

    campaign = Campaign.objects.select_related("system").filter(compute_job=job).first()
    if campaign is None:  # the campaign is gone
        return False, [messages.msg(jobs.FAILED)]
    counts = campaign_compute(campaign, actor=job.requested_by, progress=progress)
    return True, [messages.msg(COMPUTED, n=sum(counts.values()), e=counts["excellent"],
                               g=counts["good"], p=counts["poor"])]  # fmt: skip


jobs.register(
    COMPUTE, may_start=lambda user: user.role in (Role.PROVINCE, Role.EVALUATOR), run=_run_compute
)


def evaluation_veto_record(*, actor, campaign_id, center_id, reason: str, source: str = ""):
    """一票否决 (第二十六条): the center is rated 较差 in the campaign whatever its score. Called
    by the integrity area for a falsification finding; the province may record one too. Once the
    results are published the rating changes at once; before, at the next computation."""
    from ticms.evaluation.campaigns.ratings import VETO

    if getattr(actor, "role", None) != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以作出一票否决"))
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": [_("请填写一票否决的理由")]})
    if len(reason) > MAX_TEXT:
        raise ValidationFailed({"reason": [_("理由不能超过5000字")]})
    entry = CampaignCenter.objects.filter(
        campaign_id=_int(campaign_id), center_id=_int(center_id)
    ).first()
    if entry is None:
        raise NotFound(_("该中心不在此评估批次中"))
    with transaction.atomic():
        entry = CampaignCenter.objects.select_for_update().get(pk=entry.pk)
        before = {"veto": entry.veto, "rating": entry.rating}
        entry.veto, entry.veto_reason, entry.veto_source = True, reason, str(source)[:200]
        if entry.participated and entry.total is not None:
            entry.rating = "poor"
            entry.rating_note = [messages.msg(VETO, reason=reason)]
        entry.save()
        Campaign.objects.filter(pk=entry.campaign_id).update(stale=True)
        audit_record(
            actor=actor, action="campaign_center.veto", obj=entry, before=before,
            after={"veto": True, "rating": entry.rating, "source": entry.veto_source},
            comment=reason, article=A26,
        )  # fmt: skip
    return entry
