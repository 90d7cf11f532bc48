"""Reads for the center registry, always scoped to the user (DESIGN §1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ticms.accounts.models import QUALIFIED_DEGREES, QUALIFIED_TITLES, Organisation, Role
from ticms.common.audit import history_for
from ticms.common.exceptions import NotFound
from ticms.common.text import bracketed

from .models import (
    PUBLIC_STATUSES,
    Center,
    CenterCoBuilder,
    CenterStatus,
    GovernanceBody,
    GovernanceMember,
    TeamMember,
    TeamType,
)
from .permissions import acting_q, visible_q


def centers_visible_to(user) -> QuerySet[Center]:
    qs = Center.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.role == Role.PROVINCE:
        return qs
    if user.role == Role.CITY:
        return qs.filter(city_id=user.city_id) if user.city_id else qs.none()
    if user.role == Role.CENTER:
        return qs.filter(visible_q(user))
    if user.role == Role.CO_BUILDER and user.organisation_id:
        return qs.filter(
            pk__in=CenterCoBuilder.objects.filter(organisation_id=user.organisation_id).values(
                "center_id"
            )
        )
    # Experts see reviews, evaluators their campaigns, sysadmins no business records.
    return qs.none()


def centers_acted_for(user) -> QuerySet[Center]:
    """The centers the user writes for (reports, requests): its own, not its branches, which
    report for themselves (第五条)."""
    if getattr(user, "role", None) != Role.CENTER:
        return Center.objects.none()
    return centers_visible_to(user).filter(acting_q(user))


@dataclass
class CenterFilters:
    city: str = ""  # GB/T 2260 code
    category: str = ""
    sub_field: str = ""  # code
    status: str = ""
    q: str = ""


def center_list(*, user, filters: CenterFilters | None = None) -> QuerySet[Center]:
    f = filters or CenterFilters()
    qs = centers_visible_to(user).select_related(
        "city", "sub_field", "sub_field__parent", "host_unit", "headquarters"
    )
    if f.city:
        qs = qs.filter(city__code=f.city)
    if f.category:
        qs = qs.filter(sub_field__category=f.category)
    if f.sub_field:
        qs = qs.filter(sub_field__code=f.sub_field)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q) | Q(code__icontains=f.q) | Q(host_unit__name__icontains=f.q)
        )
    # A correlated count, evaluated for the rows of the page only: a grouped count over every
    # visible center before paging read the whole team table on each page view.
    team_size = (
        TeamMember.objects.filter(center=OuterRef("pk"))
        .order_by()
        .values("center")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(team_size=Coalesce(Subquery(team_size), 0)).order_by("code")


def center_get(*, user, pk) -> Center:
    """One center in the user's scope; outside it, exactly like a missing one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    center = (
        centers_visible_to(user)
        .select_related(
            "city",
            "sub_field",
            "sub_field__parent",
            "host_unit",
            "headquarters",
            "headquarters__host_unit",
            "director",
            "director__employer",
            "executive_director",
            "executive_director__employer",
        )
        .filter(pk=pk)
        .first()
    )
    if center is None:
        raise NotFound()
    return center


_QUALIFIED = Q(team_members__person__title_level__in=QUALIFIED_TITLES) | Q(
    team_members__person__degree__in=QUALIFIED_DEGREES
)


def team_stats(center: Center) -> dict:
    """The figures 第十二条第4项 asks about, counted in one query."""
    rd = Q(team_members__is_rd_staff=True)
    agg = Center.objects.filter(pk=center.pk).aggregate(
        members=Count("team_members"),
        full_time=Count("team_members", filter=Q(team_members__full_time=True)),
        rd_staff=Count("team_members", filter=rd),
        rd_qualified=Count("team_members", filter=rd & _QUALIFIED),
        **{
            f"team_{t.value}": Count("team_members", filter=Q(team_members__team=t.value))
            for t in TeamType
        },
    )
    agg["teams"] = [(t, agg[f"team_{t.value}"]) for t in TeamType]
    return agg


def center_co_builders(center: Center) -> QuerySet[CenterCoBuilder]:
    return center.co_builders.select_related("organisation").order_by("pk")


def center_governance(center: Center) -> QuerySet[GovernanceBody]:
    return center.governance.prefetch_related(
        Prefetch(
            "members",
            queryset=GovernanceMember.objects.select_related("person", "organisation"),
        )
    ).order_by("kind")


