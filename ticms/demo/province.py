"""The demo province (seed_demo): users per role, organisations, centers with teams and governance,
existing platforms, and a little history. Everything goes through the services (and the audit)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from ticms.accounts import idnumbers, uscc
from ticms.accounts.models import City, Organisation, Role, User
from ticms.accounts.services import organisation_create, people_bulk_upsert, user_create
from ticms.catalog.models import ExistingPlatform, IndustryField
from ticms.centers import services as centers
from ticms.centers.models import Center, CenterStatus, GovernanceKind, TeamType
from ticms.demo import contracts as demo_contracts

EXPERTS = 3
DEMO_PASSWORD = "ticms-demo"

CITY_USERS = {
    "320100": "nanjing",
    "320200": "wuxi",
    "320300": "xuzhou",
    "320400": "changzhou",
    "320500": "suzhou",
    "320600": "nantong",
    "320700": "lianyungang",
    "320800": "huaian",
    "320900": "yancheng",
    "321000": "yangzhou",
    "321100": "zhenjiang",
    "321200": "taizhou",
    "321300": "suqian",
}
DISTRICTS = {
    "320100": "江宁区",
    "320200": "新吴区",
    "320300": "徐州经济技术开发区管委会",
    "320400": "武进区",
    "320500": "苏州工业园区管委会",
    "320600": "崇川区",
    "320700": "连云区",
    "320800": "清江浦区",
    "320900": "亭湖区",
    "321000": "邗江区",
    "321100": "京口区",
    "321200": "医药高新区",
    "321300": "宿城区",
}

# name, city, sub-field, status, headquarters index, team size
CENTERS = [
    ("江苏省工业母机技术创新中心", "320500", "E0201", "operating", None, 132),
    ("江苏省集成电路设计技术创新中心", "320100", "E0101", "operating", None, 146),
    ("江苏省集成电路设计技术创新中心无锡封测分中心", "320200", "E0101", "operating", 1, 104),
    ("江苏省集成电路设计技术创新中心苏州EDA分中心", "320500", "E0101", "constructing", 1, 101),
    ("江苏省第三代半导体技术创新中心", "320500", "F0101", "constructing", None, 118),
    ("江苏省创新药物技术创新中心", "321200", "E0401", "accepting", None, 127),
    ("江苏省海洋工程装备技术创新中心", "320600", "E0204", "operating", None, 115),
    ("江苏省工程机械技术创新中心", "320300", "E0206", "operating", None, 138),
    ("江苏省高性能纤维及复合材料技术创新中心", "320700", "E0301", "rectifying", None, 92),
    ("江苏省资源循环利用技术创新中心", "320800", "E0702", "removed", None, 88),
    ("江苏省风电装备技术创新中心", "320900", "E0502", "constructing", None, 103),
    ("镇江市氢能技术创新中心", "321100", "F0201", "cultivating", None, 48),
    ("扬州市智能网联汽车技术创新中心", "321000", "E0603", "cultivating", None, 55),
]

PLATFORMS = [
    ("江苏省纳米新材料产业创新中心", "industry_innovation_center", "E0303", "320500", 2019),
    (
        "江苏省先进高分子材料制造业创新中心",
        "manufacturing_innovation_center",
        "E0302",
        "320100",
        2020,
    ),
    ("江苏省工业机器人制造业创新中心", "manufacturing_innovation_center", "E0202", "320100", 2021),
    ("江苏省光伏产业创新中心", "industry_innovation_center", "E0501", "320400", 2020),
    (
        "江苏省轨道交通装备制造业创新中心",
        "manufacturing_innovation_center",
        "E0205",
        "320100",
        2022,
    ),
    ("江苏省智能电网制造业创新中心", "manufacturing_innovation_center", "E0503", "320100", 2019),
    ("江苏省电子化学品产业创新中心", "industry_innovation_center", "E0304", "320500", 2023),
    ("江苏省航空航天装备产业创新中心", "industry_innovation_center", "E0203", "321100", 2021),
    ("江苏省软件和信息服务产业创新中心", "industry_innovation_center", "E0103", "320100", 2018),
    ("江苏省环保装备制造业创新中心", "manufacturing_innovation_center", "E0701", "320200", 2020),
    ("江苏省工业母机制造业创新中心", "manufacturing_innovation_center", "E0201", "320500", 2022),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕鹏辉斌宇浩凯健俊帆帅旭宁龙林欣晨阳睿博文涵轩然怡悦琪瑶嘉航毅峰诚哲昊宏志远"  # noqa: E501


class Demo:
    def __init__(self, stdout):
        self.rng = random.Random(2026)  # noqa: S311 — reproducible demo data, not secrets
        self.stdout = stdout
        self.ids: set[str] = set()
        self.org_serial = 0

    # --- generators ------------------------------------------------------------------------
    def uscc(self, city_code: str, prefix: str = "91") -> str:
        while True:
            body = "".join(
                self.rng.choice(uscc.ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(9)
            )
            code = uscc.make(prefix + city_code + body)
            if not Organisation.objects.filter(uscc=code).exists():
                return code

    def id_number(self, city_code: str) -> str:
        while True:
            birth = dt.date(1962, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 36 * 365))
            area = city_code[:4] + f"{self.rng.randrange(2, 20):02d}"
            number = idnumbers.make_resident(
                f"{area}{birth:%Y%m%d}{self.rng.randrange(0, 1000):03d}"
            )
            if number not in self.ids:
                self.ids.add(number)
                return number

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2)))
        )

    def org(self, actor, name, kind, city, prefix="91"):
        existing = Organisation.objects.filter(name=name).first()
        if existing:
            return existing
        return organisation_create(
            actor=actor, name=name, uscc_code=self.uscc(city.code, prefix), kind=kind, city=city
        )

    # --- people ----------------------------------------------------------------------------
    def people(
        self,
        actor,
        count: int,
        city: City,
        employer,
        *,
        qualified_share: float,
        senior: bool = False,
    ):
        rows = []
        for _ in range(count):
            qualified = senior or self.rng.random() < qualified_share
            if qualified:
                title = self.rng.choice(("senior", "vice_senior", "intermediate", "none"))
                degree = (
                    self.rng.choice(("doctorate", "master"))
                    if title == "none"
                    else self.rng.choice(("doctorate", "master", "bachelor"))
                )
            else:
                title = self.rng.choice(("junior", "none"))
                degree = self.rng.choice(("bachelor", "other"))
            if senior:
                title, degree = "senior", "doctorate"
            rows.append(
                {
                    "name": self.name(),
                    "id_number": self.id_number(city.code),
                    "title_level": title,
                    "degree": degree,
                    "employer": employer,
                }
            )
        return people_bulk_upsert(actor=actor, rows=rows)

    def run(self):
        cities = {c.code: c for c in City.objects.all()}
        admin = user_create(
            actor=None,
            username="admin",
            password=DEMO_PASSWORD,
            role=Role.SYSADMIN,
            display_name="系统管理员",
        )
        department = self.org(
            admin, "江苏省科学技术厅", "province_department", cities["320100"], prefix="11"
        )
        province = user_create(
            actor=admin,
            username="province",
            password=DEMO_PASSWORD,
            role=Role.PROVINCE,
            display_name="王处长",
            organisation=department,
        )
        for code, username in CITY_USERS.items():
            city = cities[code]
            bureau = self.org(admin, f"{city.name}科学技术局", "city_bureau", city, prefix="11")
            user_create(
                actor=admin,
                username=username,
                password=DEMO_PASSWORD,
                role=Role.CITY,
                display_name=f"{city.name}科技局",
                city=city,
                organisation=bureau,
            )

        fields = {f.code: f for f in IndustryField.objects.all()}
        for name, kind, field, city, year in PLATFORMS:
            ExistingPlatform.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "sub_field": fields[field],
                    "city": cities[city],
                    "approved_year": year,
                    "host": "（示例）",
                },
            )

        universities = [
            self.org(admin, name, "university", cities[code], prefix="12")
            for name, code in (
                ("苏南理工大学", "320500"),
                ("江淮科技大学", "320100"),
                ("东海海洋大学", "320600"),
                ("运河工业大学", "320300"),
            )
        ]
        institutes = [
            self.org(admin, name, "research_institute", cities[code], prefix="12")
            for name, code in (("江苏先进制造研究院", "320400"), ("江苏生命健康研究院", "320100"))
        ]
        agency = self.org(
            admin, "江苏科技评估中心（示例）", "agency", cities["320100"], prefix="52"
        )
        user_create(
            actor=admin,
            username="evaluator1",
            password=DEMO_PASSWORD,
            role=Role.EVALUATOR,
            display_name="评估机构联系人",
            organisation=agency,
        )
        for number, employer in enumerate([*universities, *institutes][:EXPERTS], start=1):
            person = self.people(admin, 1, employer.city, employer, qualified_share=1, senior=True)[
                0
            ]
            user_create(
                actor=admin,
                username=f"expert{number}",
                password=DEMO_PASSWORD,
                role=Role.EXPERT,
                display_name=person.name,
                organisation=employer,
                person=person,
            )

        today = timezone.localdate()
        created: list[Center] = []
        for index, (name, code, field, status, hq_index, size) in enumerate(CENTERS):
            city = cities[code]
            short = name.replace("江苏省", "").replace("技术创新中心", "")
            host = self.org(admin, f"江苏{short}技术研究院有限公司", "new_rd_institution", city)
            registered_status = {
                "accepting": "constructing",
                "rectifying": "operating",
                "removed": "operating",
            }.get(status, status)
            approved = today.replace(
                year=today.year - (6 if registered_status == "operating" else 2)
            ) - dt.timedelta(days=index * 11)
            if status == "accepting":
                # Its five-year construction period ended a few weeks ago (第七条第3项).
                approved = today - dt.timedelta(days=5 * 366 + 60)
            facts = {
                "name": name,
                "host_unit": host,
                "city": city,
                "sub_field": fields[field],
                "headquarters": created[hq_index] if hq_index is not None else None,
                "research_directions": f"面向{fields[field].name}产业的关键共性技术与前沿技术研发、"
                "中试熟化与成果转移转化。",
                "rd_site_area_m2": str(self.rng.randrange(42, 160) * 100),
                "instrument_value_wan_yuan": str(self.rng.randrange(1500, 9000)),
                "established_on": approved - dt.timedelta(days=400),
            }
            if registered_status == "cultivating":
                center = centers.center_register(
                    actor=User.objects.get(username=CITY_USERS[code]), **facts
                )
            else:
                # Approved before TICMS: recorded with its contract and targets.
                center = demo_contracts.record_approved(
                    province=province,
                    index=index,
                    status=registered_status,
                    approved_on=approved,
                    **facts,
                )
            created.append(center)
            self.populate(center, province, host, city, size, universities, institutes)
        self.center_users(admin, created, universities)
        self.history(created, province)
        self.stdout.write(
            f"demo loaded: {len(created)} centers, "
            f"{User.objects.count()} users; password for every account: "
            f"{DEMO_PASSWORD}"
        )

    def populate(self, center, actor, host, city, size, universities, institutes):
        gov = self.org(
            actor,
            f"{city.name}{DISTRICTS[city.code]}"
            + ("" if DISTRICTS[city.code].endswith("管委会") else "人民政府"),
            "local_government",
            city,
            prefix="11",
        )
        signed = (center.established_on or timezone.localdate()) - dt.timedelta(days=30)
        centers.co_builder_add(
            actor=actor,
            center=center,
            organisation=gov,
            kind="local_government",
            duties="场地、资金与政策支持",
            agreement_signed_on=signed,
        )
        partner = self.rng.choice(universities)
        centers.co_builder_add(
            actor=actor,
            center=center,
            organisation=partner,
            kind="university",
            duties="联合攻关与人才培养",
            agreement_signed_on=signed,
        )
        if self.rng.random() < 0.5:
            centers.co_builder_add(
                actor=actor,
                center=center,
                organisation=self.rng.choice(institutes),
                kind="research_institute",
                duties="中试验证与技术服务",
                agreement_signed_on=signed,
            )
        leaders = self.people(actor, 2, city, host, qualified_share=1, senior=True)
        centers.leaders_appoint(
            actor=actor,
            center=center,
            director=leaders[0],
            executive_director=leaders[1],
            executive_full_time=center.status != CenterStatus.CULTIVATING
            or self.rng.random() < 0.5,
        )
        qualified_share = 0.74 if center.status == "operating" and size < 100 else 0.9
        people = self.people(actor, size, city, host, qualified_share=qualified_share)
        teams = [TeamType.CORE_RD] * 6 + [TeamType.TECH_SUPPORT] * 3 + [TeamType.TRANSFER] * 2
        full_time_share = 0.45 if size < 100 else 0.72
        centers.team_members_add(
            actor=actor,
            center=center,
            members=[
                {
                    "person": p,
                    "team": self.rng.choice(teams),
                    "full_time": self.rng.random() < full_time_share,
                    "is_rd_staff": self.rng.random() < 0.82,
                    "position": self.rng.choice(
                        ("研究员", "高级工程师", "工程师", "项目经理", "技术员")
                    ),
                }
                for p in people
            ],
        )
        board_members = (
            [{"person": leaders[0], "position": "理事长"}]
            + [
                {"organisation": cb.organisation, "position": "理事单位"}
                for cb in center.co_builders.select_related("organisation")
            ]
            + [{"organisation": host, "position": "理事单位"}]
        )
        centers.governance_body_set(
            actor=actor,
            center=center,
            kind=GovernanceKind.BOARD,
            name=f"{center.name}理事会",
            established_on=center.established_on,
            members=board_members,
        )
        experts = self.people(
            actor, 5, city, self.rng.choice(universities), qualified_share=1, senior=True
        )
        centers.governance_body_set(
            actor=actor,
            center=center,
            kind=GovernanceKind.EXPERT_COMMITTEE,
            name=f"{center.name}专家委员会",
            established_on=center.established_on,
            members=[
                {"person": p, "position": "主任委员" if i == 0 else "委员"}
                for i, p in enumerate(experts)
            ],
        )
        if center.status != CenterStatus.CULTIVATING:
            centers.governance_body_set(
                actor=actor,
                center=center,
                kind=GovernanceKind.PARTY_ORGANISATION,
                name=f"中共{center.name}支部委员会",
                established_on=center.established_on,
                members=[{"person": people[0], "position": "书记"}],
            )

    def center_users(self, admin, created, universities):
        # center1, center2, ... in the order of CENTERS: one account per demo center.
        for number, center in enumerate(created, start=1):
            user_create(
                actor=admin,
                username=f"center{number}",
                password=DEMO_PASSWORD,
                role=Role.CENTER,
                display_name=f"{center.name}联络员",
                organisation=center.host_unit,
                center=center,
            )
        partner = created[0].co_builders.get(kind="university").organisation
        user_create(
            actor=admin,
            username="cobuilder1",
            password=DEMO_PASSWORD,
            role=Role.CO_BUILDER,
            display_name=f"{partner.name}科研院",
            organisation=partner,
        )

    def history(self, created, province):
        by_status = {c.name: c for c in created}
        for name, _code, _field, status, _hq, _size in CENTERS:
            center = by_status[name]
            if status == "accepting":
                # Through the acceptance lifecycle, which moves the center into acceptance.
                from ticms.demo.acceptance import seed_acceptance

                seed_acceptance(center)
            elif status in ("rectifying", "removed"):
                centers.center_transition(
                    actor=province,
                    center_id=center.pk,
                    action="order_rectification",
                    params={"rectification_deadline": timezone.localdate() + dt.timedelta(days=90)},
                    comment="2025年度绩效评估结果为较差，依据第二十五条限期整改。",
                )
                if status == "removed":
                    centers.center_transition(
                        actor=province,
                        center_id=center.pk,
                        action="remove",
                        params={"reason": "rectification_failed"},
                        comment="整改期满复核未通过，依据第二十五条不再纳入序列管理。",
                    )
