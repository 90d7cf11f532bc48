"""Reads of integrity findings. Findings are the province's alone (第二十六条): nobody else sees
them, not even the subject's own city or center; for everyone else a finding is 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ticms.common.exceptions import NotFound

from ..models import FindingSubject, IntegrityFinding


def _is_province(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "is_province", False)
    )


def findings_visible_to(user) -> QuerySet[IntegrityFinding]:
    if not _is_province(user):
        return IntegrityFinding.objects.none()
    return IntegrityFinding.objects.all()


def _with_subjects(qs: QuerySet[IntegrityFinding]) -> QuerySet[IntegrityFinding]:
    return qs.select_related("center", "person", "expert", "recorded_by")


def finding_list(*, user, subject: str = "", q: str = "") -> QuerySet[IntegrityFinding]:
    qs = findings_visible_to(user)
    if subject in FindingSubject.values:
        qs = qs.filter(subject=subject)
    if q:
        qs = qs.filter(
            Q(center__name__icontains=q)
            | Q(person__name__icontains=q)
            | Q(expert__name__icontains=q)
            | Q(facts__icontains=q)
            | Q(source__icontains=q)
        )
    return _with_subjects(qs).order_by("-decided_on", "-pk")


def finding_get(*, user, pk) -> IntegrityFinding:
    finding = _with_subjects(findings_visible_to(user)).filter(pk=pk).first()
    if finding is None:
        raise NotFound(_("记录不存在或无权访问"))
    return finding


# --- for other areas (unscoped: services, guards and the campaigns' veto) ---------------------


def findings_for_center(center, since: dt.date | None = None) -> QuerySet[IntegrityFinding]:
    """Findings of falsification or misconduct against this center decided on or after `since`
    (the campaigns area applies the veto, 一票否决, from these)."""
    center_id = getattr(center, "pk", center)
    qs = IntegrityFinding.objects.filter(subject=FindingSubject.CENTER, center_id=center_id)
    if since is not None:
        qs = qs.filter(decided_on__gte=since)
    return qs.order_by("decided_on", "pk")


def excluded_experts(on: dt.date | None = None) -> QuerySet:
    """Ids of the experts excluded from the pool on `on` (today by default), as a subquery:
    `Expert.objects.exclude(pk__in=excluded_experts())` costs no extra query."""
    day = on or timezone.localdate()
    return IntegrityFinding.objects.filter(
        subject=FindingSubject.EXPERT, decided_on__lte=day, excluded_until__gt=day
    ).values("expert_id")


def expert_exclusion_problems(expert, on: dt.date | None = None) -> list[str]:
    """Why this expert may not be picked now (第二十六条), or nothing."""
    day = on or timezone.localdate()
    finding = (
        IntegrityFinding.objects.filter(
            subject=FindingSubject.EXPERT,
            expert_id=getattr(expert, "pk", expert),
            decided_on__lte=day,
            excluded_until__gt=day,
        )
        .order_by("-excluded_until")
        .first()
    )
    if finding is None:
        return []
    return [
        _("专家「%(name)s」因科研诚信问题（%(kind)s，%(day)s 认定）被取消评审资格至 %(until)s")
        % {
            "name": getattr(expert, "name", finding.expert.name),
            "kind": finding.get_kind_display(),
            "day": finding.decided_on.isoformat(),
            "until": finding.excluded_until.isoformat(),
        }
    ]


def credit_check(*, user, center=None, people=()) -> list[IntegrityFinding]:
    """The credit check (信用核查) of a formal review or a change request: findings against the
    center, against the people named, or against those people as experts. The province only;
    one query whatever the number of people."""
    if not _is_province(user):
        return []
    person_ids = {getattr(p, "pk", p) for p in people if p is not None}
    condition = Q(pk__in=[])
    if center is not None:
        condition |= Q(subject=FindingSubject.CENTER, center_id=getattr(center, "pk", center))
    if person_ids:
        condition |= Q(subject=FindingSubject.PERSON, person_id__in=person_ids)
        condition |= Q(subject=FindingSubject.EXPERT, expert__person_id__in=person_ids)
    return list(
        _with_subjects(IntegrityFinding.objects.filter(condition)).order_by("-decided_on", "-pk")
    )
