"""Demo of the establishment path (第十一至十三条): this year's guide and applications at the
steps an officer would want to try — a draft, one waiting for its city, one at the province's
formal review. Everything goes through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from ticms.accounts.models import City, Organisation, Role, User
from ticms.accounts.services import user_create
from ticms.catalog.models import IndustryField
from ticms.establishment import services

PLAN = {
    "plan_directions": (
        "聚焦{field}领域的关键共性技术与前沿技术，布局材料、器件、系统集成与应用验证四个研发方向。"
    ),
    "plan_model": (
        "由依托单位牵头，联合地方政府、高校和龙头企业，采用"
        "“总部＋分中心”模式共建，签署共建协议并组建理事会。"
    ),
    "plan_goals": (
        "建设期内突破关键核心技术10项以上，形成一批具有自"
        "主知识产权的重大成果，建成省内领先的技术创新平台。"
    ),
    "plan_tasks": (
        "开展关键核心技术攻关、建设中试验证平台、推动成"
        "果转移转化、集聚培养高端人才、孵化科技型企业。"
    ),
    "plan_mechanism": (
        "实行理事会领导下的主任负责制，设立专家委员会，建立市场化用人与绩效分配机制。"
    ),
    "plan_safeguards": (
        "地方政府前期投入1亿元以上、建设期新增投入2亿元以上；依托单位提供场地和设备保障。"
    ),
    "plan_schedule": (
        "第一年完成平台建设和团队组建；第二至三年开展重点攻关；第四至五年实现成果转化并通过验收。"
    ),
}


def _guide(province, fields: dict[str, IndustryField], cities: dict[str, City]):
    today = timezone.localdate()
    guide = services.guide_create(
        actor=province,
        year=today.year,
        title=f"{today.year}年度江苏省技术创新中心建设申报指南",
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=30),
        city_review_ends_on=today + dt.timedelta(days=45),
        priority_fields=[fields["F01"], fields["F02"], fields["E06"]],
        required_materials=["co_building_agreement", "credit_commitment"],
        requirements="一、申报单位应满足《江苏省技术创新中心管理办法（试行）》第十二条规定的条件。\n"
        "二、各设区市科技局按名额择优推荐，坚持“少而精”。\n"
        "三、申报材料通过本系统在线填报，无需报送纸质材料。",
        notice_workdays=5,
        criteria=[
            {
                "name": "建设基础",
                "description": "场地、设备、团队与前期投入",
                "weight": Decimal(30),
            },
            {"name": "建设方案", "description": "方向、模式、任务与机制", "weight": Decimal(30)},
            {"name": "产业带动", "description": "对细分产业的支撑与引领", "weight": Decimal(25)},
            {"name": "考核指标", "description": "指标的先进性与可考核性", "weight": Decimal(15)},
        ],
        quotas={cities["320500"]: 2, cities["320100"]: 2, cities["321100"]: 1, cities["321000"]: 1},
    )
    services.guide_transition(actor=province, guide_id=guide.pk, action="publish")
    return guide


def _fill(demo, applicant, application, city, *, complete: bool, university="江淮科技大学"):
    pk = application.pk
    field_name = application.sub_field.name
    sections = {k: v.format(field=field_name) for k, v in PLAN.items()}
    if not complete:
        sections = {k: sections[k] for k in ("plan_directions", "plan_model", "plan_goals")}
    services.application_plan_save(actor=applicant, application_id=pk, sections=sections)
    today = timezone.localdate()
    answers = {
        "center.registered_in_jiangsu": True,
        "center.independent_legal_person": True,
        "center.co_building_agreement_signed": True,
        "center.operating_since": (today - dt.timedelta(days=700)).isoformat(),
        "center.rd_site_area_m2": "8600",
        "center.instrument_value_wan_yuan": "5200",
    }
    if complete:
        answers.update(
            {
                "host_unit.has_provincial_platform": True,
                "host_unit.undertook_provincial_project": True,
                "region.industry_policy_issued": True,
                "region.has_industrial_park": True,
                "region.prior_investment_wan_yuan": "12000",
                "region.planned_investment_wan_yuan": "25000",
                "team.executive_director_full_time": True,
            }
        )
    services.application_profile_save(
        actor=applicant,
        application_id=pk,
        answers=answers,
        rd_investment={str(today.year - n): str(3000 + 150 * n) for n in (1, 2, 3)}
        if complete
        else {},
    )
    if not complete:
        return
    leader = {"title_level": "senior", "degree": "doctorate"}
    services.application_leaders_save(
        actor=applicant,
        application_id=pk,
        director={**leader, "name": demo.name(), "id_number": demo.id_number(city.code)},
        executive_director={**leader, "name": demo.name(), "id_number": demo.id_number(city.code)},
    )
    for name, unit, value in (
        ("突破关键核心技术", "项", "10"),
        ("授权发明专利", "件", "120"),
        ("年度市场化收入占总收入比例", "%", "33.4"),
        ("孵化科技型企业", "家", "15"),
    ):
        services.target_add(
            actor=applicant,
            application_id=pk,
            name=name,
            unit=unit,
            target_value=value,
            target_year=today.year + 5,
        )
    for name, kind in (
        (f"{city.name}人民政府", "local_government"),
        (university, "university"),
    ):
        # Fill once: a registered unit is named by its registered code, and one the draft
        # already took from its regional center (第六条) is not asked again.
        known = Organisation.objects.filter(name=name).first()
        if known and application.co_builders.filter(uscc=known.uscc).exists():
            continue
        services.co_builder_add(
            actor=applicant,
            application_id=pk,
            name=name,
            uscc=known.uscc if known else demo.uscc(city.code, "11"),
            kind=kind,
        )
    teams = ("core_rd", "tech_support", "transfer")
    rows = []
    for i in range(112):
        qualified = i % 9 != 0
        rows.append(
            {
                "name": demo.name(),
                "id_number": demo.id_number(city.code),
                "title_level": "intermediate" if qualified else "junior",
                "degree": "master" if qualified else "bachelor",
                "team": teams[i % 3],
                "position": "研发工程师",
                "full_time": i % 4 != 0,
                "is_rd_staff": i % 7 != 0,
            }
        )
    services.team_members_add(actor=applicant, application_id=pk, rows=rows)
    from django.core.files.uploadedfile import SimpleUploadedFile

    for kind in application.guide.required_materials:
        services.attachment_add(
            actor=applicant,
            application_id=pk,
            kind=kind,
            upload=SimpleUploadedFile(
                f"{kind}.pdf", f"%PDF-1.4 demo {kind} {pk}\n%%EOF".encode(), "application/pdf"
            ),
        )


def seed(demo, *, admin, province, password: str) -> None:
    cities = {c.code: c for c in City.objects.all()}
    fields = {f.code: f for f in IndustryField.objects.all()}
    guide = _guide(province, fields, cities)

    def applicant_for(username):
        return User.objects.get(username=username)

    # 镇江 (center12, a regional center it cultivates, 第六条): a draft being filled in, for the
    # provincial center it wants to become; its contract would promote the same record.
    zhenjiang = applicant_for("center12")
    draft = services.application_create(
        actor=zhenjiang,
        guide_id=guide.pk,
        center_name="江苏省氢能与燃料电池技术创新中心",
        sub_field=fields["F0201"],
        center_id=zhenjiang.center_id,
    )
    _fill(demo, zhenjiang, draft, cities["321100"], complete=False)

    # 扬州 (center13, also cultivated): submitted, waiting for the city's recommendation.
    yangzhou = applicant_for("center13")
    waiting = services.application_create(
        actor=yangzhou,
        guide_id=guide.pk,
        center_name="江苏省智能网联汽车技术创新中心",
        sub_field=fields["E0603"],
        center_id=yangzhou.center_id,
    )
    _fill(demo, yangzhou, waiting, cities["321000"], complete=True)
    services.application_transition(actor=yangzhou, application_id=waiting.pk, action="submit")

    # 南京: a new host unit, recommended, at the province's formal review.
    nanjing = cities["320100"]
    host = demo.org(admin, "江苏虚拟现实技术研究院有限公司", "new_rd_institution", nanjing)
    applicant = user_create(
        actor=admin,
        username="applicant1",
        password=password,
        role=Role.CENTER,
        display_name="虚拟现实研究院申报联络员",
        organisation=host,
    )
    review = services.application_create(
        actor=applicant,
        guide_id=guide.pk,
        center_name="江苏省虚拟现实技术创新中心",
        sub_field=fields["F0104"],
    )
    _fill(demo, applicant, review, nanjing, complete=True)
    services.application_transition(actor=applicant, application_id=review.pk, action="submit")
    services.application_transition(
        actor=User.objects.get(username="nanjing"),
        application_id=review.pk,
        action="recommend",
        comment="经审核，申请书内容真实完整，同意推荐。",
    )

    # 苏州: past the formal review, waiting for the province to form its expert panel.
    suzhou = cities["320500"]
    host = demo.org(admin, "苏州未来健康科技研究院有限公司", "new_rd_institution", suzhou)
    applicant = user_create(
        actor=admin,
        username="applicant2",
        password=password,
        role=Role.CENTER,
        display_name="未来健康研究院申报联络员",
        organisation=host,
    )
    argued = services.application_create(
        actor=applicant,
        guide_id=guide.pk,
        center_name="江苏省细胞和基因技术创新中心",
        sub_field=fields["F0301"],
    )
    # A co-builder none of the demo experts works for, so a full panel can be formed.
    _fill(demo, applicant, argued, suzhou, complete=True, university="运河工业大学")
    services.application_transition(actor=applicant, application_id=argued.pk, action="submit")
    services.application_transition(
        actor=User.objects.get(username="suzhou"),
        application_id=argued.pk,
        action="recommend",
        comment="同意推荐。",
    )
    services.application_transition(
        actor=province,
        application_id=argued.pk,
        action="pass_formal_review",
        params={
            "check_sections": True,
            "check_materials": True,
            "check_units": True,
            "check_commitment": True,
        },
        comment="材料齐全，符合组建条件。",
    )

    _to_notice(demo, admin=admin, province=province, password=password, guide=guide)


def _to_notice(demo, *, admin, province, password, guide) -> None:
    """常州: the whole way to the public notice — argumentation by expert1–3 (expert1 leads),
    revision not needed, the decision, and 公示 on the portal, open for objections. 无锡's
    notice has ended and it is approved, waiting for its contract; 南通's contract is signed,
    so its center is in construction with the contract's 考核指标 (第十三条第4项)."""
    _argued_to_notice(
        demo, admin=admin, province=province, password=password, guide=guide,
        username="applicant3", unit="常州先进碳材料研究院有限公司", city_code="320400",
        center_name="江苏省先进碳材料技术创新中心", field="F0401",
    )  # fmt: skip
    today = timezone.localdate()
    for username, unit, city_code, name, field, contracted in (
        ("applicant4", "无锡人工智能创新研究院有限公司", "320200",
         "江苏省人工智能技术创新中心", "E0105", False),
        ("applicant5", "南通新型储能技术研究院有限公司", "320600",
         "江苏省新型储能技术创新中心", "F0202", True),
    ):  # fmt: skip
        # The notice was published three weeks ago: its working days are over.
        with mock.patch("django.utils.timezone.localdate", return_value=today - dt.timedelta(21)):
            pk = _argued_to_notice(
                demo, admin=admin, province=province, password=password, guide=guide,
                username=username, unit=unit, city_code=city_code, center_name=name,
                field=field,
            )  # fmt: skip
        number = 20 + int(city_code[2:4])
        services.application_transition(
            actor=province,
            application_id=pk,
            action="approve",
            params={
                "approval_doc_no": f"苏科技函〔{today.year}〕{number}号",
                "approved_on": today.isoformat(),
            },
            comment="公示期满无异议，批准组建。",
        )
        if contracted:
            application = services.application_transition(
                actor=province,
                application_id=pk,
                action="sign_contract",
                params={
                    "contract_no": f"JSTIC-{today.year}-{number:03d}",
                    "signed_on": today.isoformat(),
                },
            )
            # The new center's first annual report, laid out with the contract's targets.
            from ticms.reporting.services import annual_report_create

            annual_report_create(
                actor=User.objects.get(username=username),
                center_id=application.center_id,
                year=today.year,
            )


