"""A small two-city world and a complete, consistent set of report figures."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

import pytest

from ticms.accounts.models import User
from ticms.centers.models import Center
from ticms.reporting import services
from ticms.testing import factories as f

NANJING, SUZHOU = "320100", "320500"

# Every cell filled; parts within totals; team ratios and market share comfortably met.
PEOPLE_ROW = {
    "members": 40,
    "full_time": 30,
    "rd_staff": 30,
    "qualified_rd": 27,
    "senior_title": 10,
    "doctorate": 8,
}
FULL = {
    "people": {"core_rd": PEOPLE_ROW, "tech_support": PEOPLE_ROW, "transfer": PEOPLE_ROW},
    "rd_input": {"total": "5000", "host_unit": "3000", "government": "1500", "co_builders": "500"},
    "income": {
        "total": "9000",
        "government_funding": "3000",
        "contract_rd": "2000",
        "tech_transfer": "1500",
        "tech_services": "1500",
        "other_market": "1000",
    },
    "projects": {
        level: {"count": 4, "led": 2, "budget": "800.5"}
        for level in ("national", "provincial", "municipal", "enterprise")
    },
    "ip": {
        "patents_applied": 50,
        "inventions_applied": 30,
        "patents_granted": 20,
        "inventions_granted": 10,
        "software_copyrights": 6,
        "standards": 4,
        "standards_national": 1,
    },
    "contracts": {
        "count": 60,
        "amount": "3000",
        "in_province_count": 40,
        "in_province_amount": "2000",
    },
    "transfers": {"count": 12, "amount": "1200", "in_province_count": 8},
    "enterprises": {"spin_offs": 3, "incubated": 5, "high_tech": 4},
    "instruments": {
        "count": 200,
        "value": "25000",
        "shared_count": 120,
        "sharing_hours": "8000.5",
        "external_users": 90,
    },
}

NARRATIVE = {
    "progress": "完成了年度建设任务。",
    "problems": "人才引进不足。",
    "next_goals": "扩大转化。",
}


def full_figures() -> dict:
    return copy.deepcopy(FULL)


@dataclass
class World:
    nj: Center
    sz: Center
    users: dict[str, User]


@pytest.fixture(autouse=True)
def reports_since_2000(settings):
    """The tests use past years freely: TICMS takes every year's reports."""
    settings.TICMS = {**settings.TICMS, "ANNUAL_REPORTS_FROM": 2000}


@pytest.fixture
def world() -> World:
    nj = f.CenterFactory(
        city=f.city(NANJING),
        status="constructing",
        construction_starts_on=dt.date(2021, 1, 1),
        construction_ends_on=dt.date(2025, 12, 31),
    )
    sz = f.CenterFactory(city=f.city(SUZHOU), status="operating")
    users = {
        "province": f.province_user(),
        "city_nj": f.city_user(NANJING),
        "city_sz": f.city_user(SUZHOU),
        "staff_nj": f.center_user(nj.host_unit),
        "staff_sz": f.center_user(sz.host_unit),
        "cobuilder": f.co_builder_user(f.CoBuilderFactory(center=nj).organisation),
    }
    return World(nj=nj, sz=sz, users=users)


def filled_report(world: World, year: int = 2024, figures: dict | None = None):
    report = services.annual_report_create(
        actor=world.users["staff_nj"], center_id=world.nj.pk, year=year
    )
    return services.annual_report_save(
        actor=world.users["staff_nj"],
        report_id=report.pk,
        figures=full_figures() if figures is None else figures,
        **NARRATIVE,
    )
