"""Demo of the annual reports (第二十二条): last year's reports filed for most centers, two
centers late, and this year's reports at each step (a pre-filled draft at a headquarters whose
branches are half in, one at the city, one waiting to be filed). Everything goes through the
services."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.utils import timezone

from ticms.accounts.models import Role, User
from ticms.centers.models import Center
from ticms.reporting import services

# A consistent report (parts within totals); scaled per center.
BASE = {
    "people": {
        "core_rd": {"members": 40, "full_time": 32, "rd_staff": 36, "qualified_rd": 30,
                    "senior_title": 12, "doctorate": 10},
        "tech_support": {"members": 24, "full_time": 20, "rd_staff": 16, "qualified_rd": 12,
                         "senior_title": 5, "doctorate": 3},
        "transfer": {"members": 16, "full_time": 12, "rd_staff": 8, "qualified_rd": 6,
                     "senior_title": 3, "doctorate": 1},
    },
    "rd_input": {"total": "5200", "host_unit": "2600", "government": "1800", "co_builders": "800"},
    "income": {"total": "9600", "government_funding": "3400", "contract_rd": "2600",
               "tech_transfer": "1500", "tech_services": "1700", "other_market": "400"},
    "projects": {
        "national": {"count": 3, "led": 1, "budget": "2100"},
        "provincial": {"count": 6, "led": 4, "budget": "1350.5"},
        "municipal": {"count": 8, "led": 6, "budget": "620"},
        "enterprise": {"count": 25, "led": 25, "budget": "2600"},
    },
    "ip": {"patents_applied": 58, "inventions_applied": 41, "patents_granted": 33,
           "inventions_granted": 19, "software_copyrights": 7, "standards": 5,
           "standards_national": 2},
    "contracts": {"count": 64, "amount": "4300", "in_province_count": 45,
                  "in_province_amount": "3100"},
    "transfers": {"count": 14, "amount": "1500", "in_province_count": 10},
    "enterprises": {"spin_offs": 2, "incubated": 6, "high_tech": 3},
    "instruments": {"count": 210, "value": "26000", "shared_count": 130,
                    "sharing_hours": "8600.5", "external_users": 95},
}  # fmt: skip

NARRATIVE = {
    "progress": "按合同推进建设任务：完成中试验证平台一期建设，突破关键核心技术3项，"
    "新增技术合同64项，服务省内企业120余家。",
    "problems": "高层次人才引进难度较大；中试平台对外开放共享的机时仍有提升空间。",
    "next_goals": "完成中试平台二期建设；新增发明专利授权20项以上；"
    "技术合同成交额增长15%；孵化科技型企业5家。",
}


def _scaled(factor: Decimal) -> dict:
    figures = copy.deepcopy(BASE)

    def walk(node):
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value)
            elif isinstance(value, int):
                node[key] = int(value * factor)
            else:
                node[key] = str((Decimal(value) * factor).quantize(Decimal("0.01")))

    walk(figures)
    # Rounding may break a part/total relation only through the income parts: recompute total.
    income = figures["income"]
    income["total"] = str(sum(Decimal(v) for k, v in income.items() if k != "total"))
    rd = figures["rd_input"]
    rd["total"] = str(sum(Decimal(v) for k, v in rd.items() if k != "total"))
    return figures


def _staff(center: Center) -> User:
    return User.objects.filter(role=Role.CENTER, organisation=center.host_unit).first()


def _city(center: Center) -> User:
    return User.objects.filter(role=Role.CITY, city=center.city).first()


def _report(center: Center, year: int, factor: str, steps: tuple[str, ...], province: User):
    staff = _staff(center)
    report = services.annual_report_create(actor=staff, center_id=center.pk, year=year)
    services.annual_report_save(
        actor=staff,
        report_id=report.pk,
        figures=_scaled(Decimal(factor)),
        **NARRATIVE,
    )
    actors = {"submit": staff, "approve": _city(center), "file": province}
    for action in steps:
        services.annual_report_transition(
            actor=actors[action], report_id=report.pk, action=action, comment=""
        )
    return report


FILED = ("submit", "approve", "file")


def seed(*, province: User) -> None:
    """Reports of last year and this year for the demo centers (see seed_demo's CENTERS)."""
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    by_name = {c.name: c for c in Center.objects.all()}

    def center(name: str) -> Center:
        return by_name[name]

    hq = center("江苏省集成电路设计技术创新中心")
    wuxi = center("江苏省集成电路设计技术创新中心无锡封测分中心")
    eda = center("江苏省集成电路设计技术创新中心苏州EDA分中心")
    # Last year: branches first (their figures go into the headquarters' report).
    for branch, factor in ((wuxi, "0.6"), (eda, "0.4")):
        _report(branch, last, factor, FILED, province)
    for name, factor in (
        ("江苏省工业母机技术创新中心", "1.2"),
        ("江苏省集成电路设计技术创新中心", "1.5"),
        ("江苏省第三代半导体技术创新中心", "0.8"),
        ("江苏省海洋工程装备技术创新中心", "0.9"),
        ("江苏省工程机械技术创新中心", "1.1"),
        ("江苏省创新药物技术创新中心", "0.7"),
    ):
        _report(center(name), last, factor, FILED, province)
    # Late: 风电装备 left its draft unfinished; 高性能纤维 never started.
    staff = _staff(center("江苏省风电装备技术创新中心"))
    services.annual_report_create(
        actor=staff, center_id=center("江苏省风电装备技术创新中心").pk, year=last
    )

    # This year: the headquarters' draft is pre-filled from last year's filed report; one
    # branch has submitted, the other not yet, so the headquarters cannot submit.
    _report(wuxi, this, "0.65", ("submit",), province)
    services.annual_report_create(actor=_staff(hq), center_id=hq.pk, year=this)
    _report(center("江苏省工业母机技术创新中心"), this, "1.3", ("submit",), province)
    _report(center("江苏省工程机械技术创新中心"), this, "1.15", ("submit", "approve"), province)
