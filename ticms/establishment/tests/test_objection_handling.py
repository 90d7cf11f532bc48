"""Handling objections and its effect on the approval: a pending or upheld objection blocks it, an
upheld one allows stopping, dismissed ones allow approval; reasons required, handled once, by
the province only."""

from __future__ import annotations

import pytest

from ticms.accounts.models import Role
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.establishment import services
from ticms.establishment.models import (
    ApplicationStatus,
    ObjectionStatus,
)
from ticms.testing import factories as f

from .notice_helpers import (
    NATIONAL_DAY,
    D,
    after_end,
    approve,
    handle,
    named,
    on,
    stamped,
)

pytestmark = pytest.mark.django_db


def test_pending_objection_blocks_approval(p):
    with on(NATIONAL_DAY):
        named(p.notice)
    with on(after_end(p)), pytest.raises(GuardFailed) as exc:
        approve(p, after_end(p))
    assert any("1 条异议未处理" in str(m) for m in exc.value.problems)


def test_handling_needs_reasons(p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    with pytest.raises(ValidationFailed) as exc:
        handle(p, objection, "uphold", comment="  ")
    assert "comment" in exc.value.errors
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING


def test_upheld_objection_blocks_approval_and_allows_stopping(p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    handle(p, objection, "uphold", comment="经核实，研发场地面积不足。")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert objection.handled_by == p.province and objection.handled_at is not None
    assert objection.handling_reason == "经核实，研发场地面积不足。"
    with on(after_end(p)), pytest.raises(GuardFailed) as exc:
        approve(p, after_end(p))
    assert any("异议成立" in str(m) for m in exc.value.problems)
    with on(D(2026, 10, 9)):
        services.application_transition(
            actor=p.province,
            application_id=p.application.pk,
            action="stop_after_objection",
            comment="异议成立，终止组建。",
        )
        p.refresh()
        assert p.application.status == ApplicationStatus.REJECTED
        # Still inside the period, but nothing is left to object to.
        with pytest.raises(Conflict) as exc:
            named(p.notice)
    assert "已办结" in str(exc.value.message)


def test_stopping_needs_an_upheld_objection(p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    handle(p, objection, "dismiss")
    with pytest.raises(GuardFailed):
        services.application_transition(
            actor=p.province,
            application_id=p.application.pk,
            action="stop_after_objection",
            comment="终止。",
        )


def test_dismissed_objections_allow_approval(p):
    with on(NATIONAL_DAY):
        first, second = named(p.notice), stamped(p.notice)
    handle(p, first, "dismiss")
    handle(p, second, "dismiss", comment="共建协议经核实有效。")
    with on(after_end(p)):
        approve(p, after_end(p))
    p.refresh()
    assert p.application.status == ApplicationStatus.APPROVED


def test_an_objection_is_handled_once(p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    handle(p, objection, "dismiss")
    with pytest.raises(Conflict):
        handle(p, objection, "uphold")


@pytest.mark.parametrize("role", ["city", "applicant", Role.EXPERT, Role.SYSADMIN])
def test_only_the_province_handles_objections(p, role):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    actor = {"city": p.city, "applicant": p.applicant}.get(role) or f.role_user(role)
    with pytest.raises((NotFound, PermissionDenied)):
        services.objection_transition(
            actor=actor, objection_id=objection.pk, action="uphold", comment="x"
        )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
