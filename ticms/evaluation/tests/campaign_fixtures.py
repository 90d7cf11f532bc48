"""Shared set-up of the campaign tests: an agency, centers with filed reports, a campaign."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ticms.accounts.models import Role
from ticms.evaluation.campaigns import services
from ticms.evaluation.campaigns.default_system import DEFAULT_SYSTEM
from ticms.evaluation.campaigns.indicators import indicator_system_create
from ticms.reporting.models import AnnualReport, AnnualReportStatus
from ticms.testing import factories as f


def figures(n: int) -> dict:
    """A filed report whose figures grow with n."""
    team = {"doctorate": n, "senior_title": n}
    return {
        "projects": {"national": {"count": n, "led": 0, "budget": str(10 * n)}},
        "ip": {"inventions_granted": 2 * n, "standards_national": n},
        "rd_input": {"total": str(100 * n)},
        "contracts": {"amount": str(50 * n)},
        "transfers": {"amount": str(100 * n), "in_province_count": n},
        "people": {"core_rd": team, "tech_support": team, "transfer": team},
        "income": {"contract_rd": str(n), "tech_transfer": "0", "tech_services": "0",
                   "other_market": "0"},
        "instruments": {"external_users": 10 * n},
        "enterprises": {"incubated": n, "spin_offs": n, "high_tech": n},
    }  # fmt: skip


def file_report(center, year: int, n: int) -> AnnualReport:
    return AnnualReport.objects.create(
        center=center, year=year, status=AnnualReportStatus.FILED, figures=figures(n)
    )


class World:
    def __init__(self, centers: int = 3):
        self.province = f.province_user()
        self.agency = f.OrganisationFactory(kind="agency", name="评估机构甲")
        self.evaluator = f.UserFactory(role=Role.EVALUATOR, organisation=self.agency)
        self.other_agency = f.OrganisationFactory(kind="agency", name="评估机构乙")
        self.other_evaluator = f.UserFactory(role=Role.EVALUATOR, organisation=self.other_agency)
        self.city = f.city_user("320100")
        self.other_city = f.city_user("320500")
        self.centers = [f.CenterFactory() for _ in range(centers)]
        self.far_center = f.CenterFactory(city=f.city("320500"))
        self.centers_all = [*self.centers, self.far_center]
        self.staff = {c.pk: f.center_user(c.host_unit) for c in self.centers_all}
        f.CenterFactory(status="constructing")  # not accepted yet: not evaluated
        year = timezone.localdate().year - 1
        self.year = year
        for n, center in enumerate(self.centers_all, start=1):
            file_report(center, year, n)
        self.system = indicator_system_create(actor=self.province, spec=DEFAULT_SYSTEM)

    def create(self, **kw):
        today = timezone.localdate()
        data = {
            "name": f"{self.year}年度绩效评估",
            "year_from": self.year,
            "year_to": self.year,
            "system_id": self.system.pk,
            "agency_id": self.agency.pk,
            "self_evaluation_due": today + dt.timedelta(days=10),
            "city_check_due": today + dt.timedelta(days=20),
            "scoring_due": today + dt.timedelta(days=40),
            **kw,
        }
        return services.campaign_create(actor=self.province, **data)

    def entry(self, campaign, center):
        return campaign.entries.get(center=center)

    def opened(self):
        campaign = self.create()
        return services.campaign_transition(
            actor=self.province, campaign_id=campaign.pk, action="open"
        )

    def self_evaluate(self, campaign, center):
        return services.entry_transition(
            actor=self.staff[center.pk],
            campaign_id=campaign.pk,
            entry_id=self.entry(campaign, center).pk,
            action="submit_self_evaluation",
            params={"data_confirmed": True, "self_evaluation": "自评：完成年度目标。"},
        )

    def score_all_qualitative(self, campaign, score="80"):
        for entry in campaign.entries.exclude(status__in=["absent", "excused"]):
            for indicator in self.system.indicators.filter(kind="qualitative"):
                services.qualitative_score_set(
                    actor=self.evaluator, campaign_id=campaign.pk, entry_id=entry.pk,
                    indicator_id=indicator.pk, score=score, reason="佐证充分。",
                )  # fmt: skip
