"""Guides (第十一条、第十三条第1项): drafted, published and closed by the province."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from ticms.accounts.models import City, Role
from ticms.catalog.models import IndustryField
from ticms.common.audit import audit_record, to_json
from ticms.common.exceptions import Conflict, NotFound, PermissionDenied, ValidationFailed
from ticms.common.money import fmt_number
from ticms.common.workflow import transition_execute

from ..models import (
    Guide,
    GuideCriterion,
    GuideQuota,
    GuideStatus,
    MaterialKind,
)
from ..selectors import guide_get
from ..workflow import GUIDE_WORKFLOW


def _require_province(actor) -> None:
    if actor.role != Role.PROVINCE:
        raise PermissionDenied(_("只有省科技厅可以编制和发布申报指南"))


# --- Guides ---------------------------------------------------------------------------------


def _guide_errors(
    *,
    year,
    title,
    opens_on,
    closes_on,
    city_review_ends_on,
    required_materials,
    notice_workdays,
    criteria,
    quotas,
) -> dict:
    errors: dict[str, list] = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写指南名称")]
    elif len(title.strip()) > 200:
        errors["title"] = [_("指南名称不能超过200个字")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("年度须为2000至2100之间的四位数字")]
    if opens_on is None:
        errors["opens_on"] = [_("请填写申报开始日期")]
    if closes_on is None:
        errors["closes_on"] = [_("请填写申报截止日期")]
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = [_("申报截止日期不能早于开始日期")]
    if city_review_ends_on and closes_on and city_review_ends_on < closes_on:
        errors["city_review_ends_on"] = [_("设区市推荐截止日期不能早于申报截止日期")]
    unknown = [m for m in required_materials if m not in MaterialKind.values]
    if unknown:
        errors["required_materials"] = [
            _("未知的材料类型：%(kinds)s") % {"kinds": ", ".join(unknown)}
        ]
    if not isinstance(notice_workdays, int) or not 5 <= notice_workdays <= 30:
        errors["notice_workdays"] = [_("公示期须为5至30个工作日")]
    total = Decimal(0)
    for index, row in enumerate(criteria):
        name = (row.get("name") or "").strip()
        if not name or len(name) > 100:
            errors.setdefault(f"criteria[{index}].name", []).append(
                _("请填写评审指标名称（100字以内）")
            )
        weight = row.get("weight")
        if not isinstance(weight, Decimal) or not Decimal(0) < weight <= Decimal(100):
            errors.setdefault(f"criteria[{index}].weight", []).append(
                _("权重须为大于0且不超过100的数字")
            )
        elif weight.as_tuple().exponent < -2:
            errors.setdefault(f"criteria[{index}].weight", []).append(_("权重最多保留2位小数"))
        else:
            total += weight
    if criteria and total != 100 and not any(k.startswith("criteria") for k in errors):
        errors["criteria"] = [
            _("评审指标的权重合计须为100，当前为 %(total)s") % {"total": fmt_number(total)}
        ]
    for city, quota in quotas.items():
        if not isinstance(quota, int) or not 0 <= quota <= 100:
            errors.setdefault("quotas", []).append(
                _("%(city)s的推荐名额须为0至100之间的整数") % {"city": city}
            )
    return errors


def _same_guide_error(errors: dict, *, year, title, exclude_pk=None) -> None:
    """Two guides of one year with one title read as one to the applicants."""
    if "title" in errors or "year" in errors:
        return
    same = Guide.objects.filter(year=year, title=(title or "").strip())
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        errors["title"] = [
            _("%(year)d年度已有名为「%(title)s」的指南") % {"year": year, "title": title}
        ]


def _guide_save(guide: Guide, *, priority_fields, criteria, quotas, **fields) -> None:
    for name, value in fields.items():
        setattr(guide, name, value)
    guide.title = guide.title.strip()
    guide.save()
    guide.priority_fields.set(priority_fields)
    guide.criteria.all().delete()
    GuideCriterion.objects.bulk_create(
        [
            GuideCriterion(
                guide=guide,
                name=row["name"].strip(),
                description=(row.get("description") or "").strip()[:500],
                weight=row["weight"],
                order=index,
            )
            for index, row in enumerate(criteria)
        ]
    )
    guide.quotas.all().delete()
    GuideQuota.objects.bulk_create(
        [GuideQuota(guide=guide, city=city, quota=quota) for city, quota in quotas.items()]
    )


def _guide_audit(guide: Guide) -> dict:
    return to_json(
        {
            "year": guide.year,
            "title": guide.title,
            "opens_on": guide.opens_on,
            "closes_on": guide.closes_on,
            "city_review_ends_on": guide.city_review_ends_on,
            "priority_fields": sorted(guide.priority_fields.values_list("code", flat=True)),
            "required_materials": guide.required_materials,
            "notice_workdays": guide.notice_workdays,
            "criteria": [
                {"name": c.name, "weight": c.weight} for c in guide.criteria.order_by("order")
            ],
            "quotas": {q.city.code: q.quota for q in guide.quotas.select_related("city")},
        }
    )


def guide_create(
    *,
    actor,
    year: int,
    title: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    city_review_ends_on: dt.date | None = None,
    priority_fields: list[IndustryField] = (),
    required_materials: list[str] = (),
    requirements: str = "",
    notice_workdays: int = 5,
    criteria: list[dict] = (),
    quotas: dict[City, int] | None = None,
) -> Guide:
    """Draft a yearly guide (第十三条第1项): priority fields, the window, materials, the expert
    score sheet and, optionally, a recommendation quota per city (少而精, 第十一条)."""
    _require_province(actor)
    quotas = quotas or {}
    errors = _guide_errors(
        year=year, title=title, opens_on=opens_on, closes_on=closes_on,
        city_review_ends_on=city_review_ends_on, required_materials=list(required_materials),
        notice_workdays=notice_workdays, criteria=list(criteria), quotas=quotas,
    )  # fmt: skip
    _same_guide_error(errors, year=year, title=title)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        guide = Guide()
        _guide_save(
            guide,
            priority_fields=list(priority_fields),
            criteria=list(criteria),
            quotas=quotas,
            year=year,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            city_review_ends_on=city_review_ends_on,
            required_materials=list(dict.fromkeys(required_materials)),
            requirements=(requirements or "").strip(),
            notice_workdays=notice_workdays,
        )
        audit_record(
            actor=actor,
            action="guide.create",
            obj=guide,
            after=_guide_audit(guide),
            article="第十三条第1项",
        )
    return guide


def guide_update(*, actor, guide_id: int, **fields) -> Guide:
    """Only a draft guide changes: once published, units apply against what it says."""
    _require_province(actor)
    with transaction.atomic():
        guide = Guide.objects.select_for_update().filter(pk=guide_id).first()
        if guide is None:
            raise NotFound(_("指南不存在"))
        if guide.status != GuideStatus.DRAFT:
            raise Conflict(_("指南已发布，不能再修改"))
        before = _guide_audit(guide)
        values = {
            "year": guide.year,
            "title": guide.title,
            "opens_on": guide.opens_on,
            "closes_on": guide.closes_on,
            "city_review_ends_on": guide.city_review_ends_on,
            "required_materials": guide.required_materials,
            "requirements": guide.requirements,
            "notice_workdays": guide.notice_workdays,
            "priority_fields": list(guide.priority_fields.all()),
            "criteria": [
                {"name": c.name, "description": c.description, "weight": c.weight}
                for c in guide.criteria.all()
            ],
            "quotas": {q.city: q.quota for q in guide.quotas.select_related("city")},
        }
        unknown = set(fields) - set(values)
        if unknown:
            raise ValidationFailed({k: [_("未知字段")] for k in sorted(unknown)})
        values.update(fields)
        errors = _guide_errors(
            year=values["year"], title=values["title"], opens_on=values["opens_on"],
            closes_on=values["closes_on"], city_review_ends_on=values["city_review_ends_on"],
            required_materials=list(values["required_materials"]),
            notice_workdays=values["notice_workdays"], criteria=list(values["criteria"]),
            quotas=values["quotas"],
        )  # fmt: skip
        _same_guide_error(errors, year=values["year"], title=values["title"], exclude_pk=guide.pk)
        if errors:
            raise ValidationFailed(errors)
        values["required_materials"] = list(dict.fromkeys(values["required_materials"]))
        values["requirements"] = (values["requirements"] or "").strip()
        _guide_save(guide, **values)
        after = _guide_audit(guide)
        changed = [k for k in after if after[k] != before.get(k)]
        audit_record(
            actor=actor,
            action="guide.update",
            obj=guide,
            before={k: before.get(k) for k in changed},
            after={k: after[k] for k in changed},
            article="第十三条第1项",
        )
    return guide


def guide_transition(*, actor, guide_id: int, action: str, params=None, comment: str = "") -> Guide:
    guide = guide_get(user=actor, pk=guide_id)
    return transition_execute(
        actor=actor,
        workflow=GUIDE_WORKFLOW,
        obj=guide,
        action=action,
        params=params,
        comment=comment,
    )
