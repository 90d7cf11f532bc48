"""The applicant's side of an application (第十三条第2项): start it under an open guide, fill
it section by section (each a short page that saves itself), see the eligibility check live,
check everything before submitting, and read its versions. Thin views: parse, call one service
or selector, render."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ticms.accounts.models import Role
from ticms.catalog.selectors import sub_fields
from ticms.common import files
from ticms.common.exceptions import Conflict, GuardFailed, PermissionDenied, ValidationFailed
from ticms.common.forms import add_service_errors, named
from ticms.common.views import querystring_without_page, service_errors
from ticms.regulation.eligibility import rule_set_for

from .. import selectors, services
from ..completeness import as_of
from ..fields import RD_INVESTMENT, rd_investment_years
from ..forms import (
    AttachmentForm,
    BasicsForm,
    CoBuilderForm,
    CompareForm,
    CreateForm,
    ExcludedUnitForm,
    TargetForm,
    TeamMemberForm,
    TeamPasteForm,
    leaders_form,
    opinion_form,
    plan_section_form,
    profile_answers,
    profile_form,
    rd_field_name,
    yes_no_initial,
)
from ..models import FINAL_STATUSES, PLAN_SECTIONS, ApplicationStatus, MaterialKind
from ..permissions import can_edit_application, is_applicant
from ..versions import compare
from ..workflow import APPLICATION_WORKFLOW
from .drafting_summary import (
    PLAN_SLUGS,
    PROFILE_PAGES,
    SECTION_BY_KEY,
    all_problems,
    comparison_rows,
    eligibility_context,
    problem_links,
    revision_opinions,
    section_url,
    sections_context,
    summary_context,
    target_rows,
)

# The submissions this page collects (their transitions name it as their `page`).
PAGE_ACTIONS = ("submit", "resubmit", "submit_revision")
TEAM_PAGE_SIZE = 50
VERSION_EVENTS = {
    "submit": gettext_lazy("提交设区市审核"),
    "revision": gettext_lazy("提交完善后的方案"),
}


# --- For the application detail page ----------------------------------------------------------


def tasklist_context(application, user) -> dict:
    """What `establishment/includes/tasklist.html` needs, under one key (`drafting`): for the
    applicant in an editable state the task list with each section's status; for everybody
    else (and the applicant after submitting) the read-only summary; for both, the live
    eligibility check. The number of queries does not depend on the rows."""
    sections = sections_context(application, user)
    eligibility = eligibility_context(application, user)
    data = {
        **sections,
        "eligibility": eligibility,
        "review_url": reverse("establishment:application_review_page", args=[application.pk]),
        "versions_url": reverse("establishment:draft_versions", args=[application.pk]),
        "submit_actions": [
            t for t in APPLICATION_WORKFLOW.available(user, application) if t.action in PAGE_ACTIONS
        ],
    }
    if not sections["editable"]:
        data["summary"] = summary_context(application, report_rows=eligibility["rows"])
    return {"drafting": data}


# --- Helpers ----------------------------------------------------------------------------------


def _tasklist_url(application) -> str:
    return f"{application.get_absolute_url()}#tasklist"


def _refusal(user, application) -> str:
    if not is_applicant(user, application):
        return _("只有申报单位（依托单位）的用户可以修改申请书")
    return _("申请书当前状态为「%(state)s」，不能修改") % {
        "state": application.get_status_display()
    }


def _editable(request, pk: int):
    """The application if the user may change it now. Outside the user's scope: 404. A reader
    who may not edit is refused: a GET is shown the read-only summary, a POST refused."""
    application = selectors.application_get(user=request.user, pk=pk)
    if can_edit_application(request.user, application):
        return application, None
    reason = _refusal(request.user, application)
    if request.method != "GET":
        if is_applicant(request.user, application):
            raise Conflict(reason)
        raise PermissionDenied(reason)
    messages.info(request, reason)
    return application, redirect("establishment:application_review_page", pk=application.pk)


_RD_PATH = re.compile(rf"^{RD_INVESTMENT[0]}\.{RD_INVESTMENT[1]}\.(\d{{4}})$")


def _map_errors(form, exc: ValidationFailed) -> None:
    """Service errors (by path, e.g. `center.rd_site_area_m2`, `director.id_number`) onto the
    form's fields; what matches no field goes to the top of the form."""
    mapped = {}
    for path, messages_ in exc.errors.items():
        match = _RD_PATH.match(path)
        candidates = [
            path,
            path.replace(".", "_"),
            path.rsplit(".", 1)[-1],
            rd_field_name(int(match[1])) if match else "",
        ]
        name = next((c for c in candidates if c in form.fields), None)
        mapped.setdefault(name, []).extend(messages_)
    for name, messages_ in mapped.items():
        for message in messages_:
            form.add_error(name, str(message))
    if not exc.errors:
        form.add_error(None, str(exc.message))


