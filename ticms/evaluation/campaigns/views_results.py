"""The ranking and rating table (page and Excel) and the province's preview of other rules."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ticms.accounts.models import Role
from ticms.common.excel import row
from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.messages import Records, render_all
from ticms.common.views import forbidden, querystring_without_page, service_errors

from ..models import CampaignStatus, Rating
from . import ratings, selectors, services
from .forms import RulesForm
from .indicators import system_tree
from .preview import preview, weights_parse

PAGE_SIZE = 50
SCORE_FORMAT = "0.00"


def _notes(entries) -> None:
    records = Records().prefetch([m for e in entries for m in e.rating_note])
    for e in entries:
        e.note_text = render_all(e.rating_note, records)


@login_required
@service_errors
def campaign_ranking(request, pk: int):
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=pk)
    if not selectors.results_visible(user, campaign):
        return forbidden(request, _("评估结果发布后方可查看"))
    qs = selectors.ranking(user=user, campaign=campaign)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    _notes(entries)
    page.object_list = entries
    return render(
        request,
        "evaluation/campaigns/ranking.html",
        {
            "campaign": campaign,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            "computed": campaign.computed_at is not None,
        },
    )


@login_required
@service_errors
def campaign_ranking_excel(request, pk: int):
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=pk)
    if not selectors.results_visible(user, campaign):
        return forbidden(request, _("评估结果发布后方可查看"))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("排名与评级"))
    sheet.append(row(sheet, [campaign.name], bold=True))
    headers = [_("排名"), _("中心编号"), _("中心名称"), _("设区市"), _("综合得分"),
               _("评估等级"), _("一票否决"), _("评级说明")]  # fmt: skip
    sheet.append(row(sheet, headers, bold=True))
    labels = dict(Rating.choices)
    qs = selectors.ranking(user=user, campaign=campaign)
    for start in range(0, qs.count(), 2000):
        entries = list(qs[start : start + 2000])
        _notes(entries)
        for e in entries:
            sheet.append(
                row(
                    sheet,
                    [
                        e.rank,
                        e.center.code,
                        e.center.name,
                        e.center.city.name,
                        e.total,
                        labels.get(e.rating, ""),
                        _("是") if e.veto else "",
                        e.note_text,
                    ],
                    formats=[None, None, None, None, SCORE_FORMAT],
                )
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-ranking.xlsx"'
    return response


@login_required
@service_errors
def campaign_preview(request, pk: int):
    """GET: the current rules and, when the form is filled, the other distribution beside it;
    POST with `apply`: adopt the rules (the service audits it)."""
    user = request.user
    campaign = selectors.campaign_get(user=user, pk=pk)
    if user.role != Role.PROVINCE:
        return forbidden(request, _("评级预览仅供省科技厅使用"))
    tree = system_tree(campaign.system)
    groups = [g for g, _leaves in tree]
    data = request.POST if request.method == "POST" else request.GET
    form = RulesForm(data or None, groups=groups, initial=campaign.rating_rules)
    result, adopt = None, []
    if form.is_bound and form.is_valid():
        rules_raw = {k: form.cleaned_data.get(k) for k in ratings.FIELDS}
        try:
            rules = ratings.rules_parse(rules_raw)
            weights = weights_parse(tree, form.weights(groups))
            if request.method == "POST":
                if weights is not None:
                    raise ValidationFailed({"__all__": [_("权重属于指标体系，不能在此修改")]})
                services.campaign_rules_set(actor=user, campaign_id=pk, rules=rules_raw)
                messages.success(request, _("评级规则已更新，请重新计算评估得分"))
                return redirect(campaign.get_absolute_url())
            result = preview(campaign, rules, weights)
            if weights is None:  # weights change only as a new version of the system
                adopt = [(k, v or "") for k, v in rules_raw.items()]
        except ValidationFailed as exc:
            add_service_errors(form, exc)
    labels = dict(Rating.choices)
    if result is not None:
        result["rows"] = [
            (label, result["current"][value], result["other"][value])
            for value, label in labels.items()
        ]
        shown = {
            e.pk: e
            for e in campaign.entries.filter(pk__in=result["changed_ids"]).select_related("center")
        }
        result["changed_rows"] = [
            {
                "entry": shown[e],
                "before": labels[result["current_by_id"][e].rating],
                "after": labels[result["other_by_id"][e].rating],
                "total": result["other_totals"][e],
            }
            for e in result["changed_ids"]
            if e in shown
        ]
    return render(
        request,
        "evaluation/campaigns/preview.html",
        {
            "campaign": campaign,
            "form": form,
            "groups": [(g, form[f"w_{g.pk}"]) for g in groups],
            "result": result,
            "adopt": adopt,
            "editable": campaign.status != CampaignStatus.PUBLISHED,
        },
    )


@login_required
def indicator_system_list(request):
    systems = list(selectors.indicator_systems_visible_to(request.user)[:100])
    return render(request, "evaluation/campaigns/systems.html", {"systems": systems})


@login_required
@service_errors
def indicator_system_detail(request, pk: int):
    system = selectors.indicator_system_get(user=request.user, pk=pk)
    return render(
        request,
        "evaluation/campaigns/system.html",
        {"system": system, "tree": system_tree(system)},
    )