def _argued_to_notice(
    demo, *, admin, province, password, guide, username, unit, city_code, center_name, field
) -> int:
    from ticms.demo.province import CITY_USERS
    from ticms.reviews import services as reviews
    from ticms.reviews.models import Assignment, Expert

    city = City.objects.get(code=city_code)
    fields = {f.code: f for f in IndustryField.objects.all()}
    host = demo.org(admin, unit, "new_rd_institution", city)
    applicant = user_create(
        actor=admin,
        username=username,
        password=password,
        role=Role.CENTER,
        display_name=f"{unit.removesuffix('有限公司')}申报联络员",
        organisation=host,
    )
    application = services.application_create(
        actor=applicant,
        guide_id=guide.pk,
        center_name=center_name,
        sub_field=fields[field],
    )
    _fill(demo, applicant, application, city, complete=True, university="运河工业大学")
    pk = application.pk
    services.application_transition(actor=applicant, application_id=pk, action="submit")
    services.application_transition(
        actor=User.objects.get(username=CITY_USERS[city_code]),
        application_id=pk,
        action="recommend",
        comment="同意推荐。",
    )
    services.application_transition(
        actor=province,
        application_id=pk,
        action="pass_formal_review",
        params={
            "check_sections": True,
            "check_materials": True,
            "check_units": True,
            "check_commitment": True,
        },
    )
    today = timezone.localdate()
    panel = reviews.panel_create(
        actor=province, application_id=pk, mode="online", due_on=today + dt.timedelta(days=10)
    )
    experts = list(Expert.objects.filter(user__username__in=("expert1", "expert2", "expert3")))
    experts.sort(key=lambda e: e.user.username)
    for expert in experts:
        reviews.panel_expert_add(actor=province, panel_id=panel.pk, expert_id=expert.pk)
    reviews.panel_leader_set(actor=province, panel_id=panel.pk, expert_id=experts[0].pk)
    criteria = list(guide.criteria.order_by("order", "pk"))
    for n, expert in enumerate(experts):
        assignment = Assignment.objects.get(panel=panel, expert=expert)
        for action, params in (("accept", None), ("declare", {"confirm": True})):
            reviews.assignment_transition(
                actor=expert.user, assignment_id=assignment.pk, action=action, params=params
            )
        reviews.score_sheet_save(
            actor=expert.user,
            assignment_id=assignment.pk,
            scores={c.pk: str(82 + 3 * n - 2 * i) for i, c in enumerate(criteria)},
            comments="建设基础扎实，方案可行；建议进一步明确市场化收入的年度目标。",
            recommendation="support",
        )
        reviews.assignment_transition(
            actor=expert.user, assignment_id=assignment.pk, action="submit"
        )
    reviews.panel_opinion_write(
        actor=experts[0].user,
        panel_id=panel.pk,
        opinion="专家组认为该中心建设基础扎实、方案可行，同意组建。",
        recommendation="support",
    )
    services.application_transition(actor=province, application_id=pk, action="to_decision")
    services.application_transition(
        actor=province,
        application_id=pk,
        action="approve_for_notice",
        comment="经厅务会研究，同意公示。",
    )
    return pk