def _page(request, application, template, **context):
    return render(
        request,
        f"establishment/drafting/{template}",
        {"application": application, "tasklist_url": _tasklist_url(application), **context},
    )


def _section_eligibility(application, user, key):
    return eligibility_context(application, user, section=key)


# --- Start an application ---------------------------------------------------------------------


@login_required
@service_errors
def application_create(request, guide_pk: int):
    guide = selectors.guide_get(user=request.user, pk=guide_pk)
    user = request.user
    if user.role != Role.CENTER:
        raise PermissionDenied(_("只有依托单位（中心）用户可以起草申请书"))
    existing = (
        selectors.applications_visible_to(user)
        .filter(guide=guide, host_unit_id=user.organisation_id)
        .exclude(status__in=FINAL_STATUSES)
        .first()
    )
    if existing is not None:
        if can_edit_application(user, existing):
            messages.info(
                request,
                _("本单位已有依据该指南的申请书（编号 %(code)s），请继续填写")
                % {"code": existing.code},
            )
            return redirect(_tasklist_url(existing))
        # Past drafting (e.g. on notice): say where it stands, never "continue filling".
        messages.info(
            request,
            _(
                "本单位已有依据该指南的申请书（编号 %(code)s），目前处于「%(state)s」阶段，"
                "不能再修改；以下是该申请书的进展"
            )
            % {"code": existing.code, "state": existing.get_status_display()},
        )
        return redirect(existing.get_absolute_url())
    cultivating = selectors.cultivating_centers_for(user)
    form = CreateForm(
        request.POST if request.method == "POST" else None,
        sub_fields=sub_fields(),
        cultivating=cultivating,
    )
    if request.method == "POST" and form.is_valid():
        center = form.cleaned_data.get("center")
        try:
            application = services.application_create(
                actor=user,
                guide_id=guide.pk,
                center_name=form.cleaned_data["center_name"],
                sub_field=form.cleaned_data["sub_field"],
                center_id=center.pk if center else None,
            )
        except ValidationFailed as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建申请书（编号 %(code)s），请按任务列表逐项填写，填写内容随时自动保存")
                % {"code": application.code},
            )
            return redirect(_tasklist_url(application))
    return render(
        request,
        "establishment/drafting/create.html",
        {
            "guide": guide,
            "form": form,
            "open": guide.is_open_on(timezone.localdate()),
            "host_unit": user.organisation,
        },
    )


# --- Single-form sections ---------------------------------------------------------------------


