"""The expert pool (the province's alone): the list with its filters, one expert with the
employment history the conflict rules read, and the candidates for a panel."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ticms.common.exceptions import NotFound

from ..models import ACTIVE_ASSIGNMENT_STATUSES, Expert, ExpertEmployment, Panel, PanelStatus
from .scope import is_province


def experts_visible_to(user) -> QuerySet[Expert]:
    """The pool is the province's: nobody else reads it."""
    if not is_province(user):
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
    from ticms.evaluation.integrity import excluded_experts  # 第二十六条: out of the pool

    qs = Expert.objects.filter(is_active=True, user__isnull=False, user__is_active=True).exclude(
        pk__in=panel.assignments.values("expert_id")
    )
    qs = qs.exclude(pk__in=excluded_experts())
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
