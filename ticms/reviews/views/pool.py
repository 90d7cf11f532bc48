"""Pages of the expert pool (the province)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.common.exceptions import ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors

from .. import selectors, services
from ..forms import (
    EmploymentForm,
    ExpertFilterForm,
    ExpertForm,
)
from .common import bound_filters, require_province

# --- The expert pool ----------------------------------------------------------------------------


@login_required
@service_errors
def expert_list(request):
    require_province(request.user)
    form = ExpertFilterForm(request.GET or None)
    qs = selectors.expert_list(
        user=request.user, filters=selectors.ExpertFilters(**bound_filters(form))
    )
    page = PkFirstPaginator(qs, settings.TICMS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/experts.html",
        {"form": form, "page_obj": page, "querystring_base": querystring_without_page(request)},
    )


def _expert_values(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("id_number", None)
    return data


@login_required
@service_errors
def expert_create(request):
    require_province(request.user)
    form = ExpertForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            expert = services.expert_create(
                actor=request.user,
                name=data["name"],
                id_number=data["id_number"],
                title=data["title"],
                title_level=data["title_level"],
                employer=data["employer"],
                expertise=data["expertise"],
                fields=list(data["fields"]),
                user=data["user"],
                is_active=data["is_active"],
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已入库：%(name)s。请登记其近年任职经历（回避核查依据）。")
                % {"name": expert.name},
            )
            return redirect(expert.get_absolute_url())
    return render(request, "reviews/expert_form.html", {"form": form, "expert": None})


@login_required
@service_errors
def expert_edit(request, pk: int):
    require_province(request.user)
    expert = selectors.expert_get(user=request.user, pk=pk)
    initial = {
        "name": expert.name,
        "title": expert.title,
        "title_level": expert.title_level,
        "employer": expert.employer,
        "expertise": expert.expertise,
        "fields": [f.pk for f in expert.fields.all()],
        "user": expert.user_id,
        "is_active": expert.is_active,
    }
    form = ExpertForm(
        request.POST if request.method == "POST" else None, initial=initial, expert=expert
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = list(data.pop("fields"))
        try:
            services.expert_update(
                actor=request.user, expert_id=expert.pk, changes=data, fields=fields
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(expert.get_absolute_url())
    return render(
        request,
        "reviews/expert_form.html",
        {"form": form, "expert": expert, "employment_form": EmploymentForm()},
    )


@login_required
@service_errors
def employment_add(request, pk: int):
    require_province(request.user)
    expert = selectors.expert_get(user=request.user, pk=pk)
    form = EmploymentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_add(actor=request.user, expert_id=expert.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记任职经历"))
            return redirect(expert.get_absolute_url())
    return render(request, "reviews/employment_form.html", {"form": form, "expert": expert})


@login_required
@require_POST
@service_errors
def employment_remove(request, pk: int, employment_id: int):
    require_province(request.user)
    services.employment_remove(actor=request.user, expert_id=pk, employment_id=employment_id)
    messages.success(request, _("已删除任职经历"))
    return redirect("reviews:expert_edit", pk=pk)
