"""The contract (第十三条第4项): it creates the center in its construction period (from 29 February
too), with an unbroken audit trail from the notice; refusals, and a unique number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ticms.centers.models import Center, CenterStatus
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    GuardFailed,
    ValidationFailed,
)
from ticms.common.models import AuditEvent
from ticms.establishment.effects import construction_end
from ticms.establishment.models import (
    ApplicationStatus,
    Contract,
    ContractTarget,
)

from .notice_helpers import (
    NATIONAL_DAY,
    D,
    approved,
    handle,
    named,
    notice_on,
    on,
    sign,
)

pytestmark = pytest.mark.django_db


def test_contract_creates_the_center_in_its_construction_period(p):
    approved(p)
    sign(p, D(2026, 10, 15))
    p.refresh()
    application = p.application
    assert application.status == ApplicationStatus.CONTRACTED
    contract = Contract.objects.get(application=application)
    center = application.center
    assert contract.center == center
    assert center.status == CenterStatus.CONSTRUCTING
    assert center.name == application.center_name and center.host_unit == application.host_unit
    assert center.approval_doc_no == "苏科技发〔2026〕88号"
    assert center.approved_on == D(2026, 10, 13)
    # 5 years by default, counted from the contract date.
    assert contract.construction_years == 5
    assert (contract.construction_starts_on, contract.construction_ends_on) == (
        D(2026, 10, 15),
        D(2031, 10, 14),
    )
    assert (center.construction_starts_on, center.construction_ends_on) == (
        D(2026, 10, 15),
        D(2031, 10, 14),
    )
    assert contract.rule_set_code == application.rule_set_code != ""
    # The 考核指标 carry over from the application (fill once).
    source = list(application.targets.values_list("name", "unit", "target_value", "target_year"))
    copied = list(
        ContractTarget.objects.filter(contract=contract, center=center).values_list(
            "name", "unit", "target_value", "target_year"
        )
    )
    assert copied == source == [("突破关键核心技术", "项", Decimal("10.00"), 2031)]
    assert center.team_members.count() == application.team_members.count()


def test_audit_trail_from_notice_to_contract(p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    handle(p, objection, "dismiss")
    approved(p)
    sign(p, D(2026, 10, 15))
    actions = list(
        AuditEvent.objects.filter(seq__gt=0).order_by("seq").values_list("action", flat=True)
    )
    tail = actions[actions.index("application.approve_for_notice") :]
    # Signing also registers the co-builders as organisations (fill once); not checked here.
    tail = [a for a in tail if a != "organisation.create"]
    assert tail == [
        "application.approve_for_notice",
        "objection.submit",
        "objection.dismiss",
        "application.approve",
        "center.establish",
        "application.sign_contract",
    ]
    signed = AuditEvent.objects.get(action="application.sign_contract")
    assert signed.after["status"] == "contracted"
    assert signed.after["params"]["contract_no"] == "JS-TIC-2026-001"
    assert signed.article == "第十三条第4项"
    dismissed = AuditEvent.objects.get(action="objection.dismiss")
    assert dismissed.comment == "经核实，理由如下。" and dismissed.actor == p.province
    assert verify_chain().ok


@pytest.mark.parametrize(
    ("signed_on", "years", "ends_on"),
    [
        (D(2028, 2, 29), None, D(2033, 2, 28)),  # no 29 Feb in 2033: the period ends on the 28th
        (D(2028, 2, 29), "4", D(2032, 2, 28)),  # a leap year again: the day before 29 Feb
        (D(2028, 3, 1), None, D(2033, 2, 28)),
    ],
)
def test_construction_period_from_29_february(p, signed_on, years, ends_on):
    approved(p)
    params = {"construction_years": years} if years else {}
    sign(p, signed_on, **params)
    contract = Contract.objects.get()
    assert contract.construction_starts_on == signed_on
    assert contract.construction_ends_on == ends_on
    assert contract.center.construction_ends_on == ends_on
    assert construction_end(signed_on, int(years or 5)) == ends_on


def test_contract_refusals(p):
    approved(p)
    with pytest.raises(GuardFailed) as exc:
        sign(p, D(2026, 10, 12))  # before the approval of 13 Oct
    assert any("不能早于批准组建日期" in str(m) for m in exc.value.problems)
    with pytest.raises(ValidationFailed) as exc:
        sign(p, D(2026, 10, 20), construction_years="11")
    assert "construction_years" in exc.value.errors
    with pytest.raises(ValidationFailed):
        sign(p, D(2026, 10, 20), signed_on=D(2026, 10, 21))  # not in the future
    assert not Contract.objects.exists() and not Center.objects.exists()
    p.refresh()
    assert p.application.status == ApplicationStatus.APPROVED


def test_contract_number_is_unique(p):
    approved(p)
    sign(p, D(2026, 10, 15))
    other = approved(notice_on(NATIONAL_DAY, province=p.province))
    with pytest.raises(GuardFailed) as exc:
        sign(other, D(2026, 10, 16))
    assert any("已被使用" in str(m) for m in exc.value.problems)
