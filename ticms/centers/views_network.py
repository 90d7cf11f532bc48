"""Pages of the center network (第五条, 第十九条): the graph of one center's family and of every
center in the user's scope, and the alliance member list of a center."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ticms.accounts.models import Role
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.views import querystring_without_page, service_errors

from . import network as selectors_network
from . import network_clusters as clusters
from . import selectors, services_network
from .forms_network import AllianceMemberForm, NetworkFilterForm
from .permissions import can_maintain_alliance


def _scope_text(user) -> str:
    if user.role == Role.PROVINCE:
        return _("全省")
    if user.role == Role.CITY and user.city_id:
        return str(user.city)
    if user.role == Role.CENTER:
        return _("本单位建设的中心")
    if user.role == Role.CO_BUILDER:
        return _("本单位共建的中心")
    return _("您的查看范围")


@login_required
def province_network(request):
    """The network of every center in the user's scope: a summary by cluster for the province
    and the cities, a cluster (or a small scope) drawn in detail one page at a time."""
    user = request.user
    cities = list(selectors_network.city_choices_for(user))
    groups = clusters.groups_for(user)
    form = NetworkFilterForm(
        request.GET or None, cities=cities, fields=clusters.field_choices(), groups=groups
    )
    data = {}
    if form.is_bound:
        if not form.is_valid():
            messages.warning(
                request,
                _("以下筛选条件无效或超出您的权限范围，已忽略：%(fields)s")
                % {"fields": _("、").join(str(form.fields[n].label) for n in form.errors)},
            )
        data = {k: v for k, v in form.cleaned_data.items() if v}
    filters = clusters.ClusterFilters(**{"group": groups[0] if groups else "city", **data})
    context = {
        "form": form,
        "filters": filters,
        "scope_text": _scope_text(user),
        # Only where it narrows something: one city to choose from is no choice.
        "show_city": user.role == Role.PROVINCE or len(cities) > 1,
    }
    if groups and not filters.narrowed:
        context["summary"] = clusters.network_summary(user=user, filters=filters)
        return render(request, "centers/network_province.html", context)
    cluster = clusters.network_cluster(
        user=user, filters=filters, page_number=request.GET.get("page") or 1
    )
    context.update(
        cluster=cluster,
        network=cluster.network,
        page_obj=cluster.page_obj,
        querystring_base=querystring_without_page(request),
        cluster_title=_cluster_title(form, filters),
        overview_url=clusters.overview_url(filters) if groups else None,
    )
    return render(request, "centers/network_province.html", context)


def _cluster_title(form, filters) -> str:
    parts = [
        form.choice_label(name, getattr(filters, name))
        for name in ("city", "field", "category")
        if getattr(filters, name)
    ]
    return " · ".join(parts)


@login_required
@service_errors
def center_network(request, pk: int):
    center, network = selectors_network.network_for_center(user=request.user, pk=pk)
    return render(
        request,
        "centers/network.html",
        {
            "center": center,
            "network": network,
            "can_maintain_alliance": can_maintain_alliance(request.user, center),
        },
    )


@login_required
@service_errors
def alliance_members(request, pk: int):
    """The alliance member list of a center, with the form to add one for those who keep it."""
    center = selectors.center_get(user=request.user, pk=pk)
    can_maintain = can_maintain_alliance(request.user, center)
    form = AllianceMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if refusal := services_network.alliance_refusal(request.user, center):
            # Before the field errors: a form they may never send needs no corrections.
            raise PermissionDenied(refusal)
        if form.is_valid():
            try:
                member = services_network.alliance_member_add(
                    actor=request.user, center_id=center.pk, **form.cleaned_data
                )
            except ValidationFailed as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("已登记联盟成员：%(name)s") % {"name": member.organisation.name},
                )
                return redirect("centers:alliance", pk=center.pk)
    members = list(selectors_network.alliance_members_of(center))
    for m in members:
        m.kind_label = selectors_network.member_kind_label(m.kind)
    return render(
        request,
        "centers/alliance.html",
        {
            "center": center,
            "members": members,
            "form": form,
            "can_maintain": can_maintain,
        },
    )


@login_required
@require_POST
@service_errors
def alliance_member_remove(request, pk: int, member_id: int):
    services_network.alliance_member_remove(actor=request.user, center_id=pk, member_id=member_id)
    messages.success(request, _("已移除联盟成员"))
    return redirect(reverse("centers:alliance", args=[pk]))
