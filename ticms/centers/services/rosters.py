"""Co-builders (第十条), leaders (第十五条), team (第十二条第4项), governance (第十四至十七条)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import Organisation, OrganisationKind, Person
from ticms.accounts.services import person_upsert
from ticms.common import messages
from ticms.common.audit import audit_record
from ticms.common.exceptions import PermissionDenied, ValidationFailed

from ..models import (
    Center,
    CenterCoBuilder,
    CenterStatus,
    CoBuilderKind,
    GovernanceBody,
    GovernanceKind,
    GovernanceMember,
    TeamMember,
    TeamType,
)
from ..permissions import can_edit_center, can_edit_roster
from ..selectors import center_get

UNIT_OF_KIND = messages.define("centers.unit_of_kind", gettext_lazy("%(unit)s（%(kind)s）"))
LEADERS = messages.define(
    "centers.leaders", gettext_lazy("主任：%(director)s；执行主任：%(executive)s")
)
PEOPLE_ADDED = messages.define("centers.people_added", gettext_lazy("登记 %(n)d 人"))


def _locked_for_roster(actor, center: Center) -> Center:
    center = _locked_for_edit(actor, center)
    if not can_edit_roster(actor, center):
        raise PermissionDenied(
            _("批准组建后，共建单位、负责人和团队的调整须提出重大事项变更申请（第二十三条）")
        )
    return center


def _prefixed(exc: ValidationFailed, prefix: str) -> dict:
    return {f"{prefix}{field}": messages for field, messages in exc.errors.items()}


def leaders_register(
    *, actor, center: Center, director: dict, executive_director: dict, executive_full_time: bool
) -> Center:
    """The board appoints the director and the full-time executive director (第十四、十五条);
    each person is found by ID number or registered once (一数一源)."""
    with transaction.atomic():
        center = _locked_for_roster(actor, center)
        errors: dict[str, list] = {}
        people = {}
        for prefix, data in (("director_", director), ("executive_", executive_director)):
            if not data.get("id_number"):
                errors[f"{prefix}id_number"] = [
                    _("请填写证件号码，用于第十二条第4项的重复支持比对")
                ]
                continue
            try:
                people[prefix] = person_upsert(actor=actor, employer=center.host_unit, **data)
            except ValidationFailed as exc:
                errors.update(_prefixed(exc, prefix))
        if errors:
            raise ValidationFailed(errors)
        return leaders_appoint(
            actor=actor,
            center=center,
            director=people["director_"],
            executive_director=people["executive_"],
            executive_full_time=executive_full_time,
        )


def team_member_register(*, actor, center: Center, person: dict, membership: dict) -> int:
    """One person onto the roster: found by ID number or registered, then added to a team."""
    with transaction.atomic():
        center = _locked_for_roster(actor, center)
        member = person_upsert(actor=actor, employer=center.host_unit, **person)
        try:
            return team_members_add(
                actor=actor, center=center, members=[{"person": member, **membership}]
            )
        except ValidationFailed as exc:
            # members[0].person -> person: the form has one person, not a list.
            raise ValidationFailed(
                {field.split(".", 1)[-1]: messages for field, messages in exc.errors.items()}
            ) from exc


def _locked_for_edit(actor, center: Center) -> Center:
    """Inside the caller's transaction: re-read the center within the actor's scope (else 404),
    lock its row, and refuse users who may not edit it or centers that left the programme."""
    center = center_get(user=actor, pk=center.pk)
    center = Center.objects.select_for_update().get(pk=center.pk)
    if not can_edit_center(actor, center):
        raise PermissionDenied(_("您无权修改该中心的信息"))
    if center.status in (CenterStatus.REMOVED, CenterStatus.REVOKED):
        raise PermissionDenied(_("已退出序列或已撤销的中心不能修改"))
    return center


def co_builder_add(
    *,
    actor,
    center: Center,
    organisation: Organisation,
    kind: str,
    duties: str = "",
    agreement_signed_on: dt.date | None = None,
) -> CenterCoBuilder:
    with transaction.atomic():
        center = _locked_for_roster(actor, center)
        errors = {}
        if kind not in CoBuilderKind.values:
            errors["kind"] = [_("请选择共建单位类型")]
        if agreement_signed_on is not None and agreement_signed_on > timezone.localdate():
            errors["agreement_signed_on"] = [_("共建协议签署日期不能晚于今天")]
        if organisation.pk == center.host_unit_id:
            errors["organisation"] = [_("依托单位本身不作为共建单位登记")]
        elif center.co_builders.filter(organisation=organisation).exists():
            errors["organisation"] = [_("「%(org)s」已是该中心的共建单位") % {"org": organisation}]
        if errors:
            raise ValidationFailed(errors)
        item = CenterCoBuilder.objects.create(
            center=center,
            organisation=organisation,
            kind=kind,
            duties=(duties or "").strip(),
            agreement_signed_on=agreement_signed_on,
        )
        audit_record(
            actor=actor,
            action="center.co_builder_add",
            note=messages.msg(
                UNIT_OF_KIND,
                unit=organisation.name,
                kind=messages.text(CoBuilderKind(kind).label),
            ),
            obj=center,
            article="第十条",
            after={
                "organisation": organisation.uscc,
                "kind": kind,
                "agreement_signed_on": agreement_signed_on,
            },
        )
    return item


def leaders_appoint(
    *,
    actor,
    center: Center,
    director: Person | None,
    executive_director: Person | None,
    executive_full_time: bool,
) -> Center:
    """Initial appointment by the board (第十四、十五条); later changes are change requests."""
    with transaction.atomic():
        center = _locked_for_edit(actor, center)
        if center.status != CenterStatus.CULTIVATING and center.director_id is not None:
            raise PermissionDenied(_("主任变更须提出重大事项变更申请（第二十三条）"))
        before = {
            "director": center.director_id,
            "executive_director": center.executive_director_id,
            "executive_director_full_time": center.executive_director_full_time,
        }
        center.director = director
        center.executive_director = executive_director
        center.executive_director_full_time = executive_full_time
        center.save(
            update_fields=[
                "director",
                "executive_director",
                "executive_director_full_time",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action="center.leaders_appoint",
            note=messages.msg(
                LEADERS,
                director=str(director or "—"),
                executive=str(executive_director or "—"),
            ),
            obj=center,
            article="第十五条",
            before=before,
            after={
                "director": center.director_id,
                "executive_director": center.executive_director_id,
                "executive_director_full_time": executive_full_time,
            },
        )
    return center


def team_members_add(*, actor, center: Center, members: list[dict]) -> int:
    """Add people to the roster in one audited batch: [{person, team, full_time, is_rd_staff}]."""
    with transaction.atomic():
        center = _locked_for_edit(actor, center)
        errors: dict[str, list] = {}
        existing = set(center.team_members.values_list("person_id", flat=True))
        rows = []
        for index, m in enumerate(members):
            if m.get("team") not in TeamType.values:
                errors[f"members[{index}].team"] = [_("请选择所属团队")]
            elif m["person"].pk in existing:
                errors[f"members[{index}].person"] = [
                    _("「%(name)s」已在团队名单中") % {"name": m["person"].name}
                ]
            else:
                existing.add(m["person"].pk)
                rows.append(
                    TeamMember(
                        center=center,
                        person=m["person"],
                        team=m["team"],
                        full_time=bool(m.get("full_time", True)),
                        is_rd_staff=bool(m.get("is_rd_staff", True)),
                        position=m.get("position", ""),
                        joined_on=m.get("joined_on"),
                    )
                )
        if errors:
            raise ValidationFailed(errors)
        TeamMember.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="center.team_members_add",
            note=messages.msg(PEOPLE_ADDED, n=len(rows)),
            obj=center,
            article="第十二条第4项",
            after={"added": len(rows), "people": [r.person_id for r in rows]},
        )
    return len(rows)


def governance_body_set(
    *,
    actor,
    center: Center,
    kind: str,
    name: str,
    established_on: dt.date | None = None,
    members: list[dict] | None = None,
) -> GovernanceBody:
    """Record the board, expert committee or party organisation with its members."""
    errors = {}
    if kind not in GovernanceKind.values:
        errors["kind"] = [_("请选择机构类型")]
    if not (name or "").strip():
        errors["name"] = [_("请填写机构名称")]
    if errors:  # every problem at once
        raise ValidationFailed(errors)
    with transaction.atomic():
        center = _locked_for_edit(actor, center)
        body, _created = GovernanceBody.objects.update_or_create(
            center=center,
            kind=kind,
            defaults={"name": name.strip(), "established_on": established_on},
        )
        if members is not None:
            body.members.all().delete()
            GovernanceMember.objects.bulk_create(
                GovernanceMember(
                    body=body,
                    person=m.get("person"),
                    organisation=m.get("organisation"),
                    position=m["position"],
                )
                for m in members
            )
        audit_record(
            actor=actor,
            action="center.governance_set",
            note=messages.msg(messages.LEGACY, text=body.name),
            obj=center,
            article=body.article,
            after={
                "kind": kind,
                "name": body.name,
                "established_on": established_on,
                "members": len(members or []),
            },
        )
    return body


CO_BUILDER_ORGANISATION_KIND = {
    CoBuilderKind.LOCAL_GOVERNMENT: OrganisationKind.LOCAL_GOVERNMENT,
    CoBuilderKind.PARK: OrganisationKind.PARK,
    CoBuilderKind.ENTERPRISE: OrganisationKind.ENTERPRISE,
    CoBuilderKind.UNIVERSITY: OrganisationKind.UNIVERSITY,
    CoBuilderKind.RESEARCH_INSTITUTE: OrganisationKind.RESEARCH_INSTITUTE,
    CoBuilderKind.OTHER: OrganisationKind.OTHER,
}


def _co_builder_organisation(actor, row: dict) -> Organisation:
    """The co-builder by its USCC (一数一源), registered on first sight."""
    organisation = Organisation.objects.filter(uscc=row["uscc"]).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=row["name"],
            uscc=row["uscc"],
            kind=CO_BUILDER_ORGANISATION_KIND.get(row["kind"], OrganisationKind.OTHER),
        )
        audit_record(
            actor=actor,
            action="organisation.create",
            obj=organisation,
            after={"name": organisation.name, "uscc": organisation.uscc, "kind": organisation.kind},
        )
    return organisation


def _rosters_merge(actor, center: Center, co_builders: list[dict], team: list[dict]) -> None:
    """The approved plan's co-builders and team join the center's; people and units already on
    it keep their rows, updated to what the plan states."""
    for row in co_builders:
        CenterCoBuilder.objects.update_or_create(
            center=center,
            organisation=_co_builder_organisation(actor, row),
            defaults={"kind": row["kind"], "duties": row["duties"]},
        )
    fields = ("team", "position", "full_time", "is_rd_staff")
    existing = {m.person_id: m for m in center.team_members.all()}
    new = []
    for row in team:
        member = existing.get(row["person"].pk) or TeamMember(center=center, person=row["person"])
        for field in fields:
            setattr(member, field, row[field])
        if member.pk is None:
            new.append(member)
    TeamMember.objects.bulk_create(new)
    TeamMember.objects.bulk_update(
        [m for m in existing.values() if m.pk is not None], fields, batch_size=500
    )
