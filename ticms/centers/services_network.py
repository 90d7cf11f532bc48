"""Writes for the center network: the industrial technology innovation alliance (第十九条).

Each service is one transaction with a permission check and an audit event, like services.py;
kept apart so that the registry's services module does not grow past its size."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts import uscc as uscc_codes
from ticms.accounts.models import Organisation
from ticms.accounts.selectors import city_issuing
from ticms.common import messages
from ticms.common.audit import audit_record
from ticms.common.exceptions import NotFound, PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels

from .models import AllianceMember, Center, CenterStatus, CoBuilderKind
from .network import member_kind_label
from .permissions import can_maintain_alliance
from .selectors import center_get
from .services import CO_BUILDER_ORGANISATION_KIND, UNIT_OF_KIND

register_action_labels(
    {
        "center.alliance_member_add": gettext_lazy("登记产业技术创新联盟成员"),
        "center.alliance_member_remove": gettext_lazy("移除产业技术创新联盟成员"),
    }
)

NAME_MAX, NOTE_MAX = 200, 300


def alliance_refusal(actor, center: Center) -> str | None:
    """Why `actor` may not change the alliance of `center` (None: they may); pages use it to
    refuse before showing a form."""
    if center.status in (CenterStatus.REMOVED, CenterStatus.REVOKED):
        return _("已退出序列或已撤销的中心不能修改")
    if not can_maintain_alliance(actor, center):
        return _("只有本中心（依托单位）人员和省科技厅可以维护产业技术创新联盟成员")
    return None


def _locked_for_alliance(actor, center_id) -> Center:
    """Inside the caller's transaction: the center in the actor's scope (else 404), locked."""
    center = center_get(user=actor, pk=center_id)
    center = Center.objects.select_for_update().get(pk=center.pk)
    if refusal := alliance_refusal(actor, center):
        raise PermissionDenied(refusal)
    return center


def _organisation_for(actor, *, code: str, name: str, kind: str) -> Organisation:
    """Fill once (一数一源): an organisation already registered under this code is reused with
    its registered name; otherwise it is registered here, as the contract path does for
    co-builders (services.center_establish)."""
    organisation = Organisation.objects.filter(uscc=code).first()
    if organisation is not None:
        return organisation
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name,
                uscc=code,
                kind=CO_BUILDER_ORGANISATION_KIND[kind],
                city=city_issuing(code),
            )
    except IntegrityError:  # registered concurrently under the same code
        return Organisation.objects.get(uscc=code)
    audit_record(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        article="第十九条",
        after={
            "name": organisation.name,
            "uscc": organisation.uscc,
            "kind": organisation.kind,
            "city": organisation.city.code if organisation.city else None,
        },
    )
    return organisation


def alliance_member_add(
    *,
    actor,
    center_id,
    uscc: str,
    name: str,
    kind: str,
    joined_on: dt.date | None = None,
    note: str = "",
) -> AllianceMember:
    """Add an organisation (found or registered by its USCC) to the center's alliance."""
    errors: dict[str, list] = {}
    code = uscc_codes.normalize(uscc or "")
    if not code:
        errors["uscc"] = [_("请填写统一社会信用代码")]
    elif message := uscc_codes.problem(code):
        errors["uscc"] = [message]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写单位名称")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("单位名称不能超过%(n)d个字") % {"n": NAME_MAX}]
    if kind not in CoBuilderKind.values:
        errors["kind"] = [_("请选择成员类型")]
    if joined_on is not None and joined_on > timezone.localdate():
        errors["joined_on"] = [_("加入日期不能晚于今天")]
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [_("合作内容不能超过%(n)d个字") % {"n": NOTE_MAX}]

    with transaction.atomic():
        # Scope and permission before the input errors: a stranger learns nothing either way.
        center = _locked_for_alliance(actor, center_id)
        if errors:
            raise ValidationFailed(errors)
        if code == center.host_unit.uscc:
            raise ValidationFailed({"uscc": [_("依托单位本身不作为联盟成员登记")]})
        existing = Organisation.objects.filter(uscc=code).first()
        if existing is not None:
            if center.co_builders.filter(organisation=existing).exists():
                raise ValidationFailed(
                    {
                        "uscc": [
                            _("「%(org)s」已是该中心的共建单位，无需再登记为联盟成员")
                            % {"org": existing.name}
                        ]
                    }
                )
            if center.alliance_members.filter(organisation=existing).exists():
                raise ValidationFailed(
                    {"uscc": [_("「%(org)s」已是该中心的联盟成员") % {"org": existing.name}]}
                )
        organisation = _organisation_for(actor, code=code, name=name, kind=kind)
        try:
            with transaction.atomic():
                member = AllianceMember.objects.create(
                    center=center,
                    organisation=organisation,
                    kind=kind,
                    joined_on=joined_on,
                    note=note,
                )
        except IntegrityError as exc:  # the same member added concurrently
            raise ValidationFailed(
                {"uscc": [_("「%(org)s」已是该中心的联盟成员") % {"org": organisation.name}]}
            ) from exc
        audit_record(
            actor=actor,
            action="center.alliance_member_add",
            obj=center,
            article="第十九条",
            note=messages.msg(
                UNIT_OF_KIND, unit=organisation.name, kind=messages.text(member_kind_label(kind))
            ),
            after={
                "organisation": organisation.uscc,
                "kind": kind,
                "joined_on": joined_on,
                "note": note,
            },
        )
    return member


def alliance_member_remove(*, actor, center_id, member_id) -> None:
    with transaction.atomic():
        center = _locked_for_alliance(actor, center_id)
        try:
            member_id = int(member_id)
        except (TypeError, ValueError):
            raise NotFound() from None
        member = center.alliance_members.select_related("organisation").filter(pk=member_id).first()
        if member is None:
            raise NotFound()
        before = {
            "organisation": member.organisation.uscc,
            "kind": member.kind,
            "joined_on": member.joined_on,
            "note": member.note,
        }
        member.delete()
        audit_record(
            actor=actor,
            action="center.alliance_member_remove",
            obj=center,
            article="第十九条",
            note=messages.msg(messages.LEGACY, text=member.organisation.name),
            before=before,
        )
