"""What the public-notice tests share: an application taken to 公示 through the services on a given
day, "today" frozen with `on(day)` so that the working-day calendar of the period can be checked
against the official 2026 holiday schedule, objections named or stamped, their handling, the
approval and the contract."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.utils import timezone

from ticms.establishment import services
from ticms.establishment.models import (
    Application,
    ApplicationStatus,
    Objection,
    PublicNotice,
)
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, pdf_upload, published_guide

D = dt.date


ONE_DAY = dt.timedelta(days=1)


# Wednesday 30 Sep 2026, the last working day before the National Day holiday. The State
# Council's 2026 schedule: 1–7 Oct off, Saturday 10 Oct worked. Five working days from it:
# Wed 30 Sep (1), Thu 8 Oct (2), Fri 9 Oct (3), Sat 10 Oct (4, made a workday), Mon 12 Oct (5).
NATIONAL_DAY = D(2026, 9, 30)


NATIONAL_DAY_END = D(2026, 10, 12)


FORMAL_CHECKS = {
    "check_sections": True,
    "check_materials": True,
    "check_units": True,
    "check_commitment": True,
}


_real_localdate = timezone.localdate


@contextmanager
def on(day: dt.date):
    """Freeze "today" (timezone.localdate) at `day`; conversions of a given value still work."""

    def fake(value=None, timezone=None):
        return day if value is None else _real_localdate(value, timezone)

    with mock.patch("django.utils.timezone.localdate", side_effect=fake):
        yield


@dataclass
class Pipeline:
    province: object
    city: object
    applicant: object
    application: Application
    notice: PublicNotice

    def refresh(self) -> Pipeline:
        self.application.refresh_from_db()
        self.notice.refresh_from_db()
        return self


def notice_on(day: dt.date, *, province=None, guide=None, host=None, **notice_params) -> Pipeline:
    """An application taken to 公示 on `day` through the services."""
    with on(day):
        province = province or f.province_user()
        guide = guide or published_guide(province=province)
        application = eligible_application(guide, host=host)
        applicant = application.created_by
        pk = application.pk
        services.application_transition(actor=applicant, application_id=pk, action="submit")
        city = f.city_user(application.city.code)
        services.application_transition(actor=city, application_id=pk, action="recommend")
        services.application_transition(
            actor=province,
            application_id=pk,
            action="pass_formal_review",
            params=FORMAL_CHECKS,
            # A second application in the same sub-field needs a written override (第四条).
            comment="形式审查通过。",
        )
        # TEST SETUP ONLY: expert argumentation (reviews app) is built elsewhere; the state it
        # would end in (decision, 第十三条第3项) is set directly. Everything else is real.
        Application.objects.filter(pk=pk, status=ApplicationStatus.ARGUMENTATION).update(
            status=ApplicationStatus.DECISION
        )
        services.application_transition(
            actor=province,
            application_id=pk,
            action="approve_for_notice",
            params=notice_params,
            # The decision re-checks 第四条 too: the same written override.
            comment="经研究同意公示。",
        )
    application.refresh_from_db()
    return Pipeline(province, city, applicant, application, application.notices.get())


def named(notice: PublicNotice, **kw) -> Objection:
    data = {"name": "王实名", "contact": "13812345678", "content": "该单位研发场地面积不实。"}
    return services.objection_submit(notice_id=notice.pk, **{**data, **kw})


def stamped(notice: PublicNotice, **kw) -> Objection:
    data = {
        "unit_name": "南京某科技有限公司",
        "stamp_upload": pdf_upload("盖章异议.pdf", b"%PDF-1.4 stamped objection"),
        "content": "共建协议未经我单位同意。",
    }
    return services.objection_submit(notice_id=notice.pk, **{**data, **kw})


def approve(p: Pipeline, day: dt.date, **kw):
    return services.application_transition(
        actor=p.province,
        application_id=p.application.pk,
        action="approve",
        params={"approval_doc_no": "苏科技发〔2026〕88号", "approved_on": day, **kw},
    )


def handle(p: Pipeline, objection: Objection, action: str, comment="经核实，理由如下。"):
    return services.objection_transition(
        actor=p.province, objection_id=objection.pk, action=action, comment=comment
    )


def after_end(p: Pipeline) -> dt.date:
    return p.notice.ends_on + ONE_DAY


def approved(p: Pipeline) -> Pipeline:
    with on(after_end(p)):
        approve(p, after_end(p))
    return p.refresh()


def sign(p: Pipeline, day: dt.date, number="JS-TIC-2026-001", **params):
    with on(day):
        return services.application_transition(
            actor=p.province,
            application_id=p.application.pk,
            action="sign_contract",
            params={"contract_no": number, "signed_on": day, **params},
        )


API = "/api/v1"
