"""Reads of evaluation campaigns, scoped to the user (第二十四条): the province sees every
campaign; an agency's evaluators only the campaigns their agency was entrusted with and the
centers in them; a city officer the campaigns with centers of the city, and only those centers;
a center's staff their own center's part. Outside the scope answers like a missing record."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from ticms.accounts.models import Role, User
from ticms.centers.permissions import acting_q, acts_for
from ticms.common.exceptions import NotFound

from ..models import Campaign, CampaignCenter, CampaignStatus, IndicatorScore, Rating
from ..models.campaigns import NOT_PARTICIPATING, CampaignCenterStatus
from . import scoring
from .indicators import system_tree


def is_agency_of(user, campaign) -> bool:
    return (
        getattr(user, "role", None) == Role.EVALUATOR
        and user.is_active
        and user.organisation_id is not None
        and campaign.agency_id == user.organisation_id
    )


def is_city_of_entry(user, entry) -> bool:
    return (
        getattr(user, "role", None) == Role.CITY
        and user.city_id is not None
        and entry.center.city_id == user.city_id
    )


def is_center_of_entry(user, entry) -> bool:
    return acts_for(user, entry.center)


def sees_whole_campaign(user, campaign) -> bool:
    return getattr(user, "role", None) == Role.PROVINCE or is_agency_of(user, campaign)


def _entry_q(user, prefix: str = "") -> Q | None:
    """The entries a city or center user sees, as a filter on CampaignCenter; None for all."""
    role = getattr(user, "role", None)
    if role == Role.CITY and user.city_id:
        return Q(**{f"{prefix}center__city_id": user.city_id})
    if role == Role.CENTER:
        return acting_q(user, f"{prefix}center__")
    return Q(pk__in=[])


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    qs = Campaign.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    role = user.role
    if role == Role.PROVINCE:
        return qs
    if role == Role.EVALUATOR:
        return qs.filter(agency_id=user.organisation_id) if user.organisation_id else qs.none()
    if role in (Role.CITY, Role.CENTER):
        mine = CampaignCenter.objects.filter(_entry_q(user), campaign=OuterRef("pk"))
        return qs.exclude(status=CampaignStatus.DRAFT).filter(Exists(mine))
    return qs.none()


def campaign_list(*, user) -> QuerySet[Campaign]:
    return campaigns_visible_to(user).select_related("agency", "system").order_by("-year_to", "-pk")


def campaign_get(*, user, pk) -> Campaign:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("评估批次不存在")) from None
    campaign = (
        campaigns_visible_to(user).select_related("agency", "system", "compute_job").filter(pk=pk)
    ).first()
    if campaign is None:
        raise NotFound(_("评估批次不存在"))
    return campaign


def entries_visible_to(user, campaign: Campaign) -> QuerySet[CampaignCenter]:
    qs = CampaignCenter.objects.filter(campaign=campaign)
    if sees_whole_campaign(user, campaign):
        return qs
    return qs.filter(_entry_q(user))


def entry_list(*, user, campaign: Campaign, status: str = "", city: str = ""):
    qs = entries_visible_to(user, campaign).select_related("center", "center__city")
    if status:
        qs = qs.filter(status=status)
    if city:
        qs = qs.filter(center__city__code=city)
    return qs.order_by("center__code")


def entry_get(*, user, campaign_id, pk) -> CampaignCenter:
    campaign = campaign_get(user=user, pk=campaign_id)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("参评中心不存在")) from None
    entry = (
        entries_visible_to(user, campaign)
        .select_related("center", "center__city", "center__host_unit")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise NotFound(_("参评中心不存在"))
    entry.campaign = campaign
    return entry


def results_visible(user, campaign: Campaign) -> bool:
    """Scores and ratings: the province and the agency while they work; everyone else (each
    within their scope) once the province has published them."""
    return sees_whole_campaign(user, campaign) or campaign.status == CampaignStatus.PUBLISHED


def ranking(*, user, campaign: Campaign) -> QuerySet[CampaignCenter]:
    """Participating centers by rank, for those who may see results."""
    if not results_visible(user, campaign):
        return CampaignCenter.objects.none()
    return (
        entries_visible_to(user, campaign)
        .exclude(status__in=NOT_PARTICIPATING)
        .select_related("center", "center__city")
        .order_by("rank", "center__code")
    )


def status_counts(*, user, campaign: Campaign) -> dict[str, int]:
    from django.db.models import Count

    rows = entries_visible_to(user, campaign).values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def agency_staff(campaign: Campaign):
    return User.objects.filter(
        role=Role.EVALUATOR, organisation_id=campaign.agency_id, is_active=True
    )


def agency_choices():
    """Organisations that can be entrusted: third-party agencies with evaluator accounts."""
    from ticms.accounts.models import Organisation

    evaluators = User.objects.filter(
        role=Role.EVALUATOR, is_active=True, organisation_id=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(evaluators)).order_by("name")


def center_evaluation_history(center_id: int) -> list[dict]:
    """A center's published evaluations, oldest first, for dynamic management (第二十五条):
    campaign (name), campaign_id, year (the period's last year), participated, valid_reason
    (when it did not take part: whether the province accepted its reason; else None), rating
    ('excellent' | 'good' | 'poor' when it took part)."""
    rows = (
        CampaignCenter.objects.filter(
            center_id=center_id, campaign__status=CampaignStatus.PUBLISHED
        )
        .select_related("campaign")
        .order_by("campaign__year_to", "campaign__published_at", "campaign_id")
    )
    history = []
    for entry in rows:
        participated = entry.status not in NOT_PARTICIPATING
        history.append(
            {
                "campaign": entry.campaign.name,
                "campaign_id": entry.campaign_id,
                "year": entry.campaign.year_to,
                "participated": participated,
                "valid_reason": None
                if participated
                else entry.status == CampaignCenterStatus.EXCUSED,
                "rating": (entry.rating or Rating.POOR) if participated else None,
            }
        )
    return history


def score_rows(campaign, entry) -> list[dict]:
    """The tree with this center's scores: value, inputs, how each was computed, and what it
    adds to the total. Two queries whatever the size of the tree."""
    given = {s.indicator_id: s for s in IndicatorScore.objects.filter(entry=entry)}
    rows = []
    for group, leaves in system_tree(campaign.system):
        rows.append({"group": group})
        for leaf in leaves:
            computed = entry.breakdown.get(str(leaf.pk))
            score = given.get(leaf.pk)
            if computed is not None:
                value, working = Decimal(computed["score"]), computed["working"]
            else:
                value = score.score if score is not None else None
                working = score.working if score is not None else {}
            rows.append(
                {
                    "indicator": leaf,
                    "group_weight": group.weight,
                    "value": value,
                    "reason": score.reason if score is not None else "",
                    "explain": scoring.explain(working, value) if value is not None else "",
                    "inputs": _inputs(computed["inputs"]) if computed else [],
                    "contribution": scoring.contribution(group.weight, leaf.weight, value)
                    if value is not None
                    else None,
                }
            )
    return rows


def _inputs(inputs: dict) -> list[dict]:
    from ticms.reporting import figures as F

    rows = []
    for year, used in (inputs.get("years") or {}).items():
        for path, value in used.get("figures", {}).items():
            label = F.label_of(path) if path in F.COLUMNS else path
            rows.append(
                {"year": year, "report": used.get("report"), "label": label, "value": value}
            )
    return rows


def indicator_systems_visible_to(user):
    """The criteria are open to everyone in the programme (not the public, not the experts)."""
    from ..models import IndicatorSystem

    if not getattr(user, "is_authenticated", False) or user.role not in (
        Role.PROVINCE, Role.CITY, Role.CENTER, Role.EVALUATOR,
    ):  # fmt: skip
        return IndicatorSystem.objects.none()
    return IndicatorSystem.objects.order_by("code", "-version")


def indicator_system_get(*, user, pk):
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("指标体系不存在")) from None
    system = indicator_systems_visible_to(user).filter(pk=pk).first()
    if system is None:
        raise NotFound(_("指标体系不存在"))
    return system
