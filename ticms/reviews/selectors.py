"""Reads of expert argumentation, scoped to the user: a record outside the scope is simply not
there (404, like a missing one). The establishment lifecycle calls the three functions at the
end (`applications_assigned_to`, `argumentation_problems`, `argumentation_opinions`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Role
from ticms.common import messages
from ticms.common.exceptions import NotFound, PermissionDenied
from ticms.common.models import AuditEvent
from ticms.common.money import fmt_number

from .models import (
    ACTIVE_ASSIGNMENT_STATUSES,
    CLEARED_STATUSES,
    PENDING_SCORE_STATUSES,
    Assignment,
    AssignmentStatus,
    Expert,
    ExpertEmployment,
    Panel,
    PanelStatus,
    Recommendation,
    Score,
)

# At least this many experts must have submitted their score sheets before the panel may
# conclude (a panel of one or two is no argumentation).
MIN_SUBMITTED_EXPERTS = 3
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def _is_province(user) -> bool:
    return _active(user) and user.role == Role.PROVINCE


# --- The expert pool -----------------------------------------------------------------------------


def experts_visible_to(user) -> QuerySet[Expert]:
    """The pool is the province's: nobody else reads it."""
    if not _is_province(user):
        return Expert.objects.none()
    return Expert.objects.all()


@dataclass
class ExpertFilters:
    field: str = ""  # an industry field code; a top-level field includes its sub-fields
    q: str = ""
    active: str = ""  # "" all, "1" in the pool, "0" retired


def _field_q(code: str) -> Q:
    from ticms.catalog.models import IndustryField

    chosen = IndustryField.objects.filter(code=code).first()
    if chosen is None:
        return Q(pk__in=[])
    q = Q(fields=chosen) | Q(fields__parent=chosen)
    if chosen.parent_id:
        q |= Q(fields=chosen.parent_id)
    return q


def expert_list(*, user, filters: ExpertFilters | None = None) -> QuerySet[Expert]:
    f = filters or ExpertFilters()
    qs = experts_visible_to(user)
    if f.field:
        qs = qs.filter(pk__in=Expert.objects.filter(_field_q(f.field)).values("pk"))
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q)
            | Q(employer__name__icontains=f.q)
            | Q(expertise__icontains=f.q)
            | Q(title__icontains=f.q)
        )
    if f.active in ("1", "0"):
        qs = qs.filter(is_active=f.active == "1")
    return (
        qs.select_related("employer", "user")
        .prefetch_related("fields")
        .annotate(
            open_assignments=Count(
                "assignments",
                filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT_STATUSES)
                & Q(assignments__panel__status=PanelStatus.OPEN),
            )
        )
        .order_by("name", "pk")
    )


def _with_history(qs: QuerySet[Expert]) -> QuerySet[Expert]:
    return qs.select_related("employer", "user", "person").prefetch_related(
        "fields",
        Prefetch(
            "employments",
            queryset=ExpertEmployment.objects.select_related("organisation").order_by(
                "-started_on", "pk"
            ),
        ),
    )


def expert_get(*, user, pk) -> Expert:
    expert = _with_history(experts_visible_to(user)).filter(pk=pk).first()
    if expert is None:
        raise NotFound(_("专家不存在"))
    return expert


def expert_for_conflicts(expert_id: int) -> Expert:
    """An expert with what the conflict rules read (employer, employments), unscoped: for the
    services and guards only."""
    return _with_history(Expert.objects.all()).get(pk=expert_id)


def candidate_experts(
    panel: Panel, *, field: str = "", q: str = "", prefer: str = ""
) -> QuerySet[Expert]:
    """Active experts with an account, not yet on the panel (the province picks from these).
    With `prefer` (a field code, usually the application's sub-field), the experts familiar
    with that field or its parent field come first, marked `field_match`; nobody is left out."""
    qs = Expert.objects.filter(is_active=True, user__isnull=False, user__is_active=True).exclude(
        pk__in=panel.assignments.values("expert_id")
    )
    if field:
        qs = qs.filter(pk__in=Expert.objects.filter(_field_q(field)).values("pk"))
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(employer__name__icontains=q) | Q(expertise__icontains=q)
        )
    if not prefer:
        return _with_history(qs).order_by("name", "pk")
    matching = Expert.objects.filter(_field_q(prefer)).filter(pk=OuterRef("pk"))
    return (
        _with_history(qs)
        .annotate(field_match=Exists(matching))
        .order_by("-field_match", "name", "pk")
    )


