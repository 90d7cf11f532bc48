"""Campaign pages: thin — parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.accounts.models import Role
from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.messages import Records, render_all
from ticms.common.views import (
    forbidden,
    querystring_without_page,
    service_errors,
    transition_page,
)

from ..models import CampaignStatus, IndicatorKind
from ..models.campaigns import NOT_YET_SUBMITTED, CampaignCenterStatus
from . import evidence, selectors, services
from .forms import CampaignForm, EvidenceForm, ScoreForm
from .workflow import CAMPAIGN_WORKFLOW, ENTRY_WORKFLOW

PAGE_SIZE = 50


def _actions(workflow, user, obj, url_name, args):
    return [
        {
            "transition": t,
            "url": reverse(f"evaluation:{url_name}", args=[*args, t.action]),
            "not_ready": t.not_ready(obj, user),
        }
        for t in workflow.available(user, obj)
    ]


@login_required
def campaign_list(request):
    campaigns = list(selectors.campaign_list(user=request.user)[:200])
    return render(
        request,
        "evaluation/campaigns/list.html",
        {"campaigns": campaigns, "can_create": request.user.role == Role.PROVINCE},
    )


@login_required
@service_errors
def campaign_create(request):
    if request.user.role != Role.PROVINCE:
        return forbidden(request, _("只有省科技厅可以组织绩效评估"))
    form = CampaignForm(request.POST or None, agencies=selectors.agency_choices())
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("评估批次已创建"))
            return redirect(campaign.get_absolute_url())
    return render(request, "evaluation/campaigns/create.html", {"form": form})


@login_required
@service_errors
def campaign_detail(request, pk: int):
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=pk)
    status = request.GET.get("status", "")
    if status not in CampaignCenterStatus.values:
        status = ""
    entries = selectors.entry_list(user=user, campaign=campaign, status=status)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts(user=user, campaign=campaign)
    whole = selectors.sees_whole_campaign(user, campaign)
    job = campaign.compute_job
    return render(
        request,
        "evaluation/campaigns/detail.html",
        {
            "campaign": campaign,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0))
                for value, label in CampaignCenterStatus.choices
            ],
            "actions": _actions(CAMPAIGN_WORKFLOW, user, campaign, "campaign_action", [pk]),
            "whole": whole,
            "results_visible": selectors.results_visible(user, campaign),
            "can_compute": whole
            and campaign.status in (CampaignStatus.SCORING, CampaignStatus.REVIEWING),
            "job": job if job is not None and job.requested_by_id == user.pk else None,
            "rules": campaign.rating_rules,
        },
    )


@login_required
@service_errors
def campaign_action(request, pk: int, action: str):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    return transition_page(
        request,
        workflow=CAMPAIGN_WORKFLOW,
        obj=campaign,
        action=action,
        run=lambda params, comment: services.campaign_transition(
            actor=request.user, campaign_id=pk, action=action, params=params, comment=comment
        ),
        success_url=campaign.get_absolute_url(),
        template="evaluation/campaigns/action.html",
        context={
            "obj": campaign,
            "back_url": campaign.get_absolute_url(),
            "list_url_name": "evaluation:campaign_list",
            "list_label": _("绩效评估"),
        },
    )


@login_required
@service_errors
def campaign_center(request, pk: int, entry_pk: int):
    user = request.user
    entry = selectors.entry_get(user=user, campaign_id=pk, pk=entry_pk)
    campaign = entry.campaign
    results = selectors.results_visible(user, campaign)
    scoring_now = selectors.is_agency_of(user, campaign) and (
        campaign.status == CampaignStatus.SCORING and entry.participated
    )
    rows = selectors.score_rows(campaign, entry) if results or scoring_now else []
    return render(
        request,
        "evaluation/campaigns/center.html",
        {
            "campaign": campaign,
            "entry": entry,
            "rows": rows,
            "results": results,
            "scoring_now": scoring_now,
            "qualitative": IndicatorKind.QUALITATIVE,
            "evidence_files": list(entry.evidence_files.all()),
            "evidence_editable": selectors.is_center_of_entry(user, entry)
            and campaign.status == CampaignStatus.COLLECTING
            and entry.status in NOT_YET_SUBMITTED,
            "evidence_form": EvidenceForm(),
            "actions": _actions(
                ENTRY_WORKFLOW, user, entry, "campaign_center_action", [pk, entry_pk]
            ),
            "rating_note": render_all(entry.rating_note, Records().prefetch(entry.rating_note))
            if results and entry.rating_note
            else "",
        },
    )


@login_required
@service_errors
def campaign_center_action(request, pk: int, entry_pk: int, action: str):
    entry = selectors.entry_get(user=request.user, campaign_id=pk, pk=entry_pk)
    return transition_page(
        request,
        workflow=ENTRY_WORKFLOW,
        obj=entry,
        action=action,
        run=lambda params, comment: services.entry_transition(
            actor=request.user,
            campaign_id=pk,
            entry_id=entry_pk,
            action=action,
            params=params,
            comment=comment,
        ),
        success_url=entry.get_absolute_url(),
        template="evaluation/campaigns/action.html",
        context={
            "obj": entry,
            "back_url": entry.get_absolute_url(),
            "list_url_name": "evaluation:campaign_list",
            "list_label": _("绩效评估"),
        },
    )


@login_required
@service_errors
def campaign_score(request, pk: int, entry_pk: int, indicator_pk: int):
    entry = selectors.entry_get(user=request.user, campaign_id=pk, pk=entry_pk)
    form = ScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.qualitative_score_set(
                actor=request.user, campaign_id=pk, entry_id=entry_pk,
                indicator_id=indicator_pk, **form.cleaned_data,
            )  # fmt: skip
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存评分"))
            return redirect(f"{entry.get_absolute_url()}#indicator-{indicator_pk}")
    indicator = entry.campaign.system.indicators.filter(pk=indicator_pk).first()
    return render(
        request,
        "evaluation/campaigns/score.html",
        {"entry": entry, "campaign": entry.campaign, "form": form, "indicator": indicator},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@service_errors
def campaign_compute(request, pk: int):
    services.campaign_compute_start(actor=request.user, campaign_id=pk)
    messages.success(request, _("已开始计算评估得分，完成后本页显示结果"))
    return redirect(reverse("evaluation:campaign_detail", args=[pk]) + "#compute")


@login_required
@require_POST
@service_errors
def campaign_evidence(request, pk: int, entry_pk: int):
    """Upload (file) or remove (remove=<id>) an evidence file of the self-evaluation."""
    entry = selectors.entry_get(user=request.user, campaign_id=pk, pk=entry_pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if request.POST.get("remove"):
            evidence.evidence_remove(
                actor=request.user, campaign_id=pk, entry_id=entry_pk,
                file_id=request.POST["remove"],
            )  # fmt: skip
            messages.success(request, _("附件已删除"))
        elif form.is_valid():
            row = evidence.evidence_add(
                actor=request.user, campaign_id=pk, entry_id=entry_pk,
                upload=form.cleaned_data["file"],
            )  # fmt: skip
            messages.success(request, _("已上传 %(name)s") % {"name": row.original_name})
        else:
            for problems in form.errors.values():
                for problem in problems:
                    messages.error(request, problem)
    except ValidationFailed as exc:
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return redirect(f"{entry.get_absolute_url()}#evidence")


@login_required
@service_errors
def campaign_evidence_download(request, pk: int, entry_pk: int, file_id: int):
    return evidence.evidence_download(
        user=request.user, campaign_id=pk, entry_id=entry_pk, file_id=file_id
    )
