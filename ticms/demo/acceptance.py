"""One acceptance in progress in the demo (第七条第3项): a center whose five-year construction
period has just ended applied with its self-assessment and its city gave its opinion; the
province has it on its list to form the acceptance panel."""

from __future__ import annotations

from ticms.accounts.models import Role, User
from ticms.evaluation import acceptance_services as acceptance

SELF_ASSESSMENT = (
    "建设期内围绕合同约定的建设任务和考核指标，完成创新药物关键共性技术平台建设；"
    "发明专利授权、技术合同成交额等考核指标完成情况见年度报告。"
    "已建立理事会领导下的主任负责制，市场化收入逐年提高。"
)
CITY_OPINION = "经审核，该中心已完成合同约定的主要建设任务，同意报省科技厅组织验收。"


def seed_acceptance(center) -> None:
    staff = User.objects.filter(role=Role.CENTER, organisation=center.host_unit).first()
    city = User.objects.filter(role=Role.CITY, city=center.city).first()
    record = acceptance.acceptance_create(
        actor=staff, center_id=center.pk, self_assessment=SELF_ASSESSMENT
    )
    acceptance.acceptance_transition(actor=staff, acceptance_id=record.pk, action="submit")
    acceptance.acceptance_transition(
        actor=city,
        acceptance_id=record.pk,
        action="city_opinion",
        params={"opinion": CITY_OPINION},
    )
