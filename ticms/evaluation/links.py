"""How the evaluation areas feed each other (第二十五、二十六条): the published ratings are the
dynamic-management history, publishing a campaign proposes what the rules say for each of its
centers (a background job), and an integrity finding against a center vetoes its rating in
the campaigns whose period the finding falls in."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ticms.accounts.models import Role
from ticms.common import jobs, messages
from ticms.common.audit import audit_record

PROPOSE = "evaluation.dynamic_proposals"
PROPOSED = messages.define(
    "evaluation.proposed", _("已按第二十五条对 %(n)d 家中心作出研判，提出动态管理建议 %(p)d 项")
)
# Where a veto came from: a reference, not text (the audit event and the finding explain it).
FINDING_SOURCE = "integrity_finding"
ARTICLE_26 = "第二十六条"


def campaign_history(center) -> list[dict]:
    """The dynamic-management provider: the center's published evaluations, oldest first, each
    keyed by its campaign's name (with its number when two campaigns share a name)."""
    from .campaigns.selectors import center_evaluation_history

    rows = center_evaluation_history(center.pk)
    names = Counter(row["campaign"] for row in rows)
    return [
        {
            "campaign": row["campaign"]
            if names[row["campaign"]] == 1
            else f"{row['campaign']}#{row['campaign_id']}",
            "participated": row["participated"],
            "valid_reason": row["valid_reason"],
            "rating": row["rating"],
        }
        for row in rows
    ]


def proposals_start(campaign, actor) -> None:
    """After publishing: the rules' proposal for each center of the campaign, in the worker."""
    from .models import Campaign

    job = jobs.job_start(actor=actor, kind=PROPOSE)
    Campaign.objects.filter(pk=campaign.pk).update(proposals_job=job)


def _run_proposals(job, progress):
    from ticms.centers.models import Center

    from .dynamic.services import proposal_create_if_due
    from .models import Campaign

    campaign = Campaign.objects.filter(proposals_job=job).first()
    if campaign is None:
        return False, [messages.msg(jobs.FAILED)]
    centers = list(Center.objects.filter(evaluations__campaign=campaign).order_by("pk"))
    made = 0
    for done, center in enumerate(centers, start=1):
        with transaction.atomic():
            made += proposal_create_if_due(actor=job.requested_by, center=center) is not None
        if done % 50 == 0 or done == len(centers):
            progress(done, len(centers))
    return True, [messages.msg(PROPOSED, n=len(centers), p=made)]


jobs.register(PROPOSE, may_start=lambda user: user.role == Role.PROVINCE, run=_run_proposals)


def finding_vetoes(finding, actor) -> int:
    """A finding against a center vetoes its rating (第二十六条) in every campaign it is part of
    whose evaluation period began on or before the finding's date. Returns how many."""
    from .campaigns.services import evaluation_veto_record
    from .models import CampaignCenter, CampaignStatus

    if not finding.center_id:
        return 0
    entries = CampaignCenter.objects.filter(
        center_id=finding.center_id,
        campaign__year_from__lte=finding.decided_on.year,
        veto=False,
    ).exclude(campaign__status=CampaignStatus.DRAFT)
    count = 0
    for campaign_id in entries.values_list("campaign_id", flat=True):
        evaluation_veto_record(
            actor=actor,
            campaign_id=campaign_id,
            center_id=finding.center_id,
            reason=finding.facts,
            source=f"{FINDING_SOURCE}#{finding.pk}",
        )
        count += 1
    return count


def vetoes_before_compute(campaign) -> None:
    """Findings recorded before the campaign listed the center: applied when it is computed."""
    from .models import CampaignCenter, FindingSubject, IntegrityFinding

    found = dict(
        IntegrityFinding.objects.filter(
            subject=FindingSubject.CENTER,
            center__evaluations__campaign=campaign,
            decided_on__gte=dt.date(campaign.year_from, 1, 1),
        )
        .order_by("center_id", "decided_on")
        .values_list("center_id", "pk")
    )
    facts = dict(IntegrityFinding.objects.filter(pk__in=found.values()).values_list("pk", "facts"))
    for entry in CampaignCenter.objects.filter(
        campaign=campaign, center_id__in=found, veto=False
    ).select_related("campaign", "center"):
        finding_pk = found[entry.center_id]
        entry.veto, entry.veto_reason = True, facts[finding_pk]
        entry.veto_source = f"{FINDING_SOURCE}#{finding_pk}"
        entry.save(update_fields=["veto", "veto_reason", "veto_source"])
        audit_record(
            actor=None, action="campaign_center.veto", obj=entry,
            before={"veto": False}, after={"veto": True, "source": entry.veto_source},
            comment=entry.veto_reason, article=ARTICLE_26,
        )  # fmt: skip
