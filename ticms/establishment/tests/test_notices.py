"""Public notice (公示), objections (异议), approval and contract (第十三条第4项).

The application reaches the notice through the real services; "today" is frozen with
`on(day)` so that the working-day calendar of the period can be checked against the official
2026 holiday schedule."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ticms.accounts.models import Role
from ticms.centers.models import Center, CenterStatus
from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    Conflict,
    GuardFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.establishment import services
from ticms.establishment.effects import construction_end
from ticms.establishment.models import (
    Application,
    ApplicationStatus,
    Contract,
    ContractTarget,
    Objection,
    ObjectionStatus,
    PublicNotice,
)
from ticms.testing import factories as f
from ticms.testing.establishment import eligible_application, pdf_upload, published_guide

pytestmark = pytest.mark.django_db
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


@pytest.fixture
def p() -> Pipeline:
    return notice_on(NATIONAL_DAY)


# --- The notice period (working days) --------------------------------------------------------


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


# --- Boundaries of the period ------------------------------------------------------------------


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


# --- Who may object: never anonymously ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({}, "name", "不受理匿名异议"),
        ({"name": "  ", "contact": " "}, "name", "不受理匿名异议"),
        ({"name": "王实名"}, "contact", "请填写联系方式"),
        ({"contact": "13812345678"}, "name", "真实姓名"),
        ({"unit_name": "南京某公司"}, "stamp", "加盖单位公章"),
    ],
)
def test_anonymous_objection_is_refused_with_what_is_needed(p, data, field, words):
    with on(NATIONAL_DAY), pytest.raises(ValidationFailed) as exc:
        services.objection_submit(notice_id=p.notice.pk, content="有异议。", **data)
    assert any(words in str(m) for m in exc.value.errors[field])
    assert not Objection.objects.exists()
    assert not AuditEvent.objects.filter(action="objection.submit").exists()


def test_stamp_without_the_unit_name_is_refused(p):
    with on(NATIONAL_DAY), pytest.raises(ValidationFailed) as exc:
        stamped(p.notice, unit_name="")
    assert "unit_name" in exc.value.errors


@pytest.mark.parametrize(
    "contact", ["13812345678", "+86 138 1234 5678", "025-83331234", "0512-6788123", "a.b@c.cn"]
)
def test_contact_phone_or_email_accepted(p, contact):
    with on(NATIONAL_DAY):
        assert named(p.notice, contact=contact).contact == contact


@pytest.mark.parametrize("contact", ["12345", "微信abc", "138123456789", "a@", "12812345678"])
def test_implausible_contact_is_refused(p, contact):
    with on(NATIONAL_DAY), pytest.raises(ValidationFailed) as exc:
        named(p.notice, contact=contact)
    assert "手机号码" in str(exc.value.errors["contact"][0])


@pytest.mark.parametrize(
    ("content", "words"), [("", "请填写异议内容"), ("   ", "请填写异议内容"), ("异" * 5001, "5000")]
)
def test_content_is_required_and_limited(p, content, words):
    with on(NATIONAL_DAY), pytest.raises(ValidationFailed) as exc:
        named(p.notice, content=content)
    assert words in str(exc.value.errors["content"][0])


def test_every_problem_is_reported_at_once(p):
    with on(NATIONAL_DAY), pytest.raises(ValidationFailed) as exc:
        services.objection_submit(notice_id=p.notice.pk, name="王" * 101, contact="x")
    assert set(exc.value.errors) == {"name", "contact", "content"}


def test_objection_to_a_missing_notice(p):
    for pk in (p.notice.pk + 100, "abc", 10**30):
        with pytest.raises(NotFound):
            services.objection_submit(notice_id=pk, name="王", contact="13812345678", content="x")


# --- Stamped objections ------------------------------------------------------------------------


def test_stamped_objection_is_accepted_and_its_file_kept(p):
    with on(NATIONAL_DAY):
        objection = stamped(p.notice)
    assert objection.unit_name == "南京某科技有限公司" and objection.name == ""
    assert len(objection.stamp_sha256) == 64
    assert objection.stamp.name == (f"objections/{p.notice.pk}/{objection.stamp_sha256}.pdf")
    with objection.stamp.open("rb") as fh:
        assert fh.read() == b"%PDF-1.4 stamped objection"
    event = AuditEvent.objects.get(action="objection.submit")
    assert event.after["basis"] == "stamped"
    assert event.actor_id is None and event.actor_label == "public"
    assert "南京某科技" not in json.dumps(event.after, ensure_ascii=False)


@pytest.mark.parametrize(
    ("name", "body", "words"),
    [
        ("异议.docx", b"PK\x03\x04 word", "PDF、JPG、PNG"),
        ("异议.exe", b"MZ", "PDF、JPG、PNG"),
        ("异议.pdf", b"not a pdf", "不符"),
        ("异议.png", b"", "空"),
    ],
)
def test_stamp_file_is_checked(p, name, body, words):
    upload = SimpleUploadedFile(name, body)
    with on(NATIONAL_DAY), pytest.raises(ValidationFailed) as exc:
        stamped(p.notice, stamp_upload=upload)
    assert words in str(exc.value.errors["stamp"][0])
    assert not Objection.objects.exists()


def test_jpg_stamp_is_accepted(p):
    upload = SimpleUploadedFile("scan.JPG", b"\xff\xd8\xff\xe0 jpeg data")
    with on(NATIONAL_DAY):
        assert stamped(p.notice, stamp_upload=upload).stamp.name.endswith(".jpg")


# --- Audit and to-dos --------------------------------------------------------------------------


def test_named_objection_audited_without_the_objector_and_province_gets_a_todo(
    p, django_capture_on_commit_callbacks
):
    other_officer = f.province_user()
    f.province_user(is_active=False)
    with on(NATIONAL_DAY), django_capture_on_commit_callbacks(execute=True):
        objection = named(p.notice, name="王实名", contact="wang@example.cn", client_ip="10.1.2.3")
    event = AuditEvent.objects.get(action="objection.submit")
    assert event.actor is None
    assert event.article == "第十三条第4项"
    assert event.after == {
        "objection": objection.pk,
        "receipt_no": objection.receipt_no,
        "notice": p.notice.pk,
        "basis": "named",
        "stamp_sha256": "",
    }
    stored = json.dumps(
        list(AuditEvent.objects.values("after", "before", "comment", "object_repr")),
        ensure_ascii=False,
    )
    assert "王实名" not in stored and "wang@example.cn" not in stored and "10.1.2.3" not in stored
    todos = InboxItem.objects.filter(kind="todo", object_type="establishment.objection")
    assert {t.recipient for t in todos} == {p.province, other_officer}
    url = f"/establishment/notices/{p.notice.pk}/objections/#objection-{objection.pk}"
    assert all(t.url == url and t.done_at is None for t in todos)
    # Handling closes the to-do.
    with django_capture_on_commit_callbacks(execute=True):
        handle(p, objection, "dismiss")
    assert not todos.filter(done_at__isnull=True).exists()
    assert verify_chain().ok


# --- Handling and its effect on the approval ---------------------------------------------------


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


# --- The contract -------------------------------------------------------------------------------


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


# --- Province pages ----------------------------------------------------------------------------


def _objections_url(p):
    return f"/establishment/notices/{p.notice.pk}/objections/"


def test_objections_page_is_the_provinces(client, p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
        stamped(p.notice)
    client.force_login(p.province)
    with on(D(2026, 10, 9)):
        html = client.get(_objections_url(p)).content.decode()
    assert "王实名" in html and "13812345678" in html and "南京某科技有限公司" in html
    assert f"/establishment/objections/{objection.pk}/actions/uphold/" in html
    assert f"/establishment/objections/{objection.pk}/actions/dismiss/" in html
    assert "共 2 条，待处理 2 条" in html
    assert "尚有 2 条异议未处理" in html  # why 批准组建 is not possible yet
    other_city = f.city_user("320500")
    for user in (p.city, p.applicant, other_city, f.role_user(Role.EXPERT)):
        client.force_login(user)
        assert client.get(_objections_url(p)).status_code == 404
    client.logout()
    assert client.get(_objections_url(p)).status_code == 302  # to the login page
    client.force_login(p.province)
    assert client.get("/establishment/notices/999999/objections/").status_code == 404


def test_objections_page_offers_the_decision_the_objections_allow(client, p):
    with on(NATIONAL_DAY):
        first, second = named(p.notice), stamped(p.notice)
    actions = f"/establishment/applications/{p.application.pk}/actions/"
    client.force_login(p.province)
    handle(p, first, "dismiss")
    with on(after_end(p)):
        html = client.get(_objections_url(p)).content.decode()
    assert "尚有 1 条异议未处理" in html
    assert f"{actions}approve/" not in html and f"{actions}stop_after_objection/" not in html
    handle(p, second, "uphold")
    with on(after_end(p)):
        html = client.get(_objections_url(p)).content.decode()
    assert "公示期间有异议成立" in html
    assert f"{actions}approve/" not in html and f"{actions}stop_after_objection/" in html


def test_objections_page_offers_approval_when_clear(client, p):
    with on(NATIONAL_DAY):
        handle(p, named(p.notice), "dismiss")
    client.force_login(p.province)
    with on(NATIONAL_DAY_END):
        html = client.get(_objections_url(p)).content.decode()
    assert "公示期至 2026-10-12 结束" in html
    assert f"/establishment/applications/{p.application.pk}/actions/approve/" not in html
    with on(after_end(p)):
        html = client.get(_objections_url(p)).content.decode()
    assert "可以批准组建" in html
    assert f"/establishment/applications/{p.application.pk}/actions/approve/" in html
    assert "stop_after_objection" not in html


def test_objection_handled_on_its_page(client, p):
    with on(NATIONAL_DAY):
        objection = named(p.notice)
    url = f"/establishment/objections/{objection.pk}/actions/uphold/"
    client.force_login(p.city)
    assert client.get(url).status_code == 404
    assert client.post(url, {"comment": "x"}).status_code == 404
    client.force_login(p.province)
    page = client.get(url)
    assert page.status_code == 200 and "该单位研发场地面积不实" in page.content.decode()
    refused = client.post(url, {"comment": ""})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    done = client.post(url, {"comment": "经核实，异议属实。"})
    assert done.status_code == 302
    assert done["Location"].endswith(f"{_objections_url(p)}#objection-{objection.pk}")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert client.get(url).status_code == 409  # already handled
    assert client.get(f"/establishment/objections/{objection.pk}/actions/nope/").status_code == 404


def test_stamp_file_is_for_the_province_only(client, p):
    with on(NATIONAL_DAY):
        objection = stamped(p.notice)
        plain = named(p.notice)
    url = f"/establishment/objections/{objection.pk}/stamp/"
    client.force_login(p.province)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 stamped objection"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/establishment/objections/{plain.pk}/stamp/").status_code == 404
    for user in (p.city, f.city_user("320500"), p.applicant, f.role_user(Role.SYSADMIN)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_contract_page(client, p):
    approved(p)
    url = f"/establishment/applications/{p.application.pk}/contract/"
    client.force_login(p.province)
    assert client.get(url).status_code == 404  # not signed yet
    sign(p, D(2026, 10, 15))
    for user in (p.province, p.city, p.applicant):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "JS-TIC-2026-001" in html and "突破关键核心技术" in html
        assert "2026-10-15 至 2031-10-14" in html and "5 年" in html
        assert p.application.rule_set_code in html
        assert "苏科技发〔2026〕88号" in html
    for user in (f.city_user("320500"), f.role_user(Role.CENTER)):
        client.force_login(user)
        assert client.get(url).status_code == 404


# --- API ----------------------------------------------------------------------------------------

API = "/api/v1"


def test_api_notices_are_public(client, p):
    with on(D(2026, 10, 9)):
        listing = client.get(f"{API}/notices")
        detail = client.get(f"{API}/notices/{p.notice.pk}")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1
    item = listing.json()["items"][0]
    assert item["ends_on"] == "2026-10-12" and item["workdays"] == 5
    assert item["accepting_objections"] is True
    assert detail.status_code == 200 and detail.json()["body"] == p.notice.body
    with on(D(2026, 10, 13)):
        closed = client.get(f"{API}/notices/{p.notice.pk}").json()
    assert (
        closed["accepting_objections"] is False and "2026-10-12" in closed["not_accepting_reason"]
    )
    assert client.get(f"{API}/notices/{p.notice.pk + 50}").status_code == 404
    assert client.get(f"{API}/notices/{2**70}").status_code in (404, 422)
    assert client.get(f"{API}/notices?limit=0").status_code == 422


def test_api_objection_submit(client, p):
    url = f"{API}/notices/{p.notice.pk}/objections"
    body = {"name": "王实名", "contact": "13812345678", "content": "有异议。"}
    with on(NATIONAL_DAY):
        created = client.post(url, body, content_type="application/json")
        anonymous = client.post(url, {"content": "匿名"}, content_type="application/json")
        unit = client.post(
            url, {"unit_name": "某公司", "content": "x"}, content_type="application/json"
        )
        bad = client.post(url, {**body, "contact": "abc", "content": ""}, "application/json")
        missing = client.post(f"{API}/notices/999999/objections", body, "application/json")
        not_json = client.post(url, "{", content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["basis"] == "named" and created.json()["status"] == "pending"
    assert anonymous.status_code == 422
    assert anonymous.json()["detail"][0]["field"] == "name"
    assert "匿名" in anonymous.json()["detail"][0]["msg"]
    assert unit.status_code == 422
    stamp = [d for d in unit.json()["detail"] if d["field"] == "stamp"]
    assert stamp and "公示页面" in stamp[0]["msg"]
    assert {d["field"] for d in bad.json()["detail"]} == {"contact", "content"}
    assert missing.status_code == 404
    assert not_json.status_code == 400
    with on(NATIONAL_DAY_END + ONE_DAY):
        late = client.post(url, body, content_type="application/json")
    assert late.status_code == 409 and "不再受理" in late.json()["detail"]
    assert Objection.objects.count() == 1


def test_api_objections_are_the_provinces(client, p):
    with on(NATIONAL_DAY):
        objection = stamped(p.notice)
    url = f"{API}/notices/{p.notice.pk}/objections"
    act = f"{API}/objections/{objection.pk}/transitions"
    assert client.get(url).status_code == 401
    assert client.post(f"{act}/uphold", {"comment": "x"}, "application/json").status_code == 401
    client.force_login(p.city)
    assert client.get(url).status_code == 404
    assert client.post(f"{act}/uphold", {"comment": "x"}, "application/json").status_code == 404
    client.force_login(p.province)
    rows = client.get(url).json()
    assert rows[0]["unit_name"] == "南京某科技有限公司"
    assert rows[0]["stamp_url"] == f"/establishment/objections/{objection.pk}/stamp/"
    assert {a["action"] for a in rows[0]["actions"]} == {"uphold", "dismiss"}
    no_reason = client.post(f"{act}/uphold", {"comment": ""}, "application/json")
    assert no_reason.status_code == 422 and no_reason.json()["detail"][0]["field"] == "comment"
    done = client.post(f"{act}/uphold", {"comment": "异议属实。"}, "application/json")
    assert done.status_code == 200 and done.json()["status"] == "upheld"
    assert done.json()["actions"] == []
    again = client.post(f"{act}/dismiss", {"comment": "x"}, "application/json")
    assert again.status_code == 409
    assert client.post(f"{act}/nope", {"comment": "x"}, "application/json").status_code == 404


def test_the_same_objection_twice_is_one_objection(p):
    with on(NATIONAL_DAY):
        first = named(p.notice)
        with pytest.raises(Conflict) as exc:
            named(p.notice)
        assert f"受理编号 {first.receipt_no}" in str(exc.value.message)
        named(p.notice, content="另一事项：仪器设备原值不实。")  # a different objection counts
    assert p.notice.objections.count() == 2


def test_approval_is_shown_disabled_with_its_reason_until_the_period_ends(client, p):
    client.force_login(p.province)
    url = p.application.get_absolute_url()
    action = f"/establishment/applications/{p.application.pk}/actions/approve/"
    with on(p.notice.ends_on):
        page = client.get(url).content.decode()
    assert "期满后方可批准组建" in page and action not in page
    with on(p.notice.ends_on + dt.timedelta(days=1)):
        page = client.get(url).content.decode()
        api = client.get(f"/api/v1/applications/{p.application.pk}").json()
    assert action in page and "期满后方可批准组建" not in page
    approve = next(a for a in api["actions"] if a["action"] == "approve")
    assert approve["not_ready"] == []


def test_stopping_is_offered_only_after_an_upheld_objection(client, p):
    client.force_login(p.province)
    action = f"/establishment/applications/{p.application.pk}/actions/stop_after_objection/"
    with on(NATIONAL_DAY):
        page = client.get(p.application.get_absolute_url()).content.decode()
        assert "异议成立，终止组建" not in page
        objection = named(p.notice)
        services.objection_transition(
            actor=p.province, objection_id=objection.pk, action="uphold", comment="经核实属实"
        )
        page = client.get(p.application.get_absolute_url()).content.decode()
    assert action in page
