"""Builders for the acceptance tests: a center near the end of its construction period with its
contract, targets and filed annual reports; experts in the pool; the steps of the lifecycle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from ticms.establishment.models import Contract, ContractTarget
from ticms.evaluation import acceptance_services as services
from ticms.evaluation.models import Acceptance
from ticms.reporting.models import AnnualReport, TargetProgress
from ticms.reviews import services as reviews
from ticms.reviews.tests.conftest import make_expert
from ticms.testing import factories as f

_numbers = iter(range(1, 10**6))


def income(total, market_parts, government="100") -> dict:
    parts = dict(
        zip(
            ("contract_rd", "tech_transfer", "tech_services", "other_market"),
            market_parts,
            strict=False,
        )
    )
    return {
        "income": {
            "total": str(total),
            "government_funding": government,
            **{k: str(v) for k, v in parts.items()},
        }
    }


@dataclass
class World:
    province: object
    city: object
    center: object
    staff: object
    contract: Contract
    targets: list = field(default_factory=list)
    experts: list = field(default_factory=list)

    def report(self, year: int, *, status="filed", figures=None, achieved=()) -> AnnualReport:
        report = AnnualReport.objects.create(
            center=self.center, year=year, status=status, figures=figures or {}
        )
        for target, value in zip(self.targets, achieved, strict=False):
            if value is not None:
                TargetProgress.objects.create(report=report, target=target, achieved=Decimal(value))
        return report

    # --- the steps --------------------------------------------------------------------------

    def apply(self, text="建设任务全部完成。") -> Acceptance:
        return services.acceptance_create(
            actor=self.staff, center_id=self.center.pk, self_assessment=text
        )

    def submit(self, acceptance) -> Acceptance:
        return services.acceptance_transition(
            actor=self.staff, acceptance_id=acceptance.pk, action="submit"
        )

    def city_opinion(self, acceptance) -> Acceptance:
        return services.acceptance_transition(
            actor=self.city,
            acceptance_id=acceptance.pk,
            action="city_opinion",
            params={"opinion": "同意报省验收。"},
        )

    def to_expert_review(self, acceptance=None):
        acceptance = acceptance or self.apply()
        self.submit(acceptance)
        self.city_opinion(acceptance)
        panel = services.acceptance_panel_form(
            actor=self.province,
            acceptance_id=acceptance.pk,
            mode="online",
            due_on=timezone.localdate() + dt.timedelta(days=14),
        )
        acceptance.refresh_from_db()
        return acceptance, panel

    def expert_panel_concludes(self, panel, n=3, recommendation="support"):
        experts = [make_expert(self.province) for _ in range(n)]
        self.experts += experts
        assignments = [
            reviews.panel_expert_add(actor=self.province, panel_id=panel.pk, expert_id=e.pk)
            for e in experts
        ]
        reviews.panel_leader_set(actor=self.province, panel_id=panel.pk, expert_id=experts[0].pk)
        criteria = list(panel.acceptance.criteria.all())
        assert len(criteria) == 4 and sum(c.weight for c in criteria) == 100
        for e, a in zip(experts, assignments, strict=True):
            reviews.assignment_transition(actor=e.user, assignment_id=a.pk, action="accept")
            reviews.assignment_transition(
                actor=e.user, assignment_id=a.pk, action="declare", params={"confirm": True}
            )
            reviews.score_sheet_save(
                actor=e.user,
                assignment_id=a.pk,
                scores={str(c.pk): "85.5" for c in criteria},
                comments="建设任务完成良好。",
                recommendation=recommendation,
            )
            reviews.assignment_transition(actor=e.user, assignment_id=a.pk, action="submit")
        return reviews.panel_opinion_write(
            actor=experts[0].user,
            panel_id=panel.pk,
            opinion="专家组同意通过验收。",
            recommendation=recommendation,
        )

    def conclude(self, acceptance, action, **params):
        return services.acceptance_transition(
            actor=self.province,
            acceptance_id=acceptance.pk,
            action=action,
            params={"conclusion": "经专家组验收。", **params},
        )


def world(*, ends_in_days: int = 30, city_code: str = "320100") -> World:
    today = timezone.localdate()
    ends = today + dt.timedelta(days=ends_in_days)
    starts = ends.replace(year=ends.year - 5)
    province = f.province_user()
    center = f.CenterFactory(
        status="constructing",
        city=f.city(city_code),
        construction_starts_on=starts,
        construction_ends_on=ends,
    )
    contract = Contract.objects.create(
        center=center,
        number=f"HT-{next(_numbers)}",
        signed_on=starts,
        construction_starts_on=starts,
        construction_ends_on=ends,
        rule_set_code="2024",
        signed_by=province,
    )
    targets = [
        ContractTarget.objects.create(
            contract=contract,
            center=center,
            name=name,
            unit=unit,
            target_value=Decimal(value),
            target_year=ends.year,
            order=n,
        )
        for n, (name, unit, value) in enumerate(
            (("发明专利授权", "件", "50"), ("技术合同成交额", "万元", "3000")), start=1
        )
    ]
    return World(
        province=province,
        city=f.city_user(city_code),
        center=center,
        staff=f.center_user(center.host_unit),
        contract=contract,
        targets=targets,
    )
