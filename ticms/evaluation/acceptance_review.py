"""The acceptance (验收) as a kind the province puts before an expert panel (reviews.subjects):
the same expert pool, 回避 rules and score sheets as the argumentation of an application, with
the acceptance's own material (self-assessment, city opinion, targets against what the filed
reports say) and its own sheet."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.common import inbox, messages
from ticms.common.exceptions import Conflict, NotFound
from ticms.reviews.subjects import SubjectKind, register

from .models.acceptance import ACCEPTANCE_ARTICLE, Acceptance, AcceptanceCriterion
from .models.acceptance import AcceptanceStatus as S

# The experts' sheet (weights sum to 100), copied onto each acceptance when its panel is formed.
DEFAULT_CRITERIA = (
    (
        gettext_lazy("建设任务和合同考核指标完成情况"),
        Decimal(40),
        gettext_lazy("对照项目合同逐项核查考核指标的完成值及其来源的年度报告"),
    ),
    (
        gettext_lazy("技术创新能力与重大成果"),
        Decimal(25),
        gettext_lazy("关键核心技术突破、重大成果转化和产业化、人才团队建设"),
    ),
    (
        gettext_lazy("管理制度与运行机制（第九条第1、2项）"),
        Decimal(15),
        gettext_lazy("理事会、章程和管理制度，产学研协同的运行机制"),
    ),
    (
        gettext_lazy("市场化运行与经费保障（第九条第3项、第十八条）"),
        Decimal(20),
        gettext_lazy("市场化收入占比、多元化经费投入和地方政府投入落实情况"),
    ),
)
IN_REVIEW = (S.PROVINCE_REVIEW, S.EXPERT_REVIEW)

CONCLUSION_TODO = messages.define(
    "acceptance.conclusion_due",
    gettext_lazy("%(acceptance)s：验收专家组意见已出具，请作出验收结论"),
)


def _review_problems(acceptance) -> list[str]:
    if acceptance.status not in IN_REVIEW:
        return [
            _("验收当前状态为「%(state)s」，不在专家验收阶段")
            % {"state": acceptance.get_status_display()}
        ]
    return []


def _lock_for_panel(acceptance_id):
    acceptance = (
        Acceptance.objects.select_for_update(of=("self",))
        .select_related("center")
        .filter(pk=acceptance_id)
        .first()
    )
    if acceptance is None:
        raise NotFound(_("验收不存在"))
    if acceptance.status != S.PROVINCE_REVIEW:
        raise Conflict(
            _("验收当前状态为「%(state)s」，设区市出具意见后方可组建验收专家组")
            % {"state": acceptance.get_status_display()}
        )
    return acceptance


def _facts(acceptance):
    from ticms.centers.models import TeamType
    from ticms.reviews.conflicts import SubjectFacts, Unit

    center = acceptance.center
    host = center.host_unit
    units = [Unit(host.name, host.uscc, gettext_lazy("依托单位"))]
    units += [
        Unit(name, uscc, gettext_lazy("共建单位"))
        for name, uscc in center.co_builders.values_list("organisation__name", "organisation__uscc")
    ]
    labels = dict(TeamType.choices)
    team = {
        person_id: labels.get(team_type, team_type)
        for person_id, team_type in center.team_members.values_list("person_id", "team")
    }
    if center.executive_director_id:
        team[center.executive_director_id] = gettext_lazy("执行主任")
    if center.director_id:
        team[center.director_id] = gettext_lazy("主任")
    return SubjectFacts(units=units, excluded=[], team=team)


def _units(acceptance) -> dict:
    center = acceptance.center
    return {
        "host_unit": center.host_unit.name,
        "co_builders": list(center.co_builders.values_list("organisation__name", flat=True)),
    }


def _criteria(acceptance) -> list:
    return list(acceptance.criteria.order_by("order", "pk"))


def _material(assignment) -> dict:
    from .acceptance_figures import acceptance_figures

    acceptance = assignment.panel.acceptance
    return {
        "acceptance": acceptance,
        "figures": acceptance_figures(acceptance.center),
        "attachments": [],
    }


def _attachments(acceptance):
    from ticms.reporting.models import AnnualReportAttachment

    # The material is on the page (figures with their reports); nothing to download here.
    return AnnualReportAttachment.objects.none()


def _sections(acceptance) -> dict[str, str]:
    return {"self_assessment": acceptance.self_assessment, "city_opinion": acceptance.city_opinion}


def _preferred_field(acceptance) -> str:
    return acceptance.center.sub_field.code if acceptance.center.sub_field_id else ""


def _on_panel_formed(acceptance, panel, actor) -> None:
    """The sheet is fixed for this acceptance, and the acceptance moves to expert review."""
    from ticms.common.workflow import transition_execute

    from .workflow_acceptance import ACCEPTANCE_WORKFLOW

    if not acceptance.criteria.exists():
        AcceptanceCriterion.objects.bulk_create(
            AcceptanceCriterion(
                acceptance=acceptance,
                name=str(name),
                weight=weight,
                description=str(description),
                order=n,
            )
            for n, (name, weight, description) in enumerate(DEFAULT_CRITERIA, start=1)
        )
    transition_execute(
        actor=actor,
        workflow=ACCEPTANCE_WORKFLOW,
        obj=acceptance,
        action="organise",
        via="review_panel.create",
    )


def _on_concluded(panel, actor) -> None:
    from .workflow_acceptance import province_officers

    acceptance = panel.acceptance

    def tell():
        inbox.todo_create(
            recipients=[u for u in province_officers(acceptance) if u != actor],
            title=messages.msg(CONCLUSION_TODO, acceptance=messages.ref(acceptance)),
            obj=acceptance,
            state=acceptance.status,
            url=acceptance.get_absolute_url(),
            article=ACCEPTANCE_ARTICLE,
        )

    transaction.on_commit(tell)


def _panel_url(acceptance) -> str:
    return reverse("reviews:subject_panel", args=["acceptance", acceptance.pk])


def _visible(user):
    from .acceptance_selectors import acceptances_visible_to

    return acceptances_visible_to(user).select_related(
        "center", "center__city", "center__host_unit", "center__sub_field"
    )


def _awaiting_panel(user):
    return (
        _visible(user)
        .filter(status=S.PROVINCE_REVIEW, review_panels=None)
        .order_by("submitted_at", "pk")
    )


ACCEPTANCE = register(
    SubjectKind(
        key="acceptance",
        field="acceptance",
        label=gettext_lazy("验收"),
        article=ACCEPTANCE_ARTICLE,
        model="evaluation.acceptance",
        panel_name=gettext_lazy("「%(name)s」验收专家组"),
        related=(
            "acceptance",
            "acceptance__center",
            "acceptance__center__city",
            "acceptance__center__host_unit",
            "acceptance__center__sub_field",
        ),
        review_problems=_review_problems,
        lock_for_panel=_lock_for_panel,
        facts=_facts,
        units=_units,
        criteria=_criteria,
        score_field="acceptance_criterion",
        material=_material,
        material_template="evaluation/acceptance/material.html",
        attachments=_attachments,
        sections=_sections,
        preferred_field=_preferred_field,
        on_concluded=_on_concluded,
        panel_url=_panel_url,
        visible=_visible,
        awaiting_panel=_awaiting_panel,
        not_found=gettext_lazy("验收不存在"),
        on_panel_formed=_on_panel_formed,
    )
)
