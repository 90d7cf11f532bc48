"""Reads of public notices, their objections and the contract (第十三条第4项), scoped to the
user. Objections carry the objector's name and contact: only the province reads them; to
everyone else they are simply not there (404, like a missing record)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from ticms.accounts.models import Role
from ticms.centers.selectors import centers_visible_to
from ticms.common.exceptions import NotFound

from .models import ApplicationStatus, Contract, Objection, ObjectionStatus, PublicNotice
from .selectors import application_get, public_notice_get, public_notices


def _province(user) -> bool:
    return (
        getattr(user, "is_authenticated", False) and user.is_active and user.role == Role.PROVINCE
    )


# --- Public notices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectionWindow:
    """Whether a notice takes objections on a given day, and if not, why (in words)."""

    open: bool
    reason: str = ""


def objection_window(notice: PublicNotice, today: dt.date) -> ObjectionWindow:
    """Objections are taken from the first to the last day of the notice period, both
    included, while the application is still under notice (第十三条第4项)."""
    if today < notice.starts_on:
        return ObjectionWindow(
            False, _("公示期自 %(start)s 开始，届时方可提出异议") % {"start": notice.starts_on}
        )
    if today > notice.ends_on:
        return ObjectionWindow(
            False,
            _("公示期已于 %(end)s 结束，不再受理异议") % {"end": notice.ends_on},
        )
    if notice.application.status != ApplicationStatus.NOTICE:
        return ObjectionWindow(False, _("该事项已办结，不再受理异议"))
    return ObjectionWindow(True)


def public_notice_list(*, today: dt.date) -> QuerySet[PublicNotice]:
    """Every notice, visible without login: those in their period first, then the newest."""
    return (
        public_notices()
        .annotate(
            is_current=Case(
                When(starts_on__lte=today, ends_on__gte=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-is_current", "-starts_on", "-pk")
    )


def public_notice_detail(pk) -> PublicNotice:
    return public_notice_get(pk)


# --- Objections (province only) -----------------------------------------------------------------


def notice_for_objections(*, user, notice_id) -> PublicNotice:
    """The notice with its objection counts, for the province's handling page."""
    if not _province(user):
        raise NotFound(_("异议不存在"))
    notice = (
        public_notices()
        .annotate(
            objection_count=Count("objections"),
            pending_count=Count("objections", filter=Q(objections__status=ObjectionStatus.PENDING)),
        )
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise NotFound(_("公示不存在"))
    return notice


def notice_objections(*, user, notice: PublicNotice) -> QuerySet[Objection]:
    if not _province(user):
        raise NotFound(_("异议不存在"))
    return notice.objections.select_related("handled_by").order_by("submitted_at", "pk")


def objection_get(*, user, pk) -> Objection:
    if not _province(user):
        raise NotFound(_("异议不存在"))
    objection = (
        Objection.objects.select_related(
            "notice", "notice__application", "notice__application__city", "handled_by"
        )
        .filter(pk=pk)
        .first()
    )
    if objection is None:
        raise NotFound(_("异议不存在"))
    return objection


def objection_stamp_get(*, user, pk) -> Objection:
    """The objection whose stamped file the province may download; a 404 for anyone else."""
    objection = objection_get(user=user, pk=pk)
    if not objection.stamp:
        raise NotFound(_("该异议没有盖章文件"))
    return objection


# --- The contract ------------------------------------------------------------------------------


def contract_get(*, user, application_id) -> Contract:
    """The contract of an application, for whoever may see the application."""
    application = application_get(user=user, pk=application_id)
    contract = (
        Contract.objects.select_related("center", "signed_by")
        .prefetch_related("targets")
        .filter(application=application)
        .first()
    )
    if contract is None:
        raise NotFound(_("该申请尚未签订项目合同"))
    contract.application = application  # already loaded, with what the page shows
    return contract


def contracts_visible_to(user) -> QuerySet[Contract]:
    """Contracts of the centers the user sees, scoped like the registry (第十三条第4项)."""
    return Contract.objects.filter(center__in=centers_visible_to(user))


def contract_list(*, user) -> QuerySet[Contract]:
    return (
        contracts_visible_to(user)
        .select_related("center", "center__city", "application")
        .order_by("-signed_on", "-pk")
    )


def contract_by_id(*, user, pk) -> Contract:
    """One contract, with its targets; outside the user's scope, exactly like a missing one."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("项目合同不存在")) from None
    contract = (
        contracts_visible_to(user)
        .select_related("center", "center__city", "application", "signed_by")
        .prefetch_related("targets")
        .filter(pk=pk)
        .first()
    )
    if contract is None:
        raise NotFound(_("项目合同不存在"))
    return contract


def contract_rule_set(contract: Contract):
    """The rule-set version the decision was made under (DESIGN §3), or None if unknown."""
    from ticms.regulation.models import RuleSet

    return RuleSet.objects.filter(code=contract.rule_set_code).first()


def contract_center_visible(*, user, contract: Contract) -> bool:
    return centers_visible_to(user).filter(pk=contract.center_id).exists()
