"""Objections to a public notice (异议, 第十三条第4项): never anonymous (a real name and contact, or
a unit with its stamp), every problem reported at once, the stamp file checked and kept,
audited without the objector with a to-do for the province; the same objection twice is one."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ticms.common.audit import verify_chain
from ticms.common.exceptions import (
    Conflict,
    NotFound,
    ValidationFailed,
)
from ticms.common.models import AuditEvent, InboxItem
from ticms.establishment import services
from ticms.establishment.models import (
    Objection,
)
from ticms.testing import factories as f

from .notice_helpers import (
    NATIONAL_DAY,
    handle,
    named,
    on,
    stamped,
)

pytestmark = pytest.mark.django_db


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


def test_the_same_objection_twice_is_one_objection(p):
    with on(NATIONAL_DAY):
        first = named(p.notice)
        with pytest.raises(Conflict) as exc:
            named(p.notice)
        assert f"受理编号 {first.receipt_no}" in str(exc.value.message)
        named(p.notice, content="另一事项：仪器设备原值不实。")  # a different objection counts
    assert p.notice.objections.count() == 2