def _form_section(request, pk, *, key, title, make_form, save, intro="", next_url=None, **extra):
    """One short page: show the form, call the service, map its errors back onto the fields;
    on success go to `next_url` (the task list by default)."""
    application, refused = _editable(request, pk)
    if refused:
        return refused
    form = make_form(application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(application, form)
        except ValidationFailed as exc:
            _map_errors(form, exc)
        else:
            messages.success(request, _("已保存：%(section)s") % {"section": title})
            return redirect(next_url(application) if next_url else _tasklist_url(application))
    section = SECTION_BY_KEY[key]
    return _page(
        request,
        application,
        "section.html",
        form=form,
        title=title,
        intro=intro,
        article=section.article,
        section_key=key,
        eligibility=_section_eligibility(application, request.user, key)
        if section.rule_fields
        else None,
        **extra,
    )


@login_required
@service_errors
def draft_basics(request, pk: int):
    def make_form(application, data):
        initial = {"center_name": application.center_name, "sub_field": application.sub_field_id}
        return BasicsForm(data, initial=initial, sub_fields=sub_fields())

    def save(application, form):
        services.application_basics_save(
            actor=request.user, application_id=application.pk, **form.cleaned_data
        )

    return _form_section(
        request,
        pk,
        key="basics",
        title=_("基本信息"),
        intro=_("拟建中心的名称和所属细分产业领域（第四条：同一细分产业领域原则上不重复布局）。"),
        make_form=make_form,
        save=save,
    )


@login_required
@service_errors
def draft_plan(request, pk: int, section: str):
    if section not in PLAN_SLUGS:
        raise Http404
    name, label = PLAN_SLUGS[section]
    slugs = list(PLAN_SLUGS)
    following = slugs[slugs.index(section) + 1] if section != slugs[-1] else None

    def make_form(application, data):
        return plan_section_form(name, label, data, initial={name: getattr(application, name)})

    def save(application, form):
        services.application_plan_save(
            actor=request.user, application_id=application.pk, sections=form.cleaned_data
        )

    def next_url(application):
        if following and "continue" in request.POST:
            return reverse("establishment:draft_plan", args=[application.pk, following])
        return _tasklist_url(application)

    return _form_section(
        request,
        pk,
        key=name,
        title=str(label),
        intro=_("建设方案的一部分（第十三条第2项）。可分多次填写，输入时自动保存。"),
        make_form=make_form,
        save=save,
        next_url=next_url,
        autosave_url=reverse("establishment:draft_autosave", args=[pk, "plan"]),
        has_next=following is not None,
        position=(slugs.index(section) + 1, len(slugs)),
    )


def _years(application) -> list[int]:
    day = as_of(application)
    return rd_investment_years(day, rule_set_for(day))


def _profile_initial(application, section: str, years) -> dict:
    stored = dict((application.profile_data or {}).get(section) or {})
    initial = {}
    for key, value in stored.items():
        if key == RD_INVESTMENT[1]:
            for year in years:
                initial[rd_field_name(year)] = (value or {}).get(str(year))
        else:
            initial[key] = yes_no_initial(value) if isinstance(value, bool) else value
    return initial


def _profile_form(application, section, data=None):
    years = _years(application) if section == RD_INVESTMENT[0] else ()
    return profile_form(
        section,
        years=years,
        data=data,
        initial=_profile_initial(application, section, years),
    )


@login_required
@service_errors
def draft_profile(request, pk: int, section: str):
    if section not in PROFILE_PAGES:
        raise Http404
    title, _article = PROFILE_PAGES[section]
    intros = {
        "center": _(
            "技术创新中心本身的条件：注册地、法人资格、共建协议、运行时间、场地与仪器设备。"
        ),
        "host_unit": _(
            "依托单位的创新平台、承担项目和近年研发投入；研发投入按已结束的年度逐年填写。"
        ),
        "region": _("牵头地区的产业政策、产业园区和地方政府投入。"),
    }

    def save(application, form):
        answers, investment = profile_answers(section, form.cleaned_data)
        services.application_profile_save(
            actor=request.user,
            application_id=application.pk,
            answers=answers,
            rd_investment=investment or None,
        )

    return _form_section(
        request,
        pk,
        key=section,
        title=str(title),
        intro=intros[section],
        make_form=lambda application, data: _profile_form(application, section, data),
        save=save,
        autosave_url=reverse("establishment:draft_autosave", args=[pk, section]),
    )


@login_required
@service_errors
def draft_leaders(request, pk: int):
    def make_form(application, data):
        full_time = ((application.profile_data or {}).get("team") or {}).get(
            "executive_director_full_time"
        )
        return leaders_form(
            current={
                "director": application.director,
                "executive_director": application.executive_director,
            },
            data=data,
            initial={"executive_director_full_time": yes_no_initial(full_time)},
        )

    def save(application, form):
        services.application_leaders_save(
            actor=request.user,
            application_id=application.pk,
            director=form.person("director"),
            executive_director=form.person("executive_director"),
            executive_director_full_time=form.cleaned_data["executive_director_full_time"],
        )

    return _form_section(
        request,
        pk,
        key="leaders",
        title=_("主任与执行主任"),
        intro=_(
            "拟任主任和全职管理负责人（执行主任），用于第十二条第4项同一负责人不重复支持的比对。"
            "已填写的人员保留不变；如需更换，填写新人员的全部信息。"
        ),
        make_form=make_form,
        save=save,
        leaders=True,
    )


@login_required
@service_errors
def draft_responses(request, pk: int):
    application, refused = _editable(request, pk)
    if refused:
        return refused
    if application.status != ApplicationStatus.REVISING:
        messages.info(request, _("申请书处于按论证意见完善阶段时才需要答复论证意见"))
        return redirect(_tasklist_url(application))
    opinions = revision_opinions(application)

    def make_form(application, data):
        saved = {r.opinion_key: r.response for r in application.opinion_responses.all()}
        initial = {f"opinion_{i}": saved.get(o["key"], "") for i, o in enumerate(opinions)}
        return opinion_form(opinions, data=data, initial=initial)

    def save(application, form):
        services.opinion_response_save(
            actor=request.user,
            application_id=application.pk,
            responses={o["key"]: form.cleaned_data[f"opinion_{i}"] for i, o in enumerate(opinions)},
        )

    return _form_section(
        request,
        pk,
        key="responses",
        title=_("论证意见答复"),
        intro=_("逐条说明按专家论证意见所作的修改（第十三条第3项）；输入时自动保存。"),
        make_form=make_form,
        save=save,
        opinions=opinions,
        autosave_url=reverse("establishment:draft_autosave", args=[pk, "responses"]),
    )


# --- Autosave ---------------------------------------------------------------------------------


@login_required
@require_POST
@service_errors
def draft_autosave(request, pk: int, part: str):
    """htmx: save what the section's form holds now and answer with a small status line (and,
    for the eligibility data, the refreshed check of that section)."""
    application = selectors.application_get(user=request.user, pk=pk)
    if part not in ("plan", "responses", *PROFILE_PAGES):
        raise Http404
    context = {"application": application, "saved_at": None, "problems": []}
    if not can_edit_application(request.user, application):
        context["problems"] = [_refusal(request.user, application)]
        return render(request, "establishment/drafting/_autosave.html", context)
    try:
        if part == "plan":
            names = [name for name, _label in PLAN_SECTIONS if name in request.POST]
            if not names:
                raise Http404
            services.application_plan_save(
                actor=request.user,
                application_id=application.pk,
                sections={name: request.POST[name] for name in names},
            )
        elif part == "responses":
            opinions = revision_opinions(application)
            form = opinion_form(opinions, data=request.POST)
            if not form.is_valid():
                raise ValidationFailed({k: v for k, v in form.errors.items()})
            services.opinion_response_save(
                actor=request.user,
                application_id=application.pk,
                responses={
                    o["key"]: form.cleaned_data[f"opinion_{i}"]
                    for i, o in enumerate(opinions)
                    if f"opinion_{i}" in request.POST
                },
            )
        else:
            form = _profile_form(application, part, request.POST)
            if not form.is_valid():
                raise ValidationFailed({k: v for k, v in form.errors.items()})
            answers, investment = profile_answers(part, form.cleaned_data)
            services.application_profile_save(
                actor=request.user,
                application_id=application.pk,
                answers=answers,
                rd_investment=investment or None,
            )
    except ValidationFailed as exc:
        # Each problem names its field: the status line stands apart from the fields.
        labels = dict(PLAN_SECTIONS)
        context["problems"] = [
            str(m) if str(labels.get(key, "")) in str(m) else named(labels[key], m)
            for key, msgs in exc.errors.items()
            for m in msgs
        ] or [str(exc.message)]
    else:
        context["saved_at"] = timezone.localtime()
    if part in PROFILE_PAGES:
        application = selectors.application_get(user=request.user, pk=pk)
        context["eligibility"] = _section_eligibility(application, request.user, part)
        context["oob"] = True
    return render(request, "establishment/drafting/_autosave.html", context)


# --- The live eligibility check ---------------------------------------------------------------


@login_required
@require_GET
@service_errors
def draft_eligibility(request, pk: int):
    """The eligibility panel, refreshed (the whole check, or one section's rules): read-only,
    so for everybody who may see the application. htmx swaps in the panel alone; the plain
    link (no script) gets a page of its own with the way back."""
    application = selectors.application_get(user=request.user, pk=pk)
    section = request.GET.get("section", "")
    if section and (section not in SECTION_BY_KEY or not SECTION_BY_KEY[section].rule_fields):
        section = ""
    eligibility = eligibility_context(application, request.user, section=section)
    if request.headers.get("HX-Request") == "true":
        response = render(
            request,
            "establishment/drafting/_eligibility.html",
            {"application": application, "eligibility": eligibility},
        )
    else:
        editable = can_edit_application(request.user, application)
        response = _page(
            request,
            application,
            "eligibility.html",
            eligibility=eligibility,
            title=_("组建条件核查"),
            back_url=section_url(application, section)
            if section and editable
            else f"{application.get_absolute_url()}#eligibility-panel",
        )
    # The same address answers a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


# --- Row sections -----------------------------------------------------------------------------


def _rows_page(request, pk, *, key, template, save, rows, forms, bound="form", form_kwargs=None):
    """A list of rows with its add form(s) below. `forms` maps a context name to a form class;
    the one named `bound` takes this POST. Readers who may not edit see the list only."""
    application = selectors.application_get(user=request.user, pk=pk)
    editable = can_edit_application(request.user, application)
    kwargs = form_kwargs(application) if form_kwargs else {}
    context = dict.fromkeys(forms)
    if request.method == "POST":
        if not editable:
            reason = _refusal(request.user, application)
            if is_applicant(request.user, application):
                raise Conflict(reason)
            raise PermissionDenied(reason)
        form = forms[bound](request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                message = save(application, form)
            except ValidationFailed as exc:
                _map_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect(request.path)
        context[bound] = form
    if editable:
        for name, form_class in forms.items():
            if context[name] is None:
                context[name] = form_class(**kwargs)
    section = SECTION_BY_KEY[key]
    return _page(
        request,
        application,
        template,
        editable=editable,
        title=section.label,
        article=section.article,
        section_key=key,
        eligibility=_section_eligibility(application, request.user, key)
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

    return _rows_page(
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

    return _rows_page(
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

    return _rows_page(
        request,
        pk,
        key="excluded_units",
        template="excluded_units.html",
        forms={"form": ExcludedUnitForm},
        save=save,
        rows=lambda application: {"rows": list(application.excluded_units.all())},
    )


def _attachment_rows(application) -> dict:
    attachments = list(application.attachments.select_related("uploaded_by"))
    present = {a.kind for a in attachments}
    labels = dict(MaterialKind.choices)
    return {
        "rows": attachments,
        "required_materials": [
            {"kind": kind, "label": labels.get(kind, kind), "present": kind in present}
            for kind in application.guide.required_materials
        ],
    }


@login_required
@service_errors
def draft_attachments(request, pk: int):
    def save(application, form):
        attachment = services.attachment_add(
            actor=request.user,
            application_id=application.pk,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        return _("已上传：%(name)s") % {"name": attachment.original_name}

    return _rows_page(
        request,
        pk,
        key="attachments",
        template="attachments.html",
        forms={"form": AttachmentForm},
        form_kwargs=lambda application: {
            "required_kinds": tuple(application.guide.required_materials)
        },
        save=save,
        rows=_attachment_rows,
    )


def _team_rows(request, application) -> dict:
    from ..eligibility import team_counts

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

    return _rows_page(
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


# --- Attachment download ----------------------------------------------------------------------


@login_required
@require_GET
@service_errors
def attachment_download(request, pk: int, attachment_pk: int):
    """Only to those who may see the application; always as a download, never rendered."""
    application = selectors.application_get(user=request.user, pk=pk)
    return files.attachment_download(application.attachments.all(), attachment_pk)


# --- Check before submit ----------------------------------------------------------------------


@login_required
@service_errors
def application_review_page(request, pk: int):
    """Everything entered, each part with a 修改 link and its eligibility outcome; every gap
    at the top as a link to its field; the submit button(s) the transition table offers."""
    application = selectors.application_get(user=request.user, pk=pk)
    refused = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in PAGE_ACTIONS:
            raise Http404
        try:
            services.application_transition(
                actor=request.user,
                application_id=application.pk,
                action=action,
                comment=request.POST.get("comment", ""),
            )
        except GuardFailed as exc:
            refused = [str(p) for p in exc.problems]
        except ValidationFailed as exc:
            refused = [str(m) for msgs in exc.errors.values() for m in msgs]
        else:
            label = APPLICATION_WORKFLOW.get(action).label
            messages.success(request, _("已办理：%(action)s") % {"action": label})
            return redirect(application.get_absolute_url())
        application = selectors.application_get(user=request.user, pk=pk)
    editable = can_edit_application(request.user, application)
    opinions = revision_opinions(application)
    problems = all_problems(application, opinions)
    eligibility = eligibility_context(application, request.user)
    links = problem_links(application, problems, editable=editable)
    shown = {link["message"] for link in links}
    return render(
        request,
        "establishment/drafting/review.html",
        {
            "application": application,
            "tasklist_url": _tasklist_url(application),
            "editable": editable,
            "problem_links": links,
            "attempted": bool(refused),
            "refused": [p for p in refused if p not in shown],
            "eligibility": eligibility,
            "summary": summary_context(application, report_rows=eligibility["rows"]),
            "opinions": opinions,
            "submit_actions": [
                t
                for t in APPLICATION_WORKFLOW.available(request.user, application)
                if t.action in PAGE_ACTIONS
            ],
            "section_urls": {key: section_url(application, key) for key in SECTION_BY_KEY},
        },
    )


# --- Versions ---------------------------------------------------------------------------------


@login_required
@require_GET
@service_errors
def draft_versions(request, pk: int):
    application = selectors.application_get(user=request.user, pk=pk)
    versions = list(selectors.application_versions(application))
    numbers = [v.number for v in versions]
    form = CompareForm(
        initial={"old": numbers[-2], "new": numbers[-1]} if len(numbers) > 1 else None,
        numbers=numbers,
    )
    return _page(
        request,
        application,
        "versions.html",
        versions=versions,
        events=VERSION_EVENTS,
        form=form,
    )


@login_required
@require_GET
@service_errors
def draft_version_compare(request, pk: int):
    application = selectors.application_get(user=request.user, pk=pk)
    versions = {v.number: v for v in selectors.application_versions(application)}
    form = CompareForm(request.GET or None, numbers=list(versions))
    rows = None
    if form.is_valid():
        old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
        if old.number > new.number:
            old, new = new, old
        rows = comparison_rows(compare(old.snapshot, new.snapshot))
        context = {"old": old, "new": new}
    else:
        context = {}
    return _page(
        request,
        application,
        "compare.html",
        form=form,
        rows=rows,
        events=VERSION_EVENTS,
        **context,
    )
