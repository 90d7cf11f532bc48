"""Writes for the center registry: one transaction, a permission check and an audit event each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import City, Organisation, OrganisationKind, Person, Role
from ticms.accounts.selectors import city_issuing, organisations_visible_to
from ticms.accounts.services import person_upsert
from ticms.catalog.models import IndustryField
from ticms.common import messages
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels, register_object_url
from ticms.common.money import to_decimal
from ticms.common.workflow import transition_execute

from .models import (
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
from .permissions import can_edit_center, can_edit_roster, editable_fields
from .selectors import center_get, centers_visible_to
from .workflow import CENTER_WORKFLOW

UNIT_OF_KIND = messages.define("centers.unit_of_kind", gettext_lazy("%(unit)s（%(kind)s）"))
LEADERS = messages.define(
    "centers.leaders", gettext_lazy("主任：%(director)s；执行主任：%(executive)s")
)
PEOPLE_ADDED = messages.define("centers.people_added", gettext_lazy("登记 %(n)d 人"))
BY_REQUEST = messages.define("centers.by_request", gettext_lazy("依据%(request)s"))

register_object_url("centers.center", "centers:detail")
register_action_labels(
    {
        "center.register": gettext_lazy("登记"),
        "center.establish": gettext_lazy("签订合同，进入建设期"),
        "center.record_approved": gettext_lazy("录入已批准组建的中心及其合同"),
        "center.update": gettext_lazy("修改基本信息"),
        "center.co_builder_add": gettext_lazy("登记共建单位"),
        "center.leaders_appoint": gettext_lazy("聘任主任、执行主任"),
        "center.team_members_add": gettext_lazy("登记团队成员"),
        "center.governance_set": gettext_lazy("登记治理机构"),
    }
)

# 第五条: the center rests on an independent legal person that governments, parks, enterprises
# and universities build together; a government body or a park committee is a co-builder of it,
# not the host.
NOT_HOST_KINDS = (
    OrganisationKind.PROVINCE_DEPARTMENT,
    OrganisationKind.CITY_BUREAU,
    OrganisationKind.AGENCY,
    OrganisationKind.LOCAL_GOVERNMENT,
    OrganisationKind.PARK,
)


def _amount(errors: dict, field: str, value, label) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = to_decimal(value)
    except ValueError:
        errors[field] = [_("%(label)s须为数字") % {"label": label}]
        return None
    if number < 0:
        errors[field] = [_("%(label)s不能为负数") % {"label": label}]
        return None
    if number.as_tuple().exponent < -2:
        errors[field] = [_("%(label)s最多保留两位小数") % {"label": label}]
        return None
    return number


def _next_code(city: City) -> str:
    prefix = f"TIC-{city.code}-"
    last = (
        Center.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:03d}"


def center_register(
    *,
    actor,
    name: str,
    host_unit: Organisation | None,
    city: City | None,
    sub_field: IndustryField | None,
    headquarters: Center | None = None,
    research_directions: str = "",
    rd_site_area_m2=None,
    instrument_value_wan_yuan=None,
    established_on: dt.date | None = None,
) -> Center:
    """A city registers a regional center it cultivates (第六条); the province may too. A center
    enters construction only through its application and contract (第十三条第4项)."""
    if actor.role == Role.CITY:
        if city is not None and city.pk != actor.city_id:
            raise PermissionDenied(_("设区市科技局只能登记本市的技术创新中心"))
    elif actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅和设区市科技局可以登记技术创新中心"))
    return _register(
        actor=actor,
        errors={},
        facts={
            "name": name,
            "host_unit": host_unit,
            "city": city,
            "sub_field": sub_field,
            "headquarters": headquarters,
            "research_directions": research_directions,
            "rd_site_area_m2": rd_site_area_m2,
            "instrument_value_wan_yuan": instrument_value_wan_yuan,
            "established_on": established_on,
        },
        status=CenterStatus.CULTIVATING,
    )


def center_record_approved(
    *,
    actor,
    status: str,
    approval_doc_no: str,
    approved_on: dt.date | None,
    contract_no: str,
    signed_on: dt.date | None,
    construction_years: int = 5,
    targets: list[dict] | tuple = (),
    **facts,
) -> Center:
    """A center the province approved before TICMS took over, entered with its approval reply
    and its signed contract and 考核指标 targets (第十三条第4项): the record of a decision already
    made, never a way to make one — no page or API offers it (data migration and the demo).
    `targets`: rows of name, unit, target_value, target_year and optionally baseline."""
    from ticms.establishment.effects import construction_end
    from ticms.establishment.models import Contract, ContractTarget
    from ticms.regulation.eligibility import rule_set_for

    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以录入已批准组建的技术创新中心"))
    errors: dict[str, list] = {}
    if status not in (CenterStatus.CONSTRUCTING, CenterStatus.OPERATING):
        errors["status"] = [_("已批准组建的中心录入时只能是建设中或运行中")]
    if not (approval_doc_no or "").strip():
        errors["approval_doc_no"] = [_("已批准组建的中心须填写批准组建文号")]
    if approved_on is None:
        errors["approved_on"] = [_("已批准组建的中心须填写批准组建日期")]
    contract_no = (contract_no or "").strip()
    if not contract_no:
        errors["contract_no"] = [_("请填写项目合同编号")]
    elif Contract.objects.filter(number=contract_no).exists():
        errors["contract_no"] = [_("合同编号「%(no)s」已被使用") % {"no": contract_no}]
    if signed_on is None:
        errors["signed_on"] = [_("请填写合同签订日期")]
    elif approved_on is not None and signed_on < approved_on:
        errors["signed_on"] = [_("合同签订日期不能早于批准组建日期")]
    elif signed_on > timezone.localdate():
        errors["signed_on"] = [_("合同签订日期不能晚于今天")]
    if not 1 <= construction_years <= 10:
        errors["construction_years"] = [_("建设期须为1至10年")]
    with transaction.atomic():
        center = _register(
            actor=actor,
            errors=errors,
            facts=facts,
            status=status,
            approval={"approval_doc_no": approval_doc_no.strip(), "approved_on": approved_on},
        )
        ends_on = construction_end(signed_on, construction_years)
        contract = Contract.objects.create(
            center=center,
            number=contract_no,
            signed_on=signed_on,
            construction_years=construction_years,
            construction_starts_on=signed_on,
            construction_ends_on=ends_on,
            rule_set_code=rule_set_for(signed_on).code,
            signed_by=actor,
        )
        ContractTarget.objects.bulk_create(
            ContractTarget(contract=contract, center=center, order=order, **row)
            for order, row in enumerate(targets)
        )
        center.construction_starts_on, center.construction_ends_on = signed_on, ends_on
        center.save(update_fields=["construction_starts_on", "construction_ends_on"])
        audit_record(
            actor=actor,
            action="center.record_approved",
            obj=center,
            after=to_json(
                {
                    "approval_doc_no": center.approval_doc_no,
                    "approved_on": approved_on,
                    "contract_no": contract_no,
                    "signed_on": signed_on,
                    "targets": len(targets),
                }
            ),
            article="第十三条第4项",
        )
    return center


def _register(*, actor, errors: dict, facts: dict, status: str, approval=None) -> Center:
    name = (facts.get("name") or "").strip()
    host_unit, city, sub_field = facts.get("host_unit"), facts.get("city"), facts.get("sub_field")
    headquarters, established_on = facts.get("headquarters"), facts.get("established_on")
    if not name:
        errors["name"] = [_("请填写中心名称")]
    elif len(name) > 200:
        errors["name"] = [_("中心名称不能超过200个字")]
    elif Center.objects.filter(name=name).exists():
        errors["name"] = [_("已有名为「%(name)s」的技术创新中心") % {"name": name}]
    if host_unit is None:
        errors["host_unit"] = [_("请选择依托单位")]
    elif host_unit.kind in NOT_HOST_KINDS:
        errors["host_unit"] = [
            _("依托单位须为独立法人的建设运行单位，不能是%(kind)s")
            % {"kind": host_unit.get_kind_display()}
        ]
    elif not organisations_visible_to(actor).filter(pk=host_unit.pk).exists():
        errors["host_unit"] = [_("请选择本辖区已登记的依托单位")]
    if city is None:
        errors["city"] = [_("请选择所在设区市")]
    if sub_field is None or sub_field.parent_id is None:
        errors["sub_field"] = [_("请选择细分产业领域（第四条）")]
    if headquarters is not None:
        if not centers_visible_to(actor).filter(pk=headquarters.pk).exists():
            errors["headquarters"] = [_("总部不存在或不在您的管辖范围内")]
        elif headquarters.headquarters_id is not None:
            errors["headquarters"] = [_("分中心不能再设分中心：请选择总部")]
        elif headquarters.status in (CenterStatus.REMOVED, CenterStatus.REVOKED):
            errors["headquarters"] = [_("已退出序列或已撤销的中心不能作为总部")]
    if established_on is not None and established_on > timezone.localdate():
        errors["established_on"] = [_("成立日期不能晚于今天")]
    area = _amount(errors, "rd_site_area_m2", facts.get("rd_site_area_m2"), _("独立研发场地面积"))
    value = _amount(
        errors,
        "instrument_value_wan_yuan",
        facts.get("instrument_value_wan_yuan"),
        _("科研仪器设备原值"),
    )
    if errors:
        raise ValidationFailed(errors)

    with transaction.atomic():
        center = Center(
            code=_next_code(city),
            name=name,
            host_unit=host_unit,
            city=city,
            sub_field=sub_field,
            headquarters=headquarters,
            status=status,
            research_directions=(facts.get("research_directions") or "").strip(),
            rd_site_area_m2=area,
            instrument_value_wan_yuan=value,
            established_on=established_on,
            **(approval or {}),
        )
        try:
            with transaction.atomic():
                center.save()
        except IntegrityError as exc:
            raise ValidationFailed({"name": [_("登记冲突，请重试")]}) from exc
        audit_record(
            actor=actor,
            action="center.register",
            obj=center,
            after=to_json(
                {
                    "code": center.code,
                    "name": name,
                    "status": status,
                    "city": city.code,
                    "host_unit": host_unit.uscc,
                    "sub_field": sub_field.code,
                    "headquarters": headquarters.code if headquarters else None,
                }
            ),
            article="第六条" if status == CenterStatus.CULTIVATING else "第十三条第4项",
        )
    return center


EDITABLE = {
    "research_directions": gettext_lazy("重点技术领域和研发方向"),
    "rd_site_area_m2": gettext_lazy("独立研发场地面积"),
    "instrument_value_wan_yuan": gettext_lazy("科研仪器设备原值"),
    "established_on": gettext_lazy("成立日期"),
    "executive_director_full_time": gettext_lazy("执行主任全职"),
}


def center_update(*, actor, center_id: int, changes: dict) -> Center:
    """Descriptive facts only; director, host and co-builder changes are major matters
    (第二十三条)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed({k: [_("该字段不能在此修改")] for k in sorted(unknown)})
    with transaction.atomic():
        center = center_get(user=actor, pk=center_id)
        center = Center.objects.select_for_update().get(pk=center.pk)
        if not can_edit_center(actor, center):
            raise PermissionDenied(_("您无权修改该中心的信息"))
        if center.status in (CenterStatus.REMOVED, CenterStatus.REVOKED):
            raise PermissionDenied(_("已退出序列或已撤销的中心不能修改"))
        allowed = editable_fields(actor, center)
        errors: dict[str, list] = {
            field: [_("批准组建后，该项须通过年度报告或重大事项变更申请更新（第二十二、二十三条）")]
            for field in changes
            if field not in allowed
        }
        cleaned = {}
        for field, value in changes.items():
            if field not in allowed:
                continue
            if field in ("rd_site_area_m2", "instrument_value_wan_yuan"):
                cleaned[field] = _amount(errors, field, value, EDITABLE[field])
            elif field == "research_directions":
                cleaned[field] = (value or "").strip()
                if len(cleaned[field]) > 5000:
                    errors[field] = [_("不能超过5000字")]
            elif field == "established_on":
                cleaned[field] = value
                if value is not None and value > timezone.localdate():
                    errors[field] = [_("成立日期不能晚于今天")]
            else:
                cleaned[field] = bool(value)
        if errors:
            raise ValidationFailed(errors)
        before = {f: getattr(center, f) for f in cleaned}
        for field, value in cleaned.items():
            setattr(center, field, value)
        center.save()
        changed = {f for f in cleaned if before[f] != cleaned[f]}
        if changed:
            audit_record(
                actor=actor,
                action="center.update",
                obj=center,
                before={f: before[f] for f in changed},
                after={f: cleaned[f] for f in changed},
            )
    return center


def center_transition(
    *, actor, center_id: int, action: str, params: dict | None = None, comment: str = ""
) -> Center:
    center = center_get(user=actor, pk=center_id)
    return transition_execute(
        actor=actor,
        workflow=CENTER_WORKFLOW,
        obj=center,
        action=action,
        params=params,
        comment=comment,
    )


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
