"""Every read of guides and applications, scoped to the user (a record outside the scope is
simply not there: 404, like a missing one)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.centers.models import LAYOUT_STATUSES, Center
from ticms.centers.permissions import acting_q
from ticms.common.audit import history_for
from ticms.common.exceptions import NotFound
from ticms.common.text import bracketed

from .models import (
    PIPELINE_STATUSES,
    Application,
    ApplicationCoBuilder,
    ApplicationStatus,
    ApplicationVersion,
    Guide,
    GuideStatus,
    PublicNotice,
)
from .similarity import most_similar


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


# --- Guides ---------------------------------------------------------------------------------


def guides_visible_to(user) -> QuerySet[Guide]:
    qs = Guide.objects.all()
    if not _active(user):
        return qs.none()
    if user.role == Role.PROVINCE:
        return qs
    return qs.exclude(status=GuideStatus.DRAFT)


def guide_list(*, user) -> QuerySet[Guide]:
    return guides_visible_to(user).prefetch_related("priority_fields")


def guide_get(*, user, pk) -> Guide:
    guide = guides_visible_to(user).filter(pk=pk).first()
    if guide is None:
        raise NotFound(_("指南不存在"))
    return guide


def open_guides(*, user, today) -> QuerySet[Guide]:
    return guides_visible_to(user).filter(
        status=GuideStatus.PUBLISHED, opens_on__lte=today, closes_on__gte=today
    )


# --- Applications ---------------------------------------------------------------------------


def applications_visible_to(user) -> QuerySet[Application]:
    """A draft belongs to its applicant until first submitted; then its city and the province
    see it. Co-builders read the applications they are named in."""
    qs = Application.objects.all()
    if not _active(user):
        return qs.none()
    submitted = Q(submitted_at__isnull=False)
    if user.role == Role.PROVINCE:
        return qs.filter(submitted)
    if user.role == Role.CITY:
        return qs.filter(submitted, city_id=user.city_id) if user.city_id else qs.none()
    if user.role == Role.CENTER:
        # The applicant host unit, and whoever acts for the center it is for or created.
        own = acting_q(user, "center__")
        return (
            qs.filter(own | Q(host_unit_id=user.organisation_id))
            if user.organisation_id
            else qs.filter(own)
        )
    if user.role == Role.CO_BUILDER and user.organisation_id:
        uscc = user.organisation.uscc
        return qs.filter(
            submitted,
            pk__in=ApplicationCoBuilder.objects.filter(uscc=uscc).values("application_id"),
        )
    # Experts read what they score on their assignment page (reviews), which shows no ID
    # numbers and no other applications; the applicant's pages are not for them.
    return qs.none()


def cultivating_centers_for(user) -> QuerySet[Center]:
    """Regional centers the user runs that may apply to become provincial ones (第六条)."""
    from ticms.centers.models import CenterStatus
    from ticms.centers.selectors import centers_acted_for

    return centers_acted_for(user).filter(status=CenterStatus.CULTIVATING).order_by("code")


@dataclass
class ApplicationFilters:
    guide: int | None = None
    city: str = ""
    status: str = ""
    q: str = ""


def application_list(*, user, filters: ApplicationFilters | None = None):
    f = filters or ApplicationFilters()
    qs = applications_visible_to(user).select_related(
        "guide", "city", "host_unit", "sub_field", "sub_field__parent"
    )
    if f.guide:
        qs = qs.filter(guide_id=f.guide)
    if f.city:
        qs = qs.filter(city__code=f.city)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(
            Q(center_name__icontains=f.q)
            | Q(code__icontains=f.q)
            | Q(host_unit__name__icontains=f.q)
        )
    return qs.order_by("-updated_at", "-pk")


def application_get(*, user, pk) -> Application:
    application = (
        applications_visible_to(user)
        .select_related(
            "guide",
            "city",
            "host_unit",
            "sub_field",
            "sub_field__parent",
            "director",
            "executive_director",
            "center",
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise NotFound(_("申请书不存在"))
    return application


def application_versions(application: Application) -> QuerySet[ApplicationVersion]:
    return application.versions.select_related("created_by").order_by("number")


def application_history(application: Application):
    return history_for(application)


def similar_plans(application: Application, *, limit: int = 5) -> list[dict]:
    """The most similar construction plans: this year's and earlier applications (past the
    draft) and the registry's centers. For the province's formal review only."""
    others = (
        Application.objects.exclude(pk=application.pk)
        .exclude(status__in=(ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN))
        .select_related("city")
    )
    candidates = [
        (
            "application",
            a.pk,
            bracketed(
                f"{a.code} {a.center_name}",
                _("，").join([str(a.city), str(a.get_status_display())]),
            ),
            a.plan_text(),
        )
        for a in others
    ]
    centers = Center.objects.filter(status__in=LAYOUT_STATUSES).exclude(
        pk=application.center_id or 0
    )
    candidates += [
        ("center", c.pk, f"{c.code} {c.name}", f"{c.name}\n{c.research_directions}")
        for c in centers.only("pk", "code", "name", "research_directions")
    ]
    return most_similar(application.plan_text(), candidates, limit=limit)


def pipeline_count(*, guide: Guide, city) -> int:
    return Application.objects.filter(guide=guide, city=city, status__in=PIPELINE_STATUSES).count()


# --- Public notices ---------------------------------------------------------------------------


def public_notices() -> QuerySet[PublicNotice]:
    """Visible without login (公示): every notice, newest first."""
    return PublicNotice.objects.select_related(
        "application", "application__city", "application__host_unit", "application__sub_field"
    ).order_by("-starts_on", "-pk")


def public_notice_get(pk) -> PublicNotice:
    notice = public_notices().filter(pk=pk).first()
    if notice is None:
        raise NotFound(_("公示不存在"))
    return notice
