"""The province's integrity pages: the findings, one finding, recording a finding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.views import querystring_without_page, service_errors

from ..models import FindingSubject
from . import selectors, services
from .forms import FindingForm

PER_PAGE = 50


def _require_province(user) -> None:
    if not getattr(user, "is_province", False):
        raise PermissionDenied(_("科研诚信认定仅省科技厅可以查看和登记"))


@login_required
@service_errors
def finding_list(request):
    _require_province(request.user)
    subject = request.GET.get("subject", "")
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.finding_list(user=request.user, subject=subject, q=q)
    page = PkFirstPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/integrity/list.html",
        {
            "page_obj": page,
            "subjects": FindingSubject.choices,
            "subject": subject,
            "q": q,
            "querystring_base": querystring_without_page(request),
        },
    )


@login_required
@service_errors
def finding_detail(request, pk: int):
    finding = selectors.finding_get(user=request.user, pk=pk)
    return render(request, "evaluation/integrity/detail.html", {"finding": finding})


def _choices():
    from ticms.centers.models import Center
    from ticms.reviews.models import Expert

    centers = [
        (c.pk, f"{c.code} {c.name}") for c in Center.objects.order_by("code").only("code", "name")
    ]
    experts = [
        (e.pk, f"{e.name} · {e.employer.name}")
        for e in Expert.objects.select_related("employer").order_by("name", "pk")
    ]
    return centers, experts


@login_required
@service_errors
def finding_create(request):
    _require_province(request.user)
    centers, experts = _choices()
    form = FindingForm(request.POST or None, centers=centers, experts=experts)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_record(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已登记科研诚信认定"))
            return redirect(finding.get_absolute_url())
    return render(request, "evaluation/integrity/form.html", {"form": form})
