from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.accounts.selectors import cities, organisations_visible_to
from ticms.catalog.selectors import sub_field_choices, sub_fields
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors
from ticms.common.paging import PkFirstPaginator
from ticms.common.text import labelled
from ticms.common.views import querystring_without_page, service_errors, transition_page

from . import exports, selectors, services
from .forms import (
    CenterEditForm,
    CenterFilterForm,
    CenterRegisterForm,
    CoBuilderForm,
    LeadersForm,
    TeamMemberForm,
)
from .models import CenterStatus, TeamType
from .permissions import can_edit_center, can_edit_roster, editable_fields
from .workflow import CENTER_WORKFLOW


def _filters(request):
    user = request.user
    city_choices = cities()
    if user.role == Role.CITY:
        city_choices = city_choices.filter(pk=user.city_id)
    form = CenterFilterForm(
        request.GET or None, cities=city_choices, sub_fields=sub_field_choices()
    )
    data = {}
    if form.is_bound:
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if v}
    return form, selectors.CenterFilters(**data)


def _describe_filters(form) -> str:
    """「设区市：苏州市；状态：运行中」 — the filters that actually applied, in words."""
    if not form.is_bound:
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if not value:
            continue
        field = form.fields[name]
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
        parts.append(labelled(field.label, shown))
    return _("；").join(parts)


def _ignored_filters(form) -> list[str]:
    return [str(form.fields[name].label) for name in form.errors if name in form.fields]


@login_required
def center_list(request):
    form, filters = _filters(request)
    ignored = _ignored_filters(form) if form.is_bound else []
    if ignored:
        messages.warning(
            request,
            _("以下筛选条件无效或超出您的权限范围，已忽略：%(fields)s")
            % {"fields": _("、").join(ignored)},
        )
    qs = selectors.center_list(user=request.user, filters=filters)
    page = PkFirstPaginator(qs, settings.TICMS["PAGE_SIZE"]).get_page(request.GET.get("page"))
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
    form, filters = _filters(request)
    qs = selectors.center_list(user=request.user, filters=filters)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="centers-{stamp}.xlsx"'
    exports.write_center_workbook(
        qs, response, user=request.user, filters_text=_describe_filters(form)
    )
    return response


# Events per page of a center's history in its sidebar.
HISTORY_PAGE_SIZE = 20


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
            "history": Paginator(selectors.center_history(center), HISTORY_PAGE_SIZE).get_page(
                request.GET.get("history")
            ),
            "hq_visible": center.headquarters_id is not None
            and selectors.centers_visible_to(request.user)
            .filter(pk=center.headquarters_id)
            .exists(),
            "can_edit_roster": can_edit_roster(request.user, center),
            "can_edit": bool(editable_fields(request.user, center)),
            "states": CENTER_WORKFLOW.states,
            "contract": selectors.center_contract(center),
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
    return transition_page(
        request,
        workflow=CENTER_WORKFLOW,
        obj=center,
        action=action,
        run=lambda params, comment: services.center_transition(
            actor=request.user, center_id=center.pk, action=action, params=params, comment=comment
        ),
        success_url=center.get_absolute_url(),
        template="centers/action.html",
        context={"center": center},
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
        organisations=organisations_visible_to(user).exclude(kind__in=services.NOT_HOST_KINDS),
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
    allowed = editable_fields(request.user, center)
    if not allowed:
        raise PermissionDenied(
            _("批准组建后，研究方向等重大调整须提出重大事项变更申请（第八条第3项、第二十三条）")
        )
    initial = {f: getattr(center, f) for f in allowed}
    form = CenterEditForm(
        request.POST if request.method == "POST" else None, initial=initial, fields=allowed
    )
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


def _roster_page(request, pk: int):
    center = selectors.center_get(user=request.user, pk=pk)
    if not can_edit_roster(request.user, center):
        raise PermissionDenied(
            _("批准组建后，共建单位、负责人和团队的调整须提出重大事项变更申请（第二十三条）")
        )
    return center


def _roster_form(request, pk, make_form, save, *, title, intro, message, next_url=None):
    """One page of setting up a center: show the form, call the service, map its errors back
    onto the fields; on success say `message(form)` and go to `next_url(center)` (the center)."""
    center = _roster_page(request, pk)
    form = make_form(center, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(center, form)
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message(form))
            return redirect(next_url(center) if next_url else center.get_absolute_url())
    return render(
        request,
        "centers/form.html",
        {"center": center, "form": form, "title": title, "intro": intro},
    )


@login_required
@service_errors
def center_co_builder_add(request, pk: int):
    def make_form(center, data):
        taken = list(center.co_builders.values_list("organisation_id", flat=True))
        organisations = organisations_visible_to(request.user).exclude(
            pk__in=[center.host_unit_id, *taken]
        )
        return CoBuilderForm(data, organisations=organisations)

    def save(center, form):
        services.co_builder_add(actor=request.user, center=center, **form.cleaned_data)

    return _roster_form(
        request,
        pk,
        make_form,
        save,
        title=_("登记共建单位"),
        intro=_("第十二条第1项：由地方政府、园区、企业、高校院所等多方共建并签署共建协议。"),
        message=lambda form: _("已登记共建单位"),
    )


@login_required
@service_errors
def center_leaders(request, pk: int):
    def save(center, form):
        services.leaders_register(
            actor=request.user,
            center=center,
            director=form.person("director_"),
            executive_director=form.person("executive_"),
            executive_full_time=form.cleaned_data["executive_full_time"],
        )

    return _roster_form(
        request,
        pk,
        lambda center, data: LeadersForm(data),
        save,
        title=_("聘任主任、执行主任"),
        intro=_("第十五条：执行主任须全职全时在技术创新中心工作。"),
        message=lambda form: _("已登记主任和执行主任"),
    )


@login_required
@service_errors
def center_team_member_add(request, pk: int):
    def save(center, form):
        services.team_member_register(
            actor=request.user,
            center=center,
            person=form.person(),
            membership=form.membership(),
        )

    def next_url(center):
        name = "centers:team_add" if "another" in request.POST else "centers:team"
        return reverse(name, args=[center.pk])

    return _roster_form(
        request,
        pk,
        lambda center, data: TeamMemberForm(data),
        save,
        title=_("登记团队成员"),
        intro=_(
            "第十二条第4项：核心技术研发、技术支撑服务、成果转化应用三类团队，成员不少于100人。"
        ),
        message=lambda form: _("已登记团队成员：%(name)s") % {"name": form.cleaned_data["name"]},
        next_url=next_url,
    )
