"""The sections that are one form each: basics, the parts of the plan, the conditions
(第十二条第1–3项), the leaders, and the answers to the argumentation opinions. Each is a short
page that saves through one service and maps its errors back onto the fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ticms.catalog.selectors import sub_fields
from ticms.common.exceptions import ValidationFailed
from ticms.common.views import service_errors
from ticms.regulation.eligibility import rule_set_for

from ... import services
from ...completeness import as_of
from ...fields import RD_INVESTMENT, rd_investment_years
from ...forms.draft import yes_no_initial
from ...forms.sections import (
    BasicsForm,
    leaders_form,
    opinion_form,
    plan_section_form,
    profile_answers,
    profile_form,
    rd_field_name,
)
from ...models import ApplicationStatus
from .eligibility import eligibility_context
from .pages import editable_application, map_errors, render_page, tasklist_url
from .sections import PLAN_SLUGS, PROFILE_PAGES, SECTION_BY_KEY
from .tasklist import revision_opinions


def form_section(request, pk, *, key, title, make_form, save, intro="", next_url=None, **extra):
    """One short page: show the form, call the service, map its errors back onto the fields;
    on success go to `next_url` (the task list by default)."""
    application, refused = editable_application(request, pk)
    if refused:
        return refused
    form = make_form(application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(application, form)
        except ValidationFailed as exc:
            map_errors(form, exc)
        else:
            messages.success(request, _("已保存：%(section)s") % {"section": title})
            return redirect(next_url(application) if next_url else tasklist_url(application))
    section = SECTION_BY_KEY[key]
    return render_page(
        request,
        application,
        "section.html",
        form=form,
        title=title,
        intro=intro,
        article=section.article,
        section_key=key,
        eligibility=eligibility_context(application, request.user, section=key)
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

    return form_section(
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
        return tasklist_url(application)

    return form_section(
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


def profile_form_for(application, section, data=None):
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

    return form_section(
        request,
        pk,
        key=section,
        title=str(title),
        intro=intros[section],
        make_form=lambda application, data: profile_form_for(application, section, data),
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

    return form_section(
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
    application, refused = editable_application(request, pk)
    if refused:
        return refused
    if application.status != ApplicationStatus.REVISING:
        messages.info(request, _("申请书处于按论证意见完善阶段时才需要答复论证意见"))
        return redirect(tasklist_url(application))
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

    return form_section(
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