def center_team(center: Center, *, team: str = "") -> QuerySet[TeamMember]:
    qs = center.team_members.select_related("person", "person__employer")
    if team:
        qs = qs.filter(team=team)
    return qs.order_by("team", "pk")


def center_branches(*, user, center: Center) -> QuerySet[Center]:
    return centers_visible_to(user).filter(headquarters=center).select_related("city")


def center_history(center: Center):
    """Newest first: the sidebar shows a page of it, never the whole history."""
    return history_for(center).order_by("-seq")


def public_fingerprint() -> tuple:
    """Changes whenever a center or an organisation is saved, added or deleted: what the
    public directory shows. One statement over two small tables."""
    c = connection.ops.quote_name(Center._meta.db_table)
    o = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {c}), (SELECT MAX(updated_at) FROM {c}),"  # noqa: S608
            f" (SELECT COUNT(*) FROM {o}), (SELECT MAX(updated_at) FROM {o})"
        )
        return tuple(str(v) for v in cursor.fetchone())


def public_directory(*, city: str = "") -> QuerySet[Center]:
    qs = Center.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "city", "sub_field", "host_unit"
    )
    if city:
        qs = qs.filter(city__code=city)
    return qs.order_by("city__code", "code")


# The 第十二条 rules whose data the registry itself holds (the rest come with an application).
REGISTRY_RULES = frozenset(
    {
        "A12.1.jiangsu",
        "A12.1.co_built",
        "A12.1.site_area",
        "A12.1.instruments",
        "A12.4.executive_director",
        "A12.4.team_size",
        "A12.4.full_time_ratio",
        "A12.4.qualified_ratio",
        "A12.4.team_structure",
    }
)


def center_conditions(
    center: Center,
    stats: dict,
    co_builders,
    *,
    include_layout: bool | None = None,
    include_missing: bool = False,
) -> list[dict]:
    """The 第十二条/第四条 rules the registry has data for, checked against the rule set in force
    today; rules needing data the registry does not hold (investment, policies) are left out.
    第四条 (no duplicate layout) is a question before approval: a platform set up later in the
    same sub-field does not make an approved center a duplicate."""
    if include_layout is None:
        include_layout = center.status == CenterStatus.CULTIVATING
    from ticms.accounts import uscc
    from ticms.common.exceptions import ValidationFailed
    from ticms.regulation.eligibility import evaluate
    from ticms.regulation.profile import parse_profile
    from ticms.regulation.rules.outcomes import Outcome

    co_builders = list(co_builders)
    center_data = {
        "registered_in_jiangsu": uscc.is_jiangsu(center.host_unit.uscc),
        "rd_site_area_m2": center.rd_site_area_m2,
        "instrument_value_wan_yuan": center.instrument_value_wan_yuan,
    }
    if co_builders:
        center_data["co_building_agreement_signed"] = all(
            cb.agreement_signed_on for cb in co_builders
        )
        center_data["co_builders"] = [
            {"name": bracketed(cb.organisation.name, cb.organisation.uscc), "kind": cb.kind}
            for cb in co_builders
        ]
    team = {
        "members": stats["members"],
        "full_time_members": stats["full_time"],
        "rd_staff": stats["rd_staff"],
        "rd_staff_qualified": stats["rd_qualified"],
        "has_core_rd_team": stats["team_core_rd"] > 0,
        "has_tech_support_team": stats["team_tech_support"] > 0,
        "has_transfer_team": stats["team_transfer"] > 0,
    }
    if center.executive_director_id:
        team["executive_director_full_time"] = center.executive_director_full_time
    profile = {"center": center_data, "team": team}
    if include_layout:
        profile["layout"] = {"sub_field": center.sub_field.code}
    try:
        report = evaluate(parse_profile(profile), exclude_center_id=center.pk)
    except ValidationFailed:
        return []
    shown = {Outcome.PASS, Outcome.FAIL}
    return [
        row
        for row in report.rows()
        if row["outcome"] in shown
        or (
            include_missing
            and row["outcome"] == Outcome.MISSING
            and row["rule"].id in REGISTRY_RULES
        )
    ]


def center_contract(center: Center):
    """The center's signed contract with its number of targets, or None (cultivating)."""
    from ticms.establishment.models import Contract

    return (
        Contract.objects.filter(center_id=center.pk).annotate(target_count=Count("targets")).first()
    )