# --- Panels --------------------------------------------------------------------------------------


def panels_visible_to(user) -> QuerySet[Panel]:
    if not _is_province(user):
        return Panel.objects.none()
    return Panel.objects.all()


def panel_list(*, user, status: str = "") -> QuerySet[Panel]:
    qs = panels_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("application", "application__city", "application__host_unit", "leader")
        .annotate(
            invited_count=Count(
                "assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT_STATUSES)
            ),
            submitted_count=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED)
            ),
        )
        .order_by("-created_at", "-pk")
    )


def applications_awaiting_panel(*, user):
    """Applications in argumentation without a panel yet (the province's to-do list)."""
    from ticms.establishment.models import ApplicationStatus
    from ticms.establishment.selectors import applications_visible_to

    if not _is_province(user):
        return applications_visible_to(user).none()
    return (
        applications_visible_to(user)
        .filter(status=ApplicationStatus.ARGUMENTATION, review_panels=None)
        .select_related("city", "host_unit")
        .order_by("recommended_at", "pk")
    )


def _panel_related(qs: QuerySet[Panel]) -> QuerySet[Panel]:
    return qs.select_related(
        "application",
        "application__city",
        "application__host_unit",
        "application__guide",
        "application__sub_field",
        "leader",
        "leader__user",
        "created_by",
    )


def panel_get(*, user, pk) -> Panel:
    panel = _panel_related(panels_visible_to(user)).filter(pk=pk).first()
    if panel is None:
        raise NotFound(_("专家组不存在"))
    return panel


def panel_for_application(*, user, application_id):
    """(application, its panel or None) for the province's panel page; others: not found."""
    from ticms.establishment.selectors import applications_visible_to

    if not _is_province(user):
        raise NotFound(_("申请书不存在"))
    application = (
        applications_visible_to(user)
        .select_related("guide", "city", "host_unit", "sub_field", "sub_field__parent")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("申请书不存在"))
    panel = _panel_related(Panel.objects.filter(application=application)).first()
    return application, panel


def panel_assignments(panel: Panel) -> list[Assignment]:
    return list(
        panel.assignments.select_related("expert", "expert__employer", "expert__user")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("criterion_id")))
        .order_by("pk")
    )


def guide_criteria(guide_id: int) -> list:
    from ticms.establishment.models import GuideCriterion

    return list(GuideCriterion.objects.filter(guide_id=guide_id).order_by("order", "pk"))


TOO_FEW_SCORES = messages.define(
    "reviews.too_few_scores", gettext_lazy("已提交评分的专家 %(n)d 名，至少须 %(min)d 名")
)
UNANSWERED = messages.define(
    "reviews.unanswered",
    gettext_lazy("尚有 %(n)d 名专家未答复邀请（请等待答复，或由省科技厅撤回邀请）"),
)
UNSCORED = messages.define(
    "reviews.unscored", gettext_lazy("尚有 %(n)d 名已接受邀请的专家未提交评分")
)
NO_LEADER = messages.define("reviews.no_leader", gettext_lazy("尚未指定专家组组长"))


