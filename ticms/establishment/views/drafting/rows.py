"""The sections that are lists of rows: targets (考核指标), co-builders, the team (one person at
a time or rows pasted from Excel) and the units excluded from the review; each page is the
list with its add form(s) below, and any row can be removed."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ticms.common.exceptions import Conflict, PermissionDenied, ValidationFailed
from ticms.common.views import querystring_without_page, service_errors

from ... import selectors, services
from ...forms.rows import CoBuilderForm, ExcludedUnitForm, TargetForm, TeamMemberForm
from ...forms.team_paste import TeamPasteForm
from ...permissions import can_edit_application, is_applicant
from .eligibility import eligibility_context
from .pages import map_errors, refusal, render_page
from .sections import SECTION_BY_KEY
from .summary import target_rows

TEAM_PAGE_SIZE = 50


def rows_page(request, pk, *, key, template, save, rows, forms, bound="form", form_kwargs=None):
    """A list of rows with its add form(s) below. `forms` maps a context name to a form class;
    the one named `bound` takes this POST. Readers who may not edit see the list only."""
    application = selectors.application_get(user=request.user, pk=pk)
    editable = can_edit_application(request.user, application)
    kwargs = form_kwargs(application) if form_kwargs else {}
    context = dict.fromkeys(forms)
    if request.method == "POST":
        if not editable:
            reason = refusal(request.user, application)
            if is_applicant(request.user, application):
                raise Conflict(reason)
            raise PermissionDenied(reason)
        form = forms[bound](request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                message = save(application, form)
            except ValidationFailed as exc:
                map_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(request.path)
        context[bound] = form
    if editable:
        for name, form_class in forms.items():
            if context[name] is None:
                context[name] = form_class(**kwargs)
    section = SECTION_BY_KEY[key]
    return render_page(
        request,
        application,
        template,
        editable=editable,
        title=section.label,
        article=section.article,
        section_key=key,
        eligibility=eligibility_context(application, request.user, section=key)
        if section.rule_fields
        else None,
        **context,
        **rows(application),
    )


@login_required
@service_errors
def draft_targets(request, pk: int):
    def save(application, form):
        services.target_add(actor=request.user, application_id=application.pk, **form.cleaned_data)
        return _("已添加考核指标：%(name)s") % {"name": form.cleaned_data["name"]}

    return rows_page(
        request,
        pk,
        key="targets",
        template="targets.html",
        forms={"form": TargetForm},
        save=save,
        rows=lambda application: {"rows": target_rows(application.targets.all())},
    )


@login_required
@service_errors
def draft_co_builders(request, pk: int):
    def save(application, form):
        services.co_builder_add(
            actor=request.user, application_id=application.pk, **form.cleaned_data
        )
        return _("已添加共建单位：%(name)s") % {"name": form.cleaned_data["name"]}

    return rows_page(
        request,
        pk,
        key="co_builders",
        template="co_builders.html",
        forms={"form": CoBuilderForm},
        save=save,
        rows=lambda application: {"rows": list(application.co_builders.all())},
    )


@login_required
@service_errors
def draft_excluded_units(request, pk: int):
    def save(application, form):
        services.excluded_unit_add(
            actor=request.user, application_id=application.pk, **form.cleaned_data
        )
        return _("已添加回避单位：%(name)s") % {"name": form.cleaned_data["name"]}

    return rows_page(
        request,
        pk,
        key="excluded_units",
        template="excluded_units.html",
        forms={"form": ExcludedUnitForm},
        save=save,
        rows=lambda application: {"rows": list(application.excluded_units.all())},
    )


def _team_rows(request, application) -> dict:
    from ...eligibility import team_counts

    members = application.team_members.select_related("person").order_by("team", "pk")
    page = Paginator(members, TEAM_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "counts": team_counts(application),
        "querystring_base": querystring_without_page(request),
    }


@login_required
@service_errors
def draft_team(request, pk: int):
    """The roster: one person at a time, or several rows pasted from Excel (`paste`)."""
    pasting = request.method == "POST" and "rows" in request.POST

    def save(application, form):
        rows = form.cleaned_data["rows"] if pasting else [form.row()]
        try:
            n = services.team_members_add(
                actor=request.user, application_id=application.pk, rows=rows
            )
        except ValidationFailed as exc:
            if not pasting:
                raise
            messages_ = _row_messages(exc, rows, form.line_numbers)
            raise ValidationFailed({"rows": messages_}) from exc
        return _("已添加%(n)d名团队成员") % {"n": n}

    return rows_page(
        request,
        pk,
        key="team",
        template="team.html",
        save=save,
        rows=lambda application: _team_rows(request, application),
        forms={"form": TeamMemberForm, "paste_form": TeamPasteForm},
        bound="paste_form" if pasting else "form",
    )


_ROW_PATH = re.compile(r"^team\[(\d+)\]\.(\w+)$")
_ROW_LABELS = {
    "name": gettext_lazy("姓名"),
    "id_number": gettext_lazy("证件号码"),
    "title_level": gettext_lazy("职称级别"),
    "degree": gettext_lazy("学位"),
    "team": gettext_lazy("所属团队"),
    "position": gettext_lazy("岗位"),
}


def _row_messages(exc: ValidationFailed, rows, line_numbers) -> list[str]:
    """`team[3].id_number` errors as「第5行（姓名）证件号码：…」 for the paste box, numbered
    as the lines were pasted (`line_numbers`, one per row). A single row's errors come
    without the `team[0].` prefix."""
    out = []
    for path, messages_ in exc.errors.items():
        match = _ROW_PATH.match(path)
        if match is not None:
            index, field = int(match[1]), match[2]
        elif len(rows) == 1 and path in _ROW_LABELS:
            index, field = 0, path
        else:
            out.extend(str(message) for message in messages_)
            continue
        for message in messages_:
            out.append(
                _("第%(n)d行（%(name)s）%(field)s：%(message)s")
                % {
                    "n": line_numbers[index] if index < len(line_numbers) else index + 1,
                    "name": rows[index].get("name") or "—",
                    "field": _ROW_LABELS.get(field, ""),
                    "message": message,
                }
            )
    return out


ROW_REMOVERS = {
    "targets": ("target_remove", "target_id", "establishment:draft_targets"),
    "co_builders": ("co_builder_remove", "co_builder_id", "establishment:draft_co_builders"),
    "team": ("team_member_remove", "member_id", "establishment:draft_team"),
    "excluded_units": ("excluded_unit_remove", "unit_id", "establishment:draft_excluded_units"),
    "attachments": ("attachment_remove", "attachment_id", "establishment:draft_attachments"),
}


@login_required
@require_POST
@service_errors
def draft_row_remove(request, pk: int, kind: str, row_pk: int):
    if kind not in ROW_REMOVERS:
        raise Http404
    service, argument, page = ROW_REMOVERS[kind]
    getattr(services, service)(actor=request.user, application_id=pk, **{argument: row_pk})
    messages.success(request, _("已删除"))
    return redirect(page, pk=pk)
