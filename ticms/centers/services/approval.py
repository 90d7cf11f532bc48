"""A center enters the programme by its contract (第十三条第4项): created, or promoted from
cultivating (第六条); and approved change requests take effect on its record (第二十三条)."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Organisation, OrganisationKind, Person, Role
from ticms.accounts.selectors import city_issuing
from ticms.common import messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels

from ..models import (
    Center,
    CenterCoBuilder,
    CenterStatus,
)
from .registry import _next_code
from .rosters import CO_BUILDER_ORGANISATION_KIND, _rosters_merge

BY_REQUEST = messages.define("centers.by_request", gettext_lazy("依据%(request)s"))


def center_establish(
    *,
    actor,
    facts: dict,
    co_builders: list[dict],
    team: list[dict],
    audit_after: dict,
) -> Center:
    """Enter a center approved through the establishment path (第十三条第4项) into the
    registry in its construction period, with what the application already holds (fill once):
    `facts` are Center fields; `co_builders` rows of name, uscc, kind, duties; `team` rows of
    person, team, position, full_time, is_rd_staff. Called inside the contract transaction."""
    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以批准组建技术创新中心"))
    name = facts["name"]
    if Center.objects.filter(name=name).exists():
        raise ValidationFailed({"name": [_("已有名为「%(name)s」的技术创新中心") % {"name": name}]})
    center = Center.objects.create(
        code=_next_code(facts["city"]), status=CenterStatus.CONSTRUCTING, **facts
    )
    _rosters_merge(actor, center, co_builders, team)
    audit_record(
        actor=actor,
        action="center.establish",
        obj=center,
        after=to_json({"code": center.code, "name": name, **audit_after}),
        article="第十三条第4项",
    )
    return center


PROMOTED_FIELDS = (
    "name",
    "sub_field",
    "director",
    "executive_director",
    "executive_director_full_time",
    "rd_site_area_m2",
    "instrument_value_wan_yuan",
    "research_directions",
    "approval_doc_no",
    "approved_on",
)


def center_promote(
    *, actor, center: Center, facts: dict, co_builders: list[dict], team: list[dict]
) -> Center:
    """A cultivating regional center (第六条, 以建促创) whose application was approved takes the
    approved plan's facts and rosters, keeping its record and history; the contract then moves
    it into construction (CENTER_WORKFLOW `enter_construction`). Inside the contract's
    transaction."""
    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以批准组建技术创新中心"))
    center = Center.objects.select_for_update().get(pk=center.pk)
    if center.status != CenterStatus.CULTIVATING:
        raise ValidationFailed(
            {"center": [_("只有培育中的中心可以经申报晋级为省技术创新中心（第六条）")]}
        )
    name = facts["name"]
    if Center.objects.filter(name=name).exclude(pk=center.pk).exists():
        raise ValidationFailed({"name": [_("已有名为「%(name)s」的技术创新中心") % {"name": name}]})
    before, after = {}, {}
    for field in PROMOTED_FIELDS:
        value = facts.get(field)
        attname = center._meta.get_field(field).attname
        new = value.pk if isinstance(value, models.Model) else value
        if getattr(center, attname) != new:
            before[field], after[field] = getattr(center, attname), new
            setattr(center, attname, new)
    center.save()
    _rosters_merge(actor, center, co_builders, team)
    audit_record(
        actor=actor,
        action="center.promote",
        obj=center,
        before=to_json(before),
        after=to_json(after),
        article="第六条",
    )
    return center


register_action_labels({"center.change_apply": gettext_lazy("重大事项变更生效")})
CHANGEABLE = (
    "director",
    "executive_director",
    "executive_director_full_time",
    "research_directions",
    "development_goals",
    "organisation_structure",
)


def center_apply_change(*, actor, center: Center, changes: dict, change_request) -> Center:
    """A change request the province approved (第七条第2项、第二十三条) takes effect: the leaders,
    the co-builders (`co_builders_add` rows of uscc, name, kind, duties and
    agreement_signed_on, a date or YYYY-MM-DD; `co_builders_remove` USCCs) or the texts of
    第八条第3项. Runs inside the approval's transaction."""
    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以批准重大事项变更"))
    unknown = set(changes) - {*CHANGEABLE, "host_unit", "co_builders_add", "co_builders_remove"}
    if unknown:
        raise ValidationFailed({k: [_("该字段不能通过变更申请修改")] for k in sorted(unknown)})
    with transaction.atomic():
        center = Center.objects.select_for_update().get(pk=center.pk)
        before, after = {}, {}
        for field in CHANGEABLE:
            if field not in changes:
                continue
            value = changes[field]
            old = getattr(center, f"{field}_id" if field.endswith("director") else field)
            new = value.pk if isinstance(value, Person) else value
            before[field], after[field] = old, new
            setattr(center, field, value)
        if "host_unit" in changes:
            # 建设单位调整: the center's staff become the new host unit's (第九条).
            row = changes["host_unit"]
            organisation = Organisation.objects.filter(uscc=row["uscc"]).first()
            if organisation is None:
                organisation = Organisation.objects.create(
                    name=row["name"],
                    uscc=row["uscc"],
                    kind=OrganisationKind.OTHER,
                    city=city_issuing(row["uscc"]),
                )
                audit_record(
                    actor=actor,
                    action="organisation.create",
                    obj=organisation,
                    after={"name": organisation.name, "uscc": organisation.uscc},
                    article="第二十三条",
                )
            before["host_unit"], after["host_unit"] = center.host_unit.uscc, organisation.uscc
            center.host_unit = organisation
        center.save()
        removed = list(changes.get("co_builders_remove", []))
        if removed:
            center.co_builders.filter(organisation__uscc__in=removed).delete()
            before["co_builders_removed"] = removed
        added = []
        for row in changes.get("co_builders_add", []):
            organisation = Organisation.objects.filter(uscc=row["uscc"]).first()
            if organisation is None:
                organisation = Organisation.objects.create(
                    name=row["name"],
                    uscc=row["uscc"],
                    kind=CO_BUILDER_ORGANISATION_KIND.get(row["kind"], OrganisationKind.OTHER),
                    city=city_issuing(row["uscc"]),
                )
                audit_record(
                    actor=actor,
                    action="organisation.create",
                    obj=organisation,
                    after={
                        "name": organisation.name,
                        "uscc": organisation.uscc,
                        "kind": organisation.kind,
                    },
                )
            # 第十二条第1项: the co-building agreement the change request recorded.
            signed = row.get("agreement_signed_on") or None
            if isinstance(signed, str):
                signed = dt.date.fromisoformat(signed)
            CenterCoBuilder.objects.create(
                center=center,
                organisation=organisation,
                kind=row["kind"],
                duties=row["duties"],
                agreement_signed_on=signed,
            )
            added.append(row["uscc"])
        if added:
            after["co_builders_added"] = added
        if not center.co_builders.exists():
            # 第十二条第1项: a center is co-built; the last co-builder cannot leave.
            raise ValidationFailed(
                {"co_builders": [_("调整后至少保留一家共建单位（第十二条第1项）")]}
            )
        audit_record(
            actor=actor,
            action="center.change_apply",
            obj=center,
            before=to_json(before),
            after=to_json(after),
            article="第二十三条",
            note=messages.msg(BY_REQUEST, request=messages.ref(change_request)),
        )
    return center