def panel_progress(panel: Panel) -> dict:
    """Counts by where each expert stands, and what still stops the panel opinion."""
    counts = dict(
        panel.assignments.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    invited = counts.get(AssignmentStatus.INVITED, 0)
    pending = sum(counts.get(s, 0) for s in PENDING_SCORE_STATUSES)
    submitted = counts.get(AssignmentStatus.SUBMITTED, 0)
    found = []
    if submitted < MIN_SUBMITTED_EXPERTS:
        found.append(messages.msg(TOO_FEW_SCORES, n=submitted, min=MIN_SUBMITTED_EXPERTS))
    if invited:
        found.append(messages.msg(UNANSWERED, n=invited))
    if pending:
        found.append(messages.msg(UNSCORED, n=pending))
    if panel.leader_id is None:
        found.append(messages.msg(NO_LEADER))
    return {
        "invited": invited,
        "pending": pending,
        "submitted": submitted,
        "counts": counts,
        "problems": [messages.render(m) for m in found],
        # The same, stored in notifications and rendered in each reader's language.
        "problem_messages": found,
    }


def opinion_problems(panel: Panel) -> list[str]:
    """What stops the leader from writing the panel opinion now."""
    return panel_progress(panel)["problems"]


# --- Scores -------------------------------------------------------------------------------------


def weighted_total(scores: dict[int, Decimal], criteria) -> Decimal | None:
    """Σ score × weight / 100, exact; None until every criterion is scored."""
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    return sum((scores[c.pk] * c.weight / HUNDRED for c in criteria), Decimal(0))


def exact(value: Decimal | None) -> str:
    """Every significant digit, no trailing zeros: 28.497150 -> '28.49715'."""
    return fmt_number(value)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def _stats(values: list[Decimal]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"mean": None, "min": None, "max": None, "spread": None, "n": 0}
    return {
        "mean": _mean(values),
        "min": min(values),
        "max": max(values),
        "spread": max(values) - min(values),
        "n": len(values),
    }


def sheet_problems(assignment: Assignment) -> list[str]:
    """What is missing before the score sheet can be submitted."""
    criteria = guide_criteria(assignment.panel.application.guide_id)
    scored = set(assignment.scores.values_list("criterion_id", flat=True))
    problems = [
        _("请为评审指标「%(name)s」打分") % {"name": c.name} for c in criteria if c.pk not in scored
    ]
    if not assignment.comments.strip():
        problems.append(_("请填写评审意见"))
    if not assignment.recommendation:
        problems.append(_("请选择评审结论"))
    return problems


def expert_numbers(assignments) -> dict[int, int]:
    """专家1, 专家2 … by the order of invitation among those who submitted; the applicant and
    the other experts never see names."""
    submitted = sorted(
        (a for a in assignments if a.status == AssignmentStatus.SUBMITTED), key=lambda a: a.pk
    )
    return {a.pk: n for n, a in enumerate(submitted, start=1)}


def panel_sheet(panel: Panel, assignments=None, *, anonymous: bool = False) -> dict:
    """The province's side-by-side view: per expert per criterion, weighted totals, means,
    max−min spreads, recommendations and comments. Only submitted sheets count in the
    statistics; `anonymous` labels experts 专家1, 专家2 … (for the panel leader)."""
    assignments = panel_assignments(panel) if assignments is None else assignments
    criteria = guide_criteria(panel.application.guide_id)
    numbers = expert_numbers(assignments)
    rows = []
    for a in assignments:
        if anonymous and a.pk not in numbers:
            continue
        scores = {s.criterion_id: s.score for s in a.scores.all()}
        rows.append(
            {
                "assignment": a,
                "label": _("专家%(n)d") % {"n": numbers[a.pk]} if anonymous else a.expert.name,
                "number": numbers.get(a.pk),
                "submitted": a.status == AssignmentStatus.SUBMITTED,
                "scores": [scores.get(c.pk) for c in criteria],
                "total": weighted_total(scores, criteria),
                "recommendation": a.get_recommendation_display() if a.recommendation else "",
                "comments": a.comments,
            }
        )
    counted = [r for r in rows if r["submitted"]]
    per_criterion = [
        {"criterion": c, **_stats([r["scores"][i] for r in counted])}
        for i, c in enumerate(criteria)
    ]
    tally = {value: 0 for value in Recommendation.values}
    for r in counted:
        tally[r["assignment"].recommendation] = tally.get(r["assignment"].recommendation, 0) + 1
    return {
        "criteria": criteria,
        "rows": rows,
        "per_criterion": per_criterion,
        "total": _stats([r["total"] for r in counted]),
        "recommendations": [(label, tally[value]) for value, label in Recommendation.choices],
        "submitted": len(counted),
    }


# --- Assignments --------------------------------------------------------------------------------


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """An expert sees only their own assignments; the province all of them."""
    if not _active(user):
        return Assignment.objects.none()
    if user.role == Role.PROVINCE:
        return Assignment.objects.all()
    if user.role == Role.EXPERT:
        return Assignment.objects.filter(expert__user=user)
    return Assignment.objects.none()


def _assignment_related(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.select_related(
        "panel",
        "panel__leader",
        "panel__application",
        "panel__application__city",
        "panel__application__host_unit",
        "panel__application__guide",
        "panel__application__sub_field",
        "expert",
        "expert__user",
    )


def my_assignments(*, user, status: str = "") -> QuerySet[Assignment]:
    """The expert's own list (the province is sent to panels instead)."""
    qs = assignments_visible_to(user).filter(expert__user=user)
    if status == "open":
        qs = qs.filter(status__in=(*PENDING_SCORE_STATUSES, AssignmentStatus.INVITED))
    elif status:
        qs = qs.filter(status=status)
    return _assignment_related(qs).order_by("panel__due_on", "-pk")


def assignment_list(*, user, status: str = "") -> QuerySet[Assignment]:
    """Every assignment in the user's scope (the expert's own; the province's all)."""
    qs = assignments_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    return _assignment_related(qs).order_by("panel__due_on", "-pk")


def assignment_units(assignment: Assignment) -> dict:
    """The units of the application, which an invited expert needs to judge a conflict of
    interest before accepting (names only; the content comes after the declaration)."""
    application = assignment.panel.application
    return {
        "host_unit": application.host_unit.name,
        "co_builders": list(application.co_builders.values_list("name", flat=True)),
    }


def assignment_get(*, user, pk) -> Assignment:
    assignment = _assignment_related(assignments_visible_to(user)).filter(pk=pk).first()
    if assignment is None:
        raise NotFound(_("论证任务不存在"))
    return assignment


def assignment_scores(assignment: Assignment) -> dict[int, Decimal]:
    return dict(assignment.scores.values_list("criterion_id", "score"))


def assignment_history(assignment: Assignment) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="reviews.assignment", object_id=str(assignment.pk)
    ).order_by("seq")


def panel_history(panel: Panel, assignments=None) -> QuerySet[AuditEvent]:
    ids = [str(a.pk) for a in (assignments or panel.assignments.all())]
    return AuditEvent.objects.filter(
        Q(object_type="reviews.panel", object_id=str(panel.pk))
        | Q(object_type="reviews.assignment", object_id__in=ids)
    ).order_by("seq")


# Rules whose findings name other people's ID numbers or other applications: experts see the
# outcome only (the province reads the details in the formal review).
PRIVATE_RULES = ("A12.4.no_repeat_support", "A4.no_duplicate_layout")


def application_summary(assignment: Assignment) -> dict:
    """What the expert needs to score (read-only): the construction plan, the targets, the team
    figures and the eligibility results of the formal review. Never ID numbers. Only after the
    expert has accepted and declared no conflict."""
    from ticms.establishment.eligibility import team_counts
    from ticms.establishment.models import PLAN_SECTIONS
    from ticms.regulation.rules.catalogue import RULES_BY_ID
    from ticms.regulation.rules.outcomes import OUTCOME_LABELS

    if assignment.status not in CLEARED_STATUSES:
        raise PermissionDenied(_("接受邀请并声明无利益冲突后，方可查阅申请材料"))
    application = assignment.panel.application
    review = application.formal_reviews.filter(passed=True).order_by("-created_at", "-pk").first()
    eligibility = []
    if review is not None:
        for row in (review.report or {}).get("results", []):
            rule = RULES_BY_ID.get(row.get("rule"))
            private = row.get("rule") in PRIVATE_RULES
            eligibility.append(
                {
                    "article": row.get("article", ""),
                    "title": rule.title if rule else row.get("rule", ""),
                    "outcome": row.get("outcome", ""),
                    "outcome_label": OUTCOME_LABELS.get(row.get("outcome"), row.get("outcome")),
                    "message": "" if private else row.get("message", ""),
                    "private": private,
                }
            )
    return {
        "application": application,
        "attachments": list(assignment_attachments(assignment)),
        "host_unit": application.host_unit.name,
        "co_builders": list(application.co_builders.values_list("name", flat=True)),
        "sections": [(label, getattr(application, name)) for name, label in PLAN_SECTIONS],
        "targets": list(application.targets.order_by("order", "pk")),
        "team": team_counts(application),
        "review": review,
        "eligibility": eligibility,
    }


def assignment_attachments(assignment: Assignment):
    """The application's attachments (co-building agreement, site proof, ...), read-only, for
    the expert of this assignment once accepted and declared without conflict (第十三条第3项);
    before that, exactly like missing ones."""
    if assignment.status not in CLEARED_STATUSES:
        raise NotFound(_("附件不存在"))
    return assignment.panel.application.attachments.order_by("kind", "pk")


def assignment_attachment_rows(*, user, assignment_pk):
    """What `user` may download on an assignment: an expert's own cleared assignment only."""
    if not _active(user) or user.role != Role.EXPERT:
        raise NotFound(_("附件不存在"))
    return assignment_attachments(assignment_get(user=user, pk=assignment_pk))


# --- The contract with the establishment lifecycle ----------------------------------------------


def applications_assigned_to(user):
    """Application ids an expert may read: those of their assignments they accepted and declared
    no conflict for (declared or submitted). Usable as `pk__in=`."""
    from ticms.establishment.models import Application

    if not _active(user) or user.role != Role.EXPERT:
        return Application.objects.none().values("pk")
    return (
        Assignment.objects.filter(expert__user=user, status__in=CLEARED_STATUSES)
        .order_by()
        .values("panel__application_id")
    )


def _panel_of(application) -> Panel | None:
    return Panel.objects.filter(application_id=application.pk).first()


def argumentation_problems(application) -> list[str]:
    """Why the argumentation of `application` is not complete yet (empty when complete): a
    panel, at least MIN_SUBMITTED_EXPERTS submitted sheets, and the leader's panel opinion."""
    panel = _panel_of(application)
    if panel is None:
        return [_("尚未组建专家组")]
    problems = []
    progress = panel_progress(panel)
    if panel.status != PanelStatus.CONCLUDED:
        problems += progress["problems"]
        problems.append(_("专家组组长尚未出具专家组意见"))
    elif progress["submitted"] < MIN_SUBMITTED_EXPERTS:
        problems.append(progress["problems"][0])
    return problems


def argumentation_opinions(application) -> list[dict]:
    """The opinions the applicant must answer: the panel opinion (key `panel:<id>`, author
    专家组) and each submitted expert comment (key `assignment:<id>`, author 专家1, 专家2 …).
    Expert names are never shown to the applicant."""
    panel = _panel_of(application)
    if panel is None:
        return []
    opinions = []
    if panel.status == PanelStatus.CONCLUDED and panel.opinion.strip():
        opinions.append({"key": f"panel:{panel.pk}", "author": _("专家组"), "text": panel.opinion})
    submitted = list(
        panel.assignments.filter(status=AssignmentStatus.SUBMITTED)
        .order_by("pk")
        .only("pk", "status", "comments")
    )
    numbers = expert_numbers(submitted)
    for a in submitted:
        if a.comments.strip():
            opinions.append(
                {
                    "key": f"assignment:{a.pk}",
                    "author": _("专家%(n)d") % {"n": numbers[a.pk]},
                    "text": a.comments,
                }
            )
    return opinions


def panel_recommendation(application) -> str | None:
    """The concluded panel's recommendation (support / support_with_changes / oppose)."""
    panel = _panel_of(application)
    return (panel.recommendation or None) if panel is not None else None
