from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities, organisations_visible_to
from ticms.catalog.selectors import sub_fields
from ticms.common.exceptions import GuardFailed, PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.views import querystring_without_page, service_errors

from . import exports, selectors, services
from .forms import CenterEditForm, CenterFilterForm, CenterRegisterForm, transition_form
from .models import CenterStatus, TeamType
from .permissions import can_edit_center
from .workflow import CENTER_WORKFLOW


def _filters(request):
    user = request.user
    city_choices = cities()
    if user.role == Role.CITY:
        city_choices = city_choices.filter(pk=user.city_id)
    form = CenterFilterForm(request.GET or None, cities=city_choices, sub_fields=sub_fields())
    data = {}
    if form.is_bound:
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if v}
    return form, selectors.CenterFilters(**data)


@login_required
def center_list(request):
    form, filters = _filters(request)
    qs = selectors.center_list(user=request.user, filters=filters)
    page = Paginator(qs, settings.TICMS["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "centers/list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring_base": querystring_without_page(request),
            "export_query": request.GET.urlencode(),
            "can_register": request.user.role in (Role.PROVINCE, Role.CITY),
            "hide_city": request.user.role == Role.CITY,
        },
    )


@login_required
def center_export(request):
    _form, filters = _filters(request)
    qs = selectors.center_list(user=request.user, filters=filters)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="centers-{stamp}.xlsx"'
    exports.write_center_workbook(qs, response)
    return response


@login_required
@service_errors
def center_detail(request, pk: int):
    center = selectors.center_get(user=request.user, pk=pk)
    stats = selectors.team_stats(center)
    co_builders = list(selectors.center_co_builders(center))
    return render(
        request,
        "centers/detail.html",
        {
            "center": center,
            "actions": CENTER_WORKFLOW.available(request.user, center),
            "stats": stats,
            "co_builders": co_builders,
            "conditions": selectors.center_conditions(center, stats, co_builders),
            "governance": selectors.center_governance(center),
            "branches": selectors.center_branches(user=request.user, center=center),
            "history": selectors.center_history(center),
            "hq_visible": center.headquarters_id is not None
            and selectors.centers_visible_to(request.user)
            .filter(pk=center.headquarters_id)
            .exists(),
            "can_edit": can_edit_center(request.user, center)
            and center.status not in (CenterStatus.REMOVED, CenterStatus.REVOKED),
            "states": CENTER_WORKFLOW.states,
        },
    )


@login_required
@service_errors
def center_team(request, pk: int):
    center = selectors.center_get(user=request.user, pk=pk)
    team = request.GET.get("team", "")
    if team not in TeamType.values:
        team = ""
    page = Paginator(selectors.center_team(center, team=team), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "centers/team.html",
        {
            "center": center,
            "page_obj": page,
            "team": team,
            "teams": TeamType.choices,
            "querystring_base": querystring_without_page(request),
        },
    )


@login_required
@service_errors
def center_action(request, pk: int, action: str):
    center = selectors.center_get(user=request.user, pk=pk)
    transition = CENTER_WORKFLOW.get(action)
    # Wrong role → 403, wrong state → 409, already when the form is asked for.
    CENTER_WORKFLOW.check(request.user, center, transition)
    # Bound on every POST: an action without fields may be posted empty.
    form = transition_form(transition, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        comment = data.pop("comment", "")
        try:
            services.center_transition(
                actor=request.user, center_id=center.pk, action=action, params=data, comment=comment
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        except GuardFailed as exc:
            # A refused value (e.g. a deadline not after today) is shown on the form, so the
            # officer keeps what they typed.
            for problem in exc.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("已办理：%(action)s") % {"action": transition.label})
            return redirect(center.get_absolute_url())
    return render(
        request,
        "centers/action.html",
        {
            "center": center,
            "transition": transition,
            "form": form,
            "state_label": CENTER_WORKFLOW.states[center.status],
        },
    )


@login_required
@service_errors
def center_register(request):
    user = request.user
    if user.role not in (Role.PROVINCE, Role.CITY):
        raise PermissionDenied(_("只有省科技厅和设区市科技局可以登记技术创新中心"))
    city_qs = cities() if user.role == Role.PROVINCE else cities().filter(pk=user.city_id)
    form = CenterRegisterForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations_visible_to(user),
        sub_fields=sub_fields(),
        cities=city_qs,
        initial={"city": user.city_id} if user.role == Role.CITY else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            center = services.center_register(actor=user, **form.cleaned_data)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已登记：%(name)s（编号 %(code)s）") % {"name": center.name, "code": center.code},
            )
            return redirect(center.get_absolute_url())
    return render(request, "centers/register.html", {"form": form})


@login_required
@service_errors
def center_edit(request, pk: int):
    center = selectors.center_get(user=request.user, pk=pk)
    if not can_edit_center(request.user, center):
        raise PermissionDenied(_("您无权修改该中心的信息"))
    if center.status in (CenterStatus.REMOVED, CenterStatus.REVOKED):
        # Same refusal as the service, before a form that could never be saved is shown.
        raise PermissionDenied(_("已退出序列或已撤销的中心不能修改"))
    initial = {f: getattr(center, f) for f in CenterEditForm.base_fields}
    form = CenterEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.center_update(
                actor=request.user, center_id=center.pk, changes=form.cleaned_data
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(center.get_absolute_url())
    return render(request, "centers/edit.html", {"center": center, "form": form})
