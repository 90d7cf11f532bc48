"""The registry of centers: register a cultivating center (第六条), record one approved before
TICMS with its contract, descriptive edits and lifecycle transitions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ticms.accounts.models import City, Organisation, OrganisationKind, Role
from ticms.accounts.selectors import organisations_visible_to
from ticms.catalog.models import IndustryField
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import PermissionDenied, ValidationFailed
from ticms.common.labels import register_action_labels, register_object_url
from ticms.common.money import to_decimal
from ticms.common.workflow import transition_execute

from ..models import (
    Center,
    CenterStatus,
)
from ..permissions import can_edit_center, editable_fields
from ..selectors import center_get, centers_visible_to
from ..workflow import CENTER_WORKFLOW

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
