"""The notice period (公示, 第十三条第4项) in working days: across the National Day holiday,
given by the province or starting on a rest day, never below five; objections accepted up to
its last day, the approval only after it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    ValidationFailed,
)
from ticms.establishment import services
from ticms.establishment.models import (
    Application,
    ApplicationStatus,
    Objection,
    ObjectionStatus,
    PublicNotice,
)
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, published_guide

from .notice_helpers import (
    NATIONAL_DAY,
    NATIONAL_DAY_END,
    ONE_DAY,
    D,
    approve,
    named,
    notice_on,
    on,
)

pytestmark = pytest.mark.django_db


def test_notice_period_runs_across_the_national_day_holiday(p):
    n = p.notice
    assert (n.starts_on, n.ends_on, n.workdays) == (NATIONAL_DAY, NATIONAL_DAY_END, 5)
    assert p.application.status == ApplicationStatus.NOTICE
    assert p.application.center_name in n.title
    assert p.application.host_unit.name in n.body
    assert p.application.rule_set_code


@pytest.mark.parametrize(
    ("day", "params", "ends_on"),
    [
        # Seven working days from 30 Sep: ... 12 Oct (5), Tue 13 Oct (6), Wed 14 Oct (7).
        (NATIONAL_DAY, {"notice_workdays": "7"}, D(2026, 10, 14)),
        # Published on Saturday 28 Nov: counting starts on Monday 30 Nov.
        (D(2026, 11, 28), {}, D(2026, 12, 4)),
    ],
)
def test_notice_period_given_by_the_province_or_starting_on_a_rest_day(day, params, ends_on):
    notice = notice_on(day, **params).notice
    assert notice.starts_on == day and notice.ends_on == ends_on


def test_notice_period_below_five_workdays_is_refused():
    with on(NATIONAL_DAY):
        province = f.province_user()
        application = eligible_application(published_guide(province=province))
        Application.objects.filter(pk=application.pk).update(
            status=ApplicationStatus.DECISION, submitted_at=timezone.now()
        )  # TEST SETUP ONLY: the path to 研究决定 is covered above
        with pytest.raises(ValidationFailed) as exc:
            services.application_transition(
                actor=province,
                application_id=application.pk,
                action="approve_for_notice",
                params={"notice_workdays": "4"},
            )
    assert "notice_workdays" in exc.value.errors
    assert not PublicNotice.objects.exists()


def test_objection_accepted_on_the_last_day_and_refused_the_day_after(p):
    with on(NATIONAL_DAY_END):
        assert named(p.notice).status == ObjectionStatus.PENDING
    with on(NATIONAL_DAY_END + ONE_DAY), pytest.raises(Conflict) as exc:
        named(p.notice)
    assert "2026-10-12" in str(exc.value.message) and "不再受理" in str(exc.value.message)
    assert Objection.objects.count() == 1


def test_objection_during_the_holiday_is_accepted(p):
    # Calendar days of the holiday are inside the period even though they are not counted.
    with on(D(2026, 10, 3)):
        named(p.notice)
    assert Objection.objects.count() == 1


def test_approve_refused_on_the_last_day_and_allowed_the_day_after(p):
    with on(NATIONAL_DAY_END), pytest.raises(GuardFailed) as exc:
        approve(p, NATIONAL_DAY_END)
    assert any("2026-10-12" in str(m) and "5个工作日" in str(m) for m in exc.value.problems)
    day_after = NATIONAL_DAY_END + ONE_DAY
    with on(day_after):
        approve(p, day_after)
    p.refresh()
    assert p.application.status == ApplicationStatus.APPROVED
    assert p.application.approval_doc_no == "苏科技发〔2026〕88号"
    assert p.application.approved_on == day_after


def test_approval_date_must_follow_the_period(p):
    with on(D(2026, 10, 20)), pytest.raises(GuardFailed) as exc:
        approve(p, NATIONAL_DAY_END)
    assert any("批准日期须晚于公示截止日期" in str(m) for m in exc.value.problems)
