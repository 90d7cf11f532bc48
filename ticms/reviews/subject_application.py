"""The application (组建申请) as a reviewed kind: argumentation of its construction plan
(第十三条第3项), then the province's decision (第十三条第4项)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import inbox, messages
from ticms.common.exceptions import Conflict, NotFound

from .models import ARTICLE
from .subjects import SubjectKind, register

OPINION_TODO = messages.define(
    "reviews.opinion_arrived",
    gettext_lazy("%(application)s：专家组意见已出具，请研究论证结论"),
)


def _review_problems(application) -> list[str]:
    from ticms.establishment.models import ApplicationStatus

    if application.status != ApplicationStatus.ARGUMENTATION:
        return [
            _("申请书当前状态为「%(state)s」，不在专家论证阶段")
            % {"state": application.get_status_display()}
        ]
    return []


def _lock_for_panel(application_id):
    from ticms.establishment.models import Application, ApplicationStatus

    application = (
        Application.objects.select_for_update()
        .filter(pk=application_id, submitted_at__isnull=False)
        .first()
    )
    if application is None:
        raise NotFound(_("申请书不存在"))
    if application.status != ApplicationStatus.ARGUMENTATION:
        raise Conflict(
            _("申请书当前状态为「%(state)s」，只有专家论证阶段的申请书可以组建专家组")
            % {"state": application.get_status_display()}
        )
    return application


def _facts(application):
    from .conflicts import SubjectFacts

    return SubjectFacts.of(application)


def _units(application) -> dict:
    return {
        "host_unit": application.host_unit.name,
        "co_builders": list(application.co_builders.values_list("name", flat=True)),
    }


def _criteria(application) -> list:
    from .selectors.panels import guide_criteria

    return guide_criteria(application.guide_id)


def _material(assignment) -> dict:
    from .selectors.assignments import application_summary

    return application_summary(assignment)


def _attachments(application):
    return application.attachments.order_by("kind", "pk")


def _sections(application) -> dict[str, str]:
    from ticms.establishment.models import PLAN_SECTIONS

    return {name: getattr(application, name) for name, _label in PLAN_SECTIONS}


def _preferred_field(application) -> str:
    return application.sub_field.code if application.sub_field_id else ""


def _on_concluded(panel, actor) -> None:
    """The province decides on the application next (第十三条第4项): a to-do, not a notice."""
    from .workflow import province_officers

    application = panel.application

    def tell():
        inbox.todo_create(
            recipients=[u for u in province_officers(panel) if u != actor],
            title=messages.msg(OPINION_TODO, application=messages.ref(application)),
            obj=application,
            state=application.status,
            url=panel.get_absolute_url(),
            article="第十三条第4项",
        )

    transaction.on_commit(tell)


def _panel_url(application) -> str:
    return reverse("reviews:application_panel", args=[application.pk])


def _visible(user):
    from ticms.establishment.selectors import applications_visible_to

    return applications_visible_to(user).select_related(
        "guide", "city", "host_unit", "sub_field", "sub_field__parent"
    )


def _awaiting_panel(user):
    from ticms.establishment.models import ApplicationStatus
    from ticms.establishment.selectors import applications_visible_to

    return (
        applications_visible_to(user)
        .filter(status=ApplicationStatus.ARGUMENTATION, review_panels=None)
        .select_related("city", "host_unit")
        .order_by("recommended_at", "pk")
    )


APPLICATION = register(
    SubjectKind(
        key="application",
        field="application",
        label=gettext_lazy("组建申请"),
        article=ARTICLE,
        model="establishment.application",
        panel_name=gettext_lazy("「%(name)s」论证专家组"),
        related=(
            "application",
            "application__city",
            "application__host_unit",
            "application__guide",
            "application__sub_field",
        ),
        review_problems=_review_problems,
        lock_for_panel=_lock_for_panel,
        facts=_facts,
        units=_units,
        criteria=_criteria,
        score_field="criterion",
        material=_material,
        material_template="reviews/includes/summary.html",
        attachments=_attachments,
        sections=_sections,
        preferred_field=_preferred_field,
        on_concluded=_on_concluded,
        panel_url=_panel_url,
        visible=_visible,
        awaiting_panel=_awaiting_panel,
        not_found=gettext_lazy("申请书不存在"),
    )
)
