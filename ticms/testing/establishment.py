"""Builders for establishment tests: a published guide and a complete, eligible application,
made through the services (so they are what a user could have made)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from ticms.accounts.models import Organisation
from ticms.establishment import services
from ticms.establishment.models import Application, Guide

from . import factories as f

_serial = itertools.count(1)

PLAN = "围绕细分产业领域开展关键共性技术攻关，建设开放共享的研发与转化平台，形成协同创新网络。"


def published_guide(
    *, province=None, quotas=None, materials=("co_building_agreement",), **kw
) -> Guide:
    province = province or f.province_user()
    today = timezone.localdate()
    guide = services.guide_create(
        actor=province,
        year=kw.pop("year", today.year),
        title=kw.pop(
            "title", f"{today.year}年度江苏省技术创新中心建设申报指南（第{next(_serial)}批）"
        ),
        opens_on=kw.pop("opens_on", today - dt.timedelta(days=10)),
        closes_on=kw.pop("closes_on", today + dt.timedelta(days=30)),
        city_review_ends_on=kw.pop("city_review_ends_on", today + dt.timedelta(days=45)),
        priority_fields=kw.pop("priority_fields", [f.sub_field("F0104")]),
        required_materials=list(materials),
        notice_workdays=kw.pop("notice_workdays", 5),
        criteria=kw.pop(
            "criteria",
            [
                {"name": "建设基础", "weight": Decimal("40")},
                {"name": "建设方案", "weight": Decimal("30")},
                {"name": "预期绩效", "weight": Decimal("30")},
            ],
        ),
        quotas=quotas or {},
        **kw,
    )
    services.guide_transition(actor=province, guide_id=guide.pk, action="publish")
    guide.refresh_from_db()
    return guide


def pdf_upload(name: str = "agreement.pdf", body: bytes = b"%PDF-1.4 test document"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, body, content_type="application/pdf")


def eligible_application(
    guide: Guide,
    *,
    host: Organisation | None = None,
    applicant=None,
    sub_field: str = "F0104",
    team_size: int = 100,
    name: str | None = None,
) -> Application:
    """A draft that passes every rule of 第十二条 and 第四条 and is complete."""
    host = host or f.OrganisationFactory(kind="new_rd_institution")
    applicant = applicant or f.center_user(host)
    application = services.application_create(
        actor=applicant,
        guide_id=guide.pk,
        center_name=name or f"江苏省{host.name}技术创新中心",
        sub_field=f.sub_field(sub_field),
    )
    pk = application.pk
    services.application_plan_save(
        actor=applicant,
        application_id=pk,
        sections={key: PLAN for key in (
            "plan_directions", "plan_model", "plan_goals", "plan_tasks", "plan_mechanism",
            "plan_safeguards", "plan_schedule",
        )},
    )  # fmt: skip
    today = timezone.localdate()
    services.application_profile_save(
        actor=applicant,
        application_id=pk,
        answers={
            "center.registered_in_jiangsu": True,
            "center.independent_legal_person": True,
            "center.co_building_agreement_signed": True,
            "center.operating_since": (today - dt.timedelta(days=800)).isoformat(),
            "center.rd_site_area_m2": "5000",
            "center.instrument_value_wan_yuan": "2000",
            "host_unit.has_provincial_platform": True,
            "host_unit.undertook_provincial_project": True,
            "region.industry_policy_issued": True,
            "region.has_industrial_park": True,
            "region.prior_investment_wan_yuan": "10000",
            "region.planned_investment_wan_yuan": "20000",
            "team.executive_director_full_time": True,
        },
        rd_investment={str(today.year - n): "3000" for n in (1, 2, 3)},
    )
    services.application_leaders_save(
        actor=applicant,
        application_id=pk,
        director={"name": "张主任", "id_number": f.make_id_number(), "title_level": "senior"},
        executive_director={
            "name": "李执行",
            "id_number": f.make_id_number(),
            "title_level": "senior",
        },
    )
    services.target_add(
        actor=applicant,
        application_id=pk,
        name="突破关键核心技术",
        unit="项",
        target_value="10",
        target_year=today.year + 5,
    )
    for kind, label in (("local_government", "人民政府"), ("university", "大学")):
        services.co_builder_add(
            actor=applicant,
            application_id=pk,
            name=f"{host.name}{label}",
            uscc=f.make_uscc(host.city.code if host.city else "320100"),
            kind=kind,
        )
    teams = ("core_rd", "tech_support", "transfer")
    services.team_members_add(
        actor=applicant,
        application_id=pk,
        rows=[
            {
                "name": f"成员{i}",
                "id_number": f.make_id_number(),
                "title_level": "intermediate",
                "degree": "master",
                "team": teams[i % 3],
                "full_time": True,
                "is_rd_staff": True,
            }
            for i in range(team_size)
        ],
    )
    for kind in guide.required_materials:
        services.attachment_add(
            actor=applicant,
            application_id=pk,
            kind=kind,
            upload=pdf_upload(f"{kind}.pdf", f"%PDF-1.4 {kind} {pk}".encode()),
        )
    return Application.objects.get(pk=pk)
